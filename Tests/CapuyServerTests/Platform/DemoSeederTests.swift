@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Demo province")
struct DemoSeederTests {
    @Test("The demo fills an empty database with a believable province, once")
    func seeds() async throws {
        try await TestApp.withApp { app in
            try await DemoSeeder.seedIfEmpty(app)
            let units = try await Organization.query(on: app.db).all()
            #expect(units.count > 40)
            #expect(Set(units.map(\.kind)).isSuperset(of: [.provincialCommittee, .communeCommittee, .grassrootsCommittee, .grassrootsCell, .cell]))
            #expect(Set(units.map(\.sector)).count >= 4)
            #expect(units.contains { $0.name == "Đảng bộ phường Đồng Hới" })
            let members = try await Member.query(on: app.db).count()
            #expect(members > 200 && members < 600)
            #expect(try await Member.query(on: app.db).filter(\.$fullName == "Nguyễn Văn Nên").count() >= 1)
            #expect(try await Position.query(on: app.db).filter(\.$titleRaw == "statePost").count() >= 6)
            #expect(try await User.query(on: app.db).filter(\.$username == "admin").count() == 1)
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
            // DESIGN.md Rollups: built through the services, so the counts agree with a recount.
            try await Rollup.expectClean(app)
            try await DemoSeeder.seedIfEmpty(app)
            #expect(try await Organization.query(on: app.db).count() == units.count)
        }
    }
}
