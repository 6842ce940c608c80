import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

struct FollowAssignmentInput: Content {
    var memberId: UUID
    var organizationId: UUID
    /// The committee assigning; the followed unit's parent if absent.
    var assignedByOrganizationId: UUID?
    var fromOn: String
    var toOn: String
    var note: String?
}

struct FollowAssignmentDTO: Content {
    let id: UUID
    let memberId: UUID
    let memberName: String?
    let organizationId: UUID
    let organizationName: String?
    let assignedByOrganizationId: UUID
    let fromOn: String
    let toOn: String
    let note: String

    init(_ f: FollowAssignment, memberName: String? = nil, unitName: String? = nil) {
        id = f.id!
        memberId = f.$member.id
        self.memberName = memberName
        organizationId = f.$organization.id
        organizationName = unitName
        assignedByOrganizationId = f.assignedByOrganizationId
        fromOn = f.fromOn
        toOn = f.toOn
        note = f.note
    }
}

/// Committee members assigned to follow lower units for a term, and the
/// calendar of the meetings they are to attend.
struct FollowAssignmentService {
    let db: any Database
    let actor: Actor
    let access: MeetingAccess
    let today: LocalDate

    func assign(_ input: FollowAssignmentInput) async throws -> FollowAssignment {
        var c = IssueCollector()
        let from = LocalDate(parsing: input.fromOn), to = LocalDate(parsing: input.toOn)
        if from == nil { c.add("fromOn", "Ngày bắt đầu không hợp lệ.", en: "Invalid start date.") }
        if to == nil { c.add("toOn", "Ngày kết thúc không hợp lệ.", en: "Invalid end date.") }
        if let from, let to, to < from { c.add("toOn", "Ngày kết thúc phải sau ngày bắt đầu.", en: "The term ends after it starts.") }
        try c.throwIfAny()
        let manage = access.manage
        let todayISO = today.iso
        let note = String(VietnameseText.normalizeSpaces(input.note ?? "").prefix(500))
        return try await db.write(as: actor) { tx, trail in
            guard let unit = try await Organization.find(input.organizationId, on: tx), manage.contains(path: unit.path) else {
                throw ValidationFailure(field: "organizationId", "Chọn đơn vị trong phạm vi của bạn.", en: "Choose a unit in your scope.")
            }
            // Followers attend a cell's meetings: the calendar, the roll and coverage are per cell.
            guard unit.kind == .cell || unit.kind == .grassrootsCell else {
                throw ValidationFailure(field: "organizationId", "Phân công theo dõi một chi bộ (nơi sinh hoạt).", en: "Assign a follower to a cell.")
            }
            let byId = input.assignedByOrganizationId ?? unit.$parent.id
            guard let byId, let by = try await Organization.find(byId, on: tx), manage.contains(path: by.path),
                  unit.treePath.isStrictlyBelow(by.treePath) else {
                throw ValidationFailure(field: "assignedByOrganizationId", "Cấp ủy phân công phải là cấp trên của đơn vị, trong phạm vi của bạn.",
                                        en: "The assigning committee must be above the unit and in your scope.")
            }
            // A follower is a member of the assigning committee holding a current post there.
            let posts = try await Position.query(on: tx).filter(\.$member.$id == input.memberId).filter(\.$organization.$id == byId)
                .filter(\.$titleRaw != PositionTitle.statePost.rawValue).filter(\.$startOn <= todayISO).all()
            guard posts.contains(where: { ($0.endOn ?? "9999") >= todayISO }) else {
                throw ValidationFailure(field: "memberId", "Người được phân công phải là cấp ủy viên đương nhiệm của cấp ủy phân công.",
                                        en: "The follower must hold a current post on the assigning committee.")
            }
            let f = FollowAssignment()
            f.id = UUID()
            f.$member.id = input.memberId
            f.$organization.id = unit.id!
            f.organizationPath = unit.path
            f.assignedByOrganizationId = by.id!
            f.assignedByPath = by.path
            f.fromOn = from!.iso
            f.toOn = to!.iso
            f.note = note
            try await f.create(on: tx)
            trail.record("follow.assign", entity: "follow_assignment", id: f.id!, path: unit.path, after: FollowAssignmentDTO(f))
            return f
        }
    }

    func end(_ id: UUID, on day: LocalDate) async throws -> FollowAssignment {
        let manage = access.manage
        return try await db.write(as: actor) { tx, trail in
            guard let f = try await FollowAssignment.find(id, on: tx), manage.contains(path: f.assignedByPath) else { throw Refusal.notFound }
            let before = FollowAssignmentDTO(f)
            f.toOn = min(f.toOn, max(f.fromOn, day.iso))
            try await f.save(on: tx)
            trail.record("follow.end", entity: "follow_assignment", id: id, path: f.organizationPath, before: before, after: FollowAssignmentDTO(f))
            return f
        }
    }

    /// Assignments of units in view (or the user's own), with names.
    func list(under root: Organization?, activeOn day: LocalDate? = nil) async throws -> [FollowAssignmentDTO] {
        var q = FollowAssignment.query(on: db).with(\.$member).with(\.$organization)
        let own = access.memberId
        let view = access.view
        q = q.group(.or) { or in
            _ = view.filter(or, \.$assignedByPath)
            if let own { or.filter(\.$member.$id == own) }
        }
        if let root { q = Scope([root.treePath]).filter(q, \.$organizationPath) }
        if let day { q = q.filter(\.$fromOn <= day.iso).filter(\.$toOn >= day.iso) }
        return try await q.sort(\.$organizationPath).limit(2000).all().map {
            FollowAssignmentDTO($0, memberName: $0.member.fullName, unitName: $0.organization.name)
        }
    }

    /// The meetings a follower is to attend: her followed units' meetings
    /// within each assignment's term, from `from` on.
    func calendar(memberId: UUID, from: LocalDate, to: LocalDate) async throws -> [Meeting] {
        var q = FollowAssignment.query(on: db).filter(\.$member.$id == memberId)
            .filter(\.$fromOn <= to.iso).filter(\.$toOn >= from.iso)
        if memberId != access.memberId { q = access.view.filter(q, \.$assignedByPath) }
        let terms = try await q.all()
        guard !terms.isEmpty else { return [] }
        let meetings = try await Meeting.query(on: db).filter(\.$organizationPath ~~ terms.map(\.organizationPath))
            .filter(\.$heldOn >= from.iso).filter(\.$heldOn <= to.iso).filter(\.$statusRaw != MeetingStatus.cancelled.rawValue)
            .sort(\.$heldOn).sort(\.$startsAt).all()
        return meetings.filter { m in terms.contains { $0.organizationPath == m.organizationPath && $0.fromOn <= m.heldOn && $0.toOn >= m.heldOn } }
    }
}
