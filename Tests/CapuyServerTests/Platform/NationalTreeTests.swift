@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor

/// Issue 19: the bench commands build their trees with the generator's
/// pipelined rows; the tree must be written, whole, by the time `build`
/// returns (it once returned with the writes still queued, and
/// `capuy bench documents` stopped without a word).
@Suite("The benchmark's national tree is written when built (issue 19)")
struct NationalTreeTests {
    @Test("34 provinces, 3,321 communes and one grassroots organization each, all readable at once, rollups clean")
    func built() async throws {
        try await TestApp.withApp { app in
            // given
            let units = try AdminUnits.load(root: AppPaths.root(app))
            // when
            let tree = try await NationalTree.build(units: units, grassrootsPerCommune: 1, on: app.db)
            // then
            #expect(tree.communes == 3321 && tree.grassroots == 3321)
            let central = try #require(try await Organization.find(tree.central, on: app.db))
            #expect(central.kindRaw == OrganizationKind.central.rawValue)
            #expect(try await Organization.query(on: app.db).count() == 1 + 34 + 3321 + 3321)
            #expect(try await Organization.query(on: app.db).filter(\.$parent.$id == tree.central).count() == 34)
            #expect(try await Rollups.verify(on: app.db).differences.isEmpty)
        }
    }
}
