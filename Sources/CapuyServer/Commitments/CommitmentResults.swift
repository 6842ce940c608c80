import CapuyCore
import Fluent
import Foundation
import Vapor

/// What the annual review reads (R-EVAL-4: under 50% of targets met forces "not fulfilled").
///
/// These are not scoped: the review reads them for units and members it
/// has already found in its own scope.
enum CommitmentResults {
    /// Overall percent achieved of the unit's assessed responsibility commitments of the year (average if several); nil if none is assessed yet.
    static func unitCompletion(organizationId: UUID, year: Int, on db: any Database) async throws -> Double? {
        let assessed = try await Commitment.query(on: db).filter(\.$organization.$id == organizationId).filter(\.$year == year)
            .filter(\.$status == Commitment.assessed).all()
        return CommitmentMath.overall(assessed.compactMap(\.overallPercent))
    }

    /// R-EVAL-4's "share of targets met": of the indicators of the unit's
    /// assessed commitments of the year, the share reached in full (≥ 100%).
    /// An average of percents would let nine targets at 90% hide that none was met.
    static func targetsMet(organizationId: UUID, year: Int, on db: any Database) async throws -> Double? {
        let assessed = try await Commitment.query(on: db).filter(\.$organization.$id == organizationId).filter(\.$year == year)
            .filter(\.$status == Commitment.assessed).all().compactMap(\.id)
        guard !assessed.isEmpty else { return nil }
        let percents = try await CommitmentIndicator.query(on: db).filter(\.$commitment.$id ~~ assessed).all().map { $0.percent ?? 0 }
        guard !percents.isEmpty else { return nil }
        return Double(percents.filter { $0 >= 100 - 1e-9 }.count) / Double(percents.count)
    }

    /// The member's pledge of the year as the self-assessment shows it; nil if she made none.
    static func pledge(memberId: UUID, year: Int, on db: any Database) async throws -> PledgeSummary? {
        guard let pledge = try await Pledge.query(on: db).filter(\.$member.$id == memberId).filter(\.$year == year).first() else {
            return nil
        }
        return try await PledgeRecord.load(pledge, on: db).summary
    }
}

/// A member's pledge in figures: items of her action program and how many
/// are done (percent is 100 for an empty program), whether she has made
/// her year-end review, and the checklist items she said she did not keep.
struct PledgeSummary: Content, Equatable { let items: Int; let done: Int; let percent: Double; let reviewed: Bool; let selfReview: String? ; let breachedPledges: [String] }
