import ArgumentParser
import CapuyCore
import Fluent
import Foundation
import Vapor

/// `capuy rollups verify|rebuild`: the maintained counts checked against, or
/// rebuilt from, the members and units themselves (DESIGN.md, Rollups).
struct RollupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollups", abstract: "Số liệu tổng hợp. Maintained counts.",
                                                    subcommands: [Verify.self, Rebuild.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tính lại từ dữ liệu gốc và so sánh. Recompute from the members and units, and compare.")

        func run() async throws {
            let started = Date()
            let (checked, differences, ratings) = try await AppRunner.withApp { app in
                let (checked, differences) = try await Rollups.verify(on: app.db)
                return (checked, differences, try await RatingRollups.verify(on: app.db))
            }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            guard ratings.isEmpty else {
                let shown = ratings.prefix(20).map { "  \($0.0) \($0.1.year)/\($0.1.period): stored \($0.stored.counts) ≠ recomputed \($0.recomputed.counts)" }
                throw CleanExit.message((["rollups verify: \(ratings.count) rating counts differ; run `capuy rollups rebuild`."] + shown).joined(separator: "\n"))
            }
            guard differences.isEmpty else {
                let shown = differences.prefix(20).map { d in
                    "  \(d.organizationID): stored \(RollupText.describe(d.stored)) ≠ recomputed \(RollupText.describe(d.recomputed))"
                }
                throw CleanExit.message((["rollups verify: \(differences.count) units differ (of \(checked)); run `capuy rollups rebuild`."]
                                         + shown).joined(separator: "\n"))
            }
            print("rollups verify: OK, \(checked) units match, ratings too (\(seconds) s). Số liệu tổng hợp khớp.")
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tính lại toàn bộ. Rebuild every count.")

        func run() async throws {
            let count = try await AppRunner.withApp { app in
                try await Rollups.rebuildAudited(year: app.capuy.today().year, on: app.db)
            }
            print("rollups rebuild: \(count) units with counts. Đã tính lại số liệu tổng hợp.")
        }
    }
}

enum RollupText {
    static func describe(_ t: UnitTally) -> String {
        "members \(t.members), full \(t.fullMembers), women \(t.women), minority \(t.minority), ages \(t.ages), open units \(t.openUnits)"
    }
}

extension Rollups {
    /// A rebuild in one audited transaction: readers see the old counts or the new ones.
    static func rebuildAudited(year: Int, on db: any Database) async throws -> Int {
        struct Summary: Encodable { let units: Int; let ageYear: Int }
        return try await db.write(as: .system) { tx, trail in
            let count = try await rebuild(year: year, on: tx)
            _ = try await RatingRollups.rebuild(on: tx)
            trail.record("rollups.rebuild", entity: "rollups", id: UUID(), path: "", after: Summary(units: count, ageYear: year))
            return count
        }
    }
}
