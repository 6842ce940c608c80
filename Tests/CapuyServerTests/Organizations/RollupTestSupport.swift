@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A unit's figures as the dashboard API reports them, in a form a test can
/// write out in full: only the age bands that hold someone are listed.
struct RollupCounts: Equatable, CustomStringConvertible {
    var members = 0
    var full = 0
    var women = 0
    var minority = 0
    var subUnits = 0
    var ages: [AgeBand: Int] = [:]

    init(members: Int = 0, full: Int = 0, women: Int = 0, minority: Int = 0, subUnits: Int = 0, ages: [AgeBand: Int] = [:]) {
        self.members = members
        self.full = full
        self.women = women
        self.minority = minority
        self.subUnits = subUnits
        self.ages = ages
    }

    init(_ f: UnitDashboardDTO.Figures) {
        self.init(members: f.members, full: f.fullMembers, women: f.women, minority: f.minority, subUnits: f.subUnits)
        #expect(f.probationaryMembers == f.members - f.fullMembers)
        #expect(f.ages.map(\.band) == AgeBand.allCases.map { "\($0)" })
        for (band, a) in zip(AgeBand.allCases, f.ages) where a.count != 0 { ages[band] = a.count }
    }

    var description: String {
        let bands = AgeBand.allCases.compactMap { b in ages[b].map { "\(b): \($0)" } }.joined(separator: ", ")
        return "members \(members), full \(full), women \(women), minority \(minority), sub-units \(subUnits), ages [\(bands)]"
    }
}

enum Rollup {
    static func dashboard(_ app: Application, _ org: Organization, token: String) async throws -> UnitDashboardDTO {
        let res = try await API.call(app, .GET, "/api/v1/organizations/\(org.id!)/dashboard", token: token)
        try #require(res.status == .ok, "dashboard of \(org.code): \(res.status) \(res.body.string)")
        return try res.content.decode(UnitDashboardDTO.self)
    }

    /// The figures of each unit, read through the dashboard API.
    static func counts(_ app: Application, token: String, _ orgs: [Organization]) async throws -> [RollupCounts] {
        var out: [RollupCounts] = []
        for org in orgs { out.append(RollupCounts(try await dashboard(app, org, token: token).totals)) }
        return out
    }

    /// DESIGN.md Rollups: the maintained counts equal a recount from the members and units.
    static func expectClean(_ app: Application, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let (checked, differences) = try await Rollups.verify(on: app.db)
        #expect(checked > 0, sourceLocation: sourceLocation)
        #expect(differences.isEmpty, "\(differences.map { "\($0.organizationID): \(RollupText.describe($0.stored)) ≠ \(RollupText.describe($0.recomputed))" })",
                sourceLocation: sourceLocation)
    }

    /// Every stored rollup row, by unit.
    static func snapshot(_ app: Application) async throws -> [UUID: UnitTally] {
        let ids = try await Organization.query(on: app.db).all().compactMap(\.id)
        return try await Rollups.tallies(of: ids, on: app.db)
    }

    static func year(_ app: Application) async throws -> Int { try await Rollups.ageYear(on: app.db) }

    /// A member input for the API, born on 1 June of `birthYear`.
    static func memberJSON(_ name: String, in org: Organization, birthYear: Int, female: Bool = false, ethnicity: String = "Kinh",
                           admissionYear: Int, officialYear: Int? = nil) -> [String: any Sendable] {
        var json: [String: any Sendable] = [
            "fullName": name, "birthDate": "01/06/\(birthYear)", "gender": female ? "female" : "male", "ethnicity": ethnicity,
            "admissionDate": "01/02/\(admissionYear)", "organizationId": org.id!.uuidString,
        ]
        if let officialYear { json["officialDate"] = "01/02/\(officialYear)" }
        return json
    }
}
