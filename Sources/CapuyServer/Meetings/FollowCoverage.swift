import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

struct FollowerShortfallDTO: Content {
    let assignmentId: UUID
    let memberId: UUID
    let memberName: String
    let organizationId: UUID
    let organizationName: String
    let parentName: String?
    let attended: Int
    let required: Int

    var organizationLabel: String { UnitLabels.label(name: organizationName, parentName: parentName) }
}

struct CoverageDTO: Content {
    let from: String
    let to: String
    /// Cells in scope with no follower assigned over the period.
    let unfollowed: [CellRef]
    /// Followers who attended fewer meetings than the policy requires.
    let shortfalls: [FollowerShortfallDTO]
}

extension MeetingReports {
    func coverage(under root: Organization, from: LocalDate, to: LocalDate) async throws -> CoverageDTO {
        let cells = try await cells(under: root)
        let subtree = Scope([root.treePath]).predicate(SQLColumn("organization_path", table: "f"))
        struct Row: Decodable {
            let id: UUID; let member_id: UUID; let full_name: String; let organization_id: UUID; let name: String; let parent_name: String?
            let from_on: String; let to_on: String; let attended: Int64
        }
        // Each assignment overlapping the period, with the follower's attendances
        // at the unit's held meetings inside both her term and the period.
        let rows = try await db.sql.raw("""
            SELECT f.id, f.member_id, mb.full_name, f.organization_id, o.name, p.name AS parent_name, f.from_on, f.to_on,
              CAST((SELECT COUNT(*) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
                WHERE a.member_id = f.member_id AND a.follower = \(bind: true) AND m.organization_id = f.organization_id
                  AND m.status = 'held' AND m.held_on >= f.from_on AND m.held_on <= f.to_on
                  AND m.held_on >= \(bind: from.iso) AND m.held_on <= \(bind: to.iso)) AS BIGINT) AS attended
            FROM follow_assignments f JOIN members mb ON mb.id = f.member_id JOIN organizations o ON o.id = f.organization_id
            LEFT JOIN organizations p ON p.id = o.parent_id
            WHERE f.from_on <= \(bind: to.iso) AND f.to_on >= \(bind: from.iso) AND \(subtree)
            ORDER BY o.path, mb.sort_key
            """).all(decoding: Row.self)
        let visible = Set(cells.map(\.id))
        let followed = Set(rows.map(\.organization_id))
        let shortfalls: [FollowerShortfallDTO] = rows.compactMap { r in
            guard visible.contains(r.organization_id), let f = LocalDate(parsing: r.from_on), let t = LocalDate(parsing: r.to_on) else { return nil }
            let required = MeetingCadence.followRequired(from: max(f, from), to: min(t, to), until: today, policy: policy)
            guard Int(r.attended) < required else { return nil }
            return FollowerShortfallDTO(assignmentId: r.id, memberId: r.member_id, memberName: r.full_name, organizationId: r.organization_id,
                                        organizationName: r.name, parentName: r.parent_name, attended: Int(r.attended), required: required)
        }
        return CoverageDTO(from: from.iso, to: to.iso, unfollowed: cells.filter { !followed.contains($0.id) }, shortfalls: shortfalls)
    }
}
