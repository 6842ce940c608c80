@testable import CapuyServer
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

// DESIGN.md, Audit: every change writes an audit event in its transaction, each hashing the previous one.
@Suite("Audit chain")
struct AuditChainTests {
    @Test("Changes write chained events; verify accepts an intact chain")
    func intact() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.member(app, "Trần Thị Lan", in: f.a1, card: "44000001")
            let events = try await AuditEvent.query(on: app.db).sort(\.$seq).all()
            #expect(events.map(\.seq) == Array(1...events.count))
            #expect(events.count == 7) // six units and one member
            #expect(events.last?.action == "member.create")
            #expect(events.last?.after?.contains("Trần Thị Lan") == true)
            for (prev, next) in zip(events, events.dropFirst()) { #expect(next.prevHash == prev.hash) }
            let report = try await AuditVerifier.verify(on: app.db)
            #expect(report.isIntact)
            #expect(report.checked == 7)
        }
    }

    @Test("A row edited behind the app's back breaks verification at that row")
    func tampered() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.member(app, "Trần Thị Lan", in: f.a1)
            try await (app.db as! any SQLDatabase).raw("UPDATE audit_events SET actor_name = 'someone else' WHERE seq = 3").run()
            let report = try await AuditVerifier.verify(on: app.db)
            #expect(!report.isIntact)
            #expect(report.checked == 2)
            #expect(report.problem?.contains("3") == true)
        }
    }

    @Test("Deleting the newest rows is detected through the chain head")
    func truncated() async throws {
        try await TestApp.withApp { app in
            _ = try await Fixture.make(app)
            try await (app.db as! any SQLDatabase).raw("DELETE FROM audit_events WHERE seq = 6").run()
            let report = try await AuditVerifier.verify(on: app.db)
            #expect(!report.isIntact)
            #expect(report.checked == 5)
        }
    }

    @Test("A change that fails writes neither its data nor its audit event")
    func atomic() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let before = try await AuditEvent.query(on: app.db).count()
            // A second unit with a taken code fails inside the service, after validation.
            await #expect(throws: (any Error).self) {
                _ = try await app.db.write(as: .system) { tx, trail in
                    let org = Organization()
                    org.id = UUID(); org.code = "A"; org.name = "x"; org.nameFolded = "x"; org.kindRaw = "cell"
                    org.sectorRaw = "other"; org.path = f.a.path + ".0099"; org.depth = 2; org.childSeq = 0
                    trail.record("organization.create", entity: "organization", id: org.id!, path: org.path, after: OrganizationDTO(org))
                    try await org.create(on: tx)
                }
            }
            #expect(try await AuditEvent.query(on: app.db).count() == before)
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
        }
    }
}

@Suite("Audit display")
struct AuditChangeTests {
    @Test("Only changed fields are shown, identifiers left out")
    func diff() {
        let changes = AuditChange.diff(before: #"{"id":"X","name":"Chi bộ 1","sector":"residential","closedOn":null}"#,
                                       after: #"{"id":"X","name":"Chi bộ Một","sector":"residential","closedOn":"2025-07-01"}"#)
        #expect(changes == [AuditChange(field: "closedOn", before: "", after: "2025-07-01"),
                            AuditChange(field: "name", before: "Chi bộ 1", after: "Chi bộ Một")])
        #expect(AuditChange.diff(before: nil, after: #"{"depth":2}"#) == [AuditChange(field: "depth", before: "", after: "2")])
    }
}
