import CapuyCore
import Foundation
import Vapor

struct MeetingInput: Content {
    var organizationId: UUID
    var kind: String
    var title: String?
    var heldOn: String
    var startsAt: String
    var place: String?
    /// AgendaItem raw values or free text, in order; the usual order if absent.
    var agenda: [String]?
}

struct AttendanceLineInput: Content {
    var memberId: UUID
    var status: String
    var reason: String?
}

struct AttendanceInput: Content {
    var lines: [AttendanceLineInput]
}

/// A guest from a higher level; a follower names her member record.
struct GuestInput: Content {
    var memberId: UUID?
    var name: String?
    var title: String?
    var organizationId: UUID?
}

struct MeetingTaskInput: Content {
    var title: String
    var owner: String?
    var dueOn: String
}

struct HoldInput: Content {
    var durationMinutes: Int?
    var minutes: String?
    var minutesComplete: Bool?
    var conclusion: String?
    /// Codes of the scoring sheet's judged criteria found met.
    var judged: [String]?
    var tasks: [MeetingTaskInput]?
}

struct MeetingDTO: Content {
    let id: UUID
    let organizationId: UUID
    let kind: String
    let title: String
    let heldOn: String
    let startsAt: String
    let place: String
    let status: String
    let durationMinutes: Int?
    let agenda: [String]
    let minutes: String
    let minutesComplete: Bool
    let conclusion: String
    let score: Double?
    let level: String?
    let attendanceRate: Double?
    let quality: MeetingQuality?
    /// R-MEET-3 warnings about the agenda; empty when it follows the usual order.
    let warnings: [FieldIssue]

    init(_ m: Meeting) {
        id = m.id!
        organizationId = m.$organization.id
        kind = m.kindRaw
        title = m.title
        heldOn = m.heldOn
        startsAt = m.startsAt
        place = m.place
        status = m.statusRaw
        durationMinutes = m.durationMinutes
        agenda = m.agenda
        minutes = m.minutes
        minutesComplete = m.minutesComplete
        conclusion = m.conclusion
        score = m.score
        level = m.level
        attendanceRate = m.attendanceRate
        quality = m.quality
        warnings = MeetingAgenda.warnings(m.agenda)
    }
}

struct AttendanceLineDTO: Content {
    let id: UUID
    let memberId: UUID?
    let name: String
    let status: String
    let reason: String?
    let isGuest: Bool
    let follower: Bool
    let guestTitle: String?
}

struct MeetingTaskDTO: Content {
    let id: UUID
    let title: String
    let owner: String
    let dueOn: String
    let done: Bool

    init(_ t: MeetingTask) {
        id = t.id!
        title = t.title
        owner = t.owner
        dueOn = t.dueOn
        done = t.done
    }
}

struct MeetingDetailDTO: Content {
    let meeting: MeetingDTO
    let attendance: [AttendanceLineDTO]
    let tasks: [MeetingTaskDTO]
}
