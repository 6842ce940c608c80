@testable import CapuyServer
import CapuyCore
import Crypto
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// Issue 14: `capuy keys rotate` re-seals every identity under a new data
/// key, all or nothing, on the audit trail (R-CASE-4: identities sealed).
@Suite("Data key rotation: every identity re-sealed, all or nothing, audited (R-CASE-4, issue 14)")
struct KeyRotationTests {
    struct Row: Decodable { let id: UUID; let identity_sealed: String; let identity_fingerprint: String? }

    static func rows(_ app: Application) async throws -> [Row] {
        try await app.db.sql.select().columns("id", "identity_sealed", "identity_fingerprint").from(CitizenCase.schema)
            .where("identity_sealed", .isNot, SQLLiteral.null).orderBy("id").all(decoding: Row.self)
    }

    @Test("R-CASE-4: after rotation every identity opens with the new key only, fingerprints follow it, one audit event")
    func rotates() async throws {
        try await TestApp.withApp { app in
            // given: three identified submissions and one anonymous
            let w = try await CaseWorld.make(app)
            for i in 0..<3 {
                _ = try await w.submit(CaseWorld.submission(kind: "complaint", title: "Khiếu nại số \(["một", "hai", "ba"][i])",
                                                            about: w.f.a1, identity: CaseWorld.identity))
            }
            _ = try await w.submit(CaseWorld.submission(about: w.f.a1))
            let old = app.capuy.dataKey, new = DataKey(key: SymmetricKey(size: .bits256))
            // when
            let report = try await KeyRotation.reseal(from: old, to: new, on: app.db)
            // then
            #expect(report.resealed == 3)
            for row in try await Self.rows(app) {
                let identity = try SubmitterIdentity.open(row.identity_sealed, with: new)
                #expect(identity.name == CaseWorld.name)
                #expect((try? SubmitterIdentity.open(row.identity_sealed, with: old)) == nil)
                #expect(row.identity_fingerprint == identity.fingerprint(with: new))
            }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "keys.rotate").count() == 1)
            #expect(try await AuditVerifier.verify(on: app.db).problem == nil)
        }
    }

    @Test("R-CASE-4: one seal the current key cannot open stops the rotation, and no identity changes")
    func allOrNothing() async throws {
        try await TestApp.withApp { app in
            // given: two identified cases, one of them sealed under a stray key
            let w = try await CaseWorld.make(app)
            for title in ["Khiếu nại thứ nhất", "Khiếu nại thứ hai"] {
                _ = try await w.submit(CaseWorld.submission(kind: "complaint", title: title, about: w.f.a1, identity: CaseWorld.identity))
            }
            let stray = DataKey(key: SymmetricKey(size: .bits256))
            let first = try #require(try await Self.rows(app).first)
            let strange = try SubmitterIdentity(name: "Người lạ", address: nil, phone: "0900000000", email: nil, idNumber: nil).seal(with: stray)
            try await app.db.sql.update(CitizenCase.schema).set("identity_sealed", to: SQLBind(strange)).where("id", .equal, first.id).run()
            let before = try await Self.rows(app).map(\.identity_sealed)
            // when / then
            await #expect(throws: KeyRotation.Failure.self) {
                try await KeyRotation.reseal(from: app.capuy.dataKey, to: DataKey(key: SymmetricKey(size: .bits256)), on: app.db)
            }
            #expect(try await Self.rows(app).map(\.identity_sealed) == before)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "keys.rotate").count() == 0)
        }
    }
}
