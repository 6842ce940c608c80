import CapuyCore
import Fluent
import Foundation
import Vapor

/// Who may see and record which meetings: managers over their scope, every
/// reader over hers, a member over her own cell, and a follower over the
/// units she currently follows (she records her own attendance there).
struct MeetingAccess: Sendable {
    let manage: Scope
    let view: Scope
    let memberId: UUID?
    /// Paths of the units the user's member follows today.
    let followed: Set<String>

    static func of(_ req: Request) async throws -> MeetingAccess {
        let p = try req.principal
        var viewRoots = p.scope(.viewOrganizations).roots
        var followed = Set<String>()
        if let memberId = p.memberId {
            if let own = try await Member.find(memberId, on: req.db), let path = TreePath(own.organizationPath) {
                viewRoots.append(path)
            }
            let today = req.capuy.today().iso
            let follows = try await FollowAssignment.query(on: req.db).filter(\.$member.$id == memberId)
                .filter(\.$fromOn <= today).filter(\.$toOn >= today).all()
            followed = Set(follows.map(\.organizationPath))
            viewRoots += followed.compactMap(TreePath.init)
        }
        return MeetingAccess(manage: p.scope(.manageMeetings), view: Scope(viewRoots), memberId: p.memberId, followed: followed)
    }

    func maySee(_ path: String) -> Bool { view.contains(path: path) || manage.contains(path: path) }
    func mayManage(_ path: String) -> Bool { manage.contains(path: path) }
    func follows(_ path: String) -> Bool { followed.contains(path) }
}

enum MeetingMessages {
    static let notACell = ValidationFailure(field: "organizationId",
        "Chỉ chi bộ (chi bộ trực thuộc hoặc chi bộ cơ sở) trong phạm vi của bạn mới tổ chức sinh hoạt chi bộ (R-MEET-1).",
        en: "Only a cell or grassroots cell in your scope holds cell meetings (R-MEET-1).")
    static let notScheduled = Refusal(.conflict, "Cuộc họp đã kết thúc hoặc đã hủy, không sửa được nữa.",
                                      en: "The meeting is already held or cancelled and can no longer change.")

    static func notInCell(_ field: String) -> FieldIssue {
        FieldIssue(field: field, "Chỉ ghi điểm danh cho đảng viên của chi bộ (R-MEET-2: tỷ lệ dự họp tính trên đảng viên của chi bộ).",
                   en: "Attendance is recorded only for the cell's own members (R-MEET-2: the attendance rate counts the cell's members).")
    }
}
