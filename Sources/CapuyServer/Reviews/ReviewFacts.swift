import CapuyCore
import Fluent
import Foundation
import SQLKit

/// The facts behind R-EVAL-3 and R-EVAL-4, read from the records the system
/// keeps: discipline records, pledges, commitments, tasks and posts.
enum ReviewFacts {
    static func yearSpan(_ year: Int) -> (from: String, to: String) {
        (String(format: "%04d-01-01", year), String(format: "%04d-12-31", year))
    }

    /// Of `memberIds`, those with a sanction decided in the year that was not
    /// self-detected and remedied.
    static func disciplined(_ memberIds: [UUID], year: Int, on db: any Database) async throws -> Set<UUID> {
        guard !memberIds.isEmpty else { return [] }
        let span = yearSpan(year)
        let rows = try await DisciplineRecord.query(on: db)
            .filter(\.$memberId ~~ memberIds).filter(\.$decidedOn >= span.from).filter(\.$decidedOn <= span.to)
            .filter(\.$selfRemedied == false).all()
        return Set(rows.compactMap(\.memberId))
    }

    /// Many members' facts at once (a cell's table is one request): one
    /// query for sanctions, one for who made a pledge, then each pledge.
    struct Declared: Sendable {
        let memberId: UUID, tasks: Int, onTime: Int, beyond: Int
    }

    static func members(_ reviews: [MemberReview], year: Int, on db: any Database) async throws -> [UUID: RatingFacts] {
        try await members(reviews.map { Declared(memberId: $0.$member.id, tasks: $0.tasks, onTime: $0.tasksOnTime, beyond: $0.tasksBeyond) },
                          year: year, on: db)
    }

    /// The same from what the members declared (a self-assessment not yet saved).
    static func members(_ reviews: [Declared], year: Int, on db: any Database) async throws -> [UUID: RatingFacts] {
        let ids = reviews.map(\.memberId)
        let sanctioned = try await disciplined(ids, year: year, on: db)
        let pledged = Set(try await Pledge.query(on: db).filter(\.$member.$id ~~ ids).filter(\.$year == year).all().map { $0.$member.id })
        var out: [UUID: RatingFacts] = [:]
        for r in reviews {
            let id = r.memberId
            var met: Double?
            if pledged.contains(id), let p = try await CommitmentResults.pledge(memberId: id, year: year, on: db), p.items > 0 { met = p.percent / 100 }
            out[id] = RatingFacts(tasks: r.tasks, tasksOnTime: r.onTime, tasksBeyond: r.beyond,
                                  disciplinedInYear: sanctioned.contains(id), targetsMet: met)
        }
        return out
    }

    /// A unit's facts: the tasks assigned to it that fell due in the year and
    /// how many were done on time, its commitments, and the sanctions on it,
    /// its committee, its committee members and its sub-units.
    static func unit(_ org: Organization, year: Int, beyond: Int, on db: any Database) async throws -> RatingFacts {
        let span = yearSpan(year)
        struct TaskRow: Decodable { let n: Int64; let on_time: Int64? }
        let t = try await db.sql.raw("""
            SELECT CAST(COUNT(*) AS BIGINT) AS n,
              CAST(SUM(CASE WHEN completed_on IS NOT NULL AND completed_on <= deadline THEN 1 ELSE 0 END) AS BIGINT) AS on_time
            FROM \(unsafeRaw: TaskAssignment.schema) WHERE organization_id = \(bind: org.id!)
              AND deadline >= \(bind: span.from) AND deadline <= \(bind: span.to)
            """).first(decoding: TaskRow.self)
        let records = try await DisciplineRecord.query(on: db)
            .filter(\.$organizationPath >= org.path).filter(\.$organizationPath < org.path + "/")
            .filter(\.$decidedOn >= span.from).filter(\.$decidedOn <= span.to).filter(\.$selfRemedied == false).all()
        let children = try await Organization.query(on: db).filter(\.$parent.$id == org.id!).filter(\.$closedOn == nil).all()
        // A sub-unit counts as disciplined when it, or its leadership, was: not for a cell deep inside it.
        let childIDs = Set(children.compactMap(\.id))
        let disciplinedChildren = Set(records.filter { $0.subject != "member" && childIDs.contains($0.organizationId) }.map(\.organizationId))
        let leaders = try await Position.query(on: db).filter(\.$organization.$id == org.id!).filter(\.$endOn == nil)
            .filter(\.$titleRaw != PositionTitle.statePost.rawValue).all().map { $0.$member.id }
        let leaderDisciplined = records.contains { $0.subject == "member" && $0.memberId.map(leaders.contains) == true }
        return RatingFacts(
            tasks: Int(t?.n ?? 0), tasksOnTime: Int(t?.on_time ?? 0), tasksBeyond: beyond,
            disciplinedInYear: records.contains { $0.subject == "unit" && $0.organizationId == org.id },
            targetsMet: try await CommitmentResults.targetsMet(organizationId: org.id!, year: year, on: db),
            leadershipDisciplined: records.contains { $0.subject == "leadership" && $0.organizationId == org.id },
            leadershipMemberDisciplined: leaderDisciplined,
            subordinateUnits: children.count, subordinateUnitsDisciplined: disciplinedChildren.count)
    }

    /// The grassroots organization a unit belongs to: itself or the nearest
    /// unit above that is one (R-EVAL-5 counts the quota there).
    static func grassroots(of org: Organization, on db: any Database) async throws -> Organization {
        let kinds: Set<OrganizationKind> = [.grassrootsCommittee, .grassrootsCell]
        if kinds.contains(org.kind) { return org }
        let above = try await Organization.query(on: db).filter(\.$path ~~ Rollups.pathAndAncestors(org.path)).all()
        return above.filter { kinds.contains($0.kind) }.max { $0.depth < $1.depth } ?? org
    }
}
