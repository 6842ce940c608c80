import CapuyCore
import Fluent
import Foundation

extension SyntheticCountry {
    /// What the audit event of a generation records.
    struct Generated: Encodable, Sendable {
        let summary: Summary
        let ratings: Int
    }

    /// Everything `capuy generate` writes, phase by phase: the tree and its
    /// members (a transaction a province), last year's decided ratings (a
    /// transaction a province), then the unit and rating rollups rebuilt in
    /// one audited transaction. Returns the summary and the reviews written.
    /// With `preReform`, the country before 2025 (issue 15) instead.
    func write(units: [AdminUnit], rootOrdinal: Int, phases: PhaseClock, preReform: PreReformLayout? = nil,
               progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
               finished: () -> Void = {}) async throws -> (Summary, ratings: Int) {
        // Into an empty members table, the members' secondary indexes and the search
        // table's trigger wait for the load and are built once after it (MemberIndexes):
        // kept row by row, the trigram table alone took the national phase from 104 s to 297 s.
        let rebuild = try await MemberIndexes.isEmpty(on: db)
        let last = rebuild ? try await MemberIndexes.drop(on: db) : 0
        let summary: Summary
        do {
            summary = try await phases.run("tree and members") {
                defer { finished() }
                if let preReform { return try await generatePreReform(preReform, rootOrdinal: rootOrdinal, progress: progress) }
                return try await generate(units: units, rootOrdinal: rootOrdinal, progress: progress)
            }
        } catch {
            if rebuild { try? await MemberIndexes.create(on: db, newRowsAfter: last) }
            throw error
        }
        if rebuild { try await phases.run("member indexes") { try await MemberIndexes.create(on: db, newRowsAfter: last) } }
        // Last year's ratings, decided and published, for the results pages.
        let year = today.year
        let rated = try await phases.run("ratings") {
            try await SyntheticRatings.addByProvince(root: summary.rootID, year: year - 1, on: db)
        }
        try await db.write(as: .system) { tx, trail in
            _ = try await phases.run("rollups") { try await Rollups.rebuild(year: year, on: tx) }
            _ = try await phases.run("rating rollups") { try await RatingRollups.rebuild(on: tx) }
            guard let root = try await Organization.find(summary.rootID, on: tx) else { throw Refusal.notFound }
            trail.record("dataset.generate", entity: "organization", id: summary.rootID, path: root.path,
                         after: Generated(summary: summary, ratings: rated))
        }
        return (summary, rated)
    }
}
