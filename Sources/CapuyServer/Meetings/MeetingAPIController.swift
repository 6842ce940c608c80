import CapuyCore
import Fluent
import Foundation
import Vapor

extension Request {
    func meetingAccess() async throws -> MeetingAccess { try await MeetingAccess.of(self) }

    func meetings() async throws -> MeetingService {
        MeetingService(db: db, actor: actor, access: try await meetingAccess(), today: capuy.today())
    }

    func meetingReports() async throws -> MeetingReports {
        MeetingReports(db: db, access: try await meetingAccess(), today: capuy.today())
    }

    func follows() async throws -> FollowAssignmentService {
        FollowAssignmentService(db: db, actor: actor, access: try await meetingAccess(), today: capuy.today())
    }

    /// The unit a report is about: the one named (404 outside view), or the
    /// user's first root; a member without grants gets her own cell.
    func meetingUnit(_ id: UUID?, access: MeetingAccess) async throws -> Organization {
        let path: String?
        if let id {
            guard let org = try await Organization.find(id, on: db), access.maySee(org.path) else { throw Refusal.notFound }
            return org
        } else {
            path = (access.view.roots.first ?? access.manage.roots.first)?.value
        }
        guard let path, let org = try await Organization.query(on: db).filter(\.$path == path).first() else { throw Refusal.notFound }
        return org
    }

    func dateQuery(_ name: String) throws -> LocalDate? {
        guard let raw = query[String.self, at: name] else { return nil }
        guard let d = LocalDate(parsing: raw) else {
            throw ValidationFailure(field: name, "Ngày không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid date: use day/month/year.")
        }
        return d
    }
}

/// `/api/v1/meetings` (R-MEET-1..3) and `/api/v1/follow-assignments`.
struct MeetingAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let m = routes.grouped("meetings")
        m.get(use: list)
        m.post(use: schedule)
        m.get("upcoming", use: upcoming)
        m.get("warnings", use: warnings)
        m.get("statistics", use: statistics)
        m.get("statistics.xlsx", use: statisticsXLSX)
        m.get("policy", use: policy)
        m.get(":id", use: show)
        m.put(":id", "attendance", use: attendance)
        m.post(":id", "guests", use: guest)
        m.post(":id", "held", use: hold)
        m.post(":id", "cancel", use: cancel)
        m.get("trend", ":organizationId", use: trend)
        let f = routes.grouped("follow-assignments")
        f.get(use: follows)
        f.post(use: assign)
        f.post(":id", "end", use: end)
        f.get("coverage", use: coverage)
        f.get("calendar", use: calendar)
    }

    func list(req: Request) async throws -> [MeetingDTO] {
        let s = try await req.meetings()
        let root = try await req.query[UUID.self, at: "organizationId"].asyncMap { try await req.meetingUnit($0, access: s.access) }
        return try await s.list(under: root, from: try req.dateQuery("from")?.iso, to: try req.dateQuery("to")?.iso).map(MeetingDTO.init)
    }

    func schedule(req: Request) async throws -> Response {
        let m = try await req.meetings().schedule(try req.input(MeetingInput.self))
        return try await MeetingDTO(m).encodeResponse(status: .created, for: req)
    }

    func upcoming(req: Request) async throws -> [MeetingDTO] {
        let s = try await req.meetings()
        return try await s.list(under: nil, from: s.today.iso, to: nil).reversed()
            .filter { $0.status == .scheduled }.map(MeetingDTO.init)
    }

    func show(req: Request) async throws -> MeetingDetailDTO {
        let s = try await req.meetings()
        let m = try await s.find(try req.id())
        return MeetingDetailDTO(meeting: MeetingDTO(m), attendance: try await s.attendance(of: m.id!), tasks: try await s.tasks(of: m.id!))
    }

    func attendance(req: Request) async throws -> [AttendanceLineDTO] {
        try await req.meetings().recordAttendance(try req.id(), try req.input(AttendanceInput.self))
    }

    func guest(req: Request) async throws -> [AttendanceLineDTO] {
        try await req.meetings().addGuest(try req.id(), try req.input(GuestInput.self))
    }

    func hold(req: Request) async throws -> MeetingDTO {
        MeetingDTO(try await req.meetings().hold(try req.id(), try req.input(HoldInput.self)))
    }

    func cancel(req: Request) async throws -> MeetingDTO {
        MeetingDTO(try await req.meetings().cancel(try req.id()))
    }

    struct PolicyDTO: Content { let policy: MeetingPolicy }

    func policy(req: Request) async throws -> PolicyDTO { PolicyDTO(policy: .standard) }

    func warnings(req: Request) async throws -> [CadenceWarningDTO] {
        let r = try await req.meetingReports()
        return try await r.warnings(under: try await req.meetingUnit(req.query[UUID.self, at: "organizationId"], access: r.access))
    }

    func statistics(req: Request) async throws -> [CellStatisticsDTO] {
        let r = try await req.meetingReports()
        let (unit, from, to) = try await MeetingExport.period(req, r)
        return try await r.statistics(under: unit, from: from, to: to)
    }

    func statisticsXLSX(req: Request) async throws -> Response {
        try await MeetingExport.download(req)
    }

    func trend(req: Request) async throws -> [TrendPointDTO] {
        let r = try await req.meetingReports()
        return try await r.trend(of: try await req.meetingUnit(try req.id("organizationId"), access: r.access))
    }

    func follows(req: Request) async throws -> [FollowAssignmentDTO] {
        let s = try await req.follows()
        let root = try await req.query[UUID.self, at: "organizationId"].asyncMap { try await req.meetingUnit($0, access: s.access) }
        return try await s.list(under: root, activeOn: try req.dateQuery("on"))
    }

    func assign(req: Request) async throws -> Response {
        let f = try await req.follows().assign(try req.input(FollowAssignmentInput.self))
        return try await FollowAssignmentDTO(f).encodeResponse(status: .created, for: req)
    }

    func end(req: Request) async throws -> FollowAssignmentDTO {
        let s = try await req.follows()
        return FollowAssignmentDTO(try await s.end(try req.id(), on: s.today))
    }

    func coverage(req: Request) async throws -> CoverageDTO {
        let r = try await req.meetingReports()
        let (unit, from, to) = try await MeetingExport.period(req, r)
        return try await r.coverage(under: unit, from: from, to: to)
    }

    func calendar(req: Request) async throws -> [MeetingDTO] {
        let s = try await req.follows()
        guard let memberId = req.query[UUID.self, at: "memberId"] ?? s.access.memberId else { return [] }
        let from = try req.dateQuery("from") ?? s.today
        let to = try req.dateQuery("to") ?? from.adding(days: 92)
        return try await s.calendar(memberId: memberId, from: from, to: to).map(MeetingDTO.init)
    }
}
