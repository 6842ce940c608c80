import CapuyCore
import Foundation

/// The meetings and follow-assignments part of the OpenAPI document.
enum MeetingOpenAPI {
    typealias Op = OpenAPIDocument.Operation
    typealias S = OpenAPISchemas

    static let operations: [Op] = [
        .init(method: "get", path: "/api/v1/meetings", summary: "Meetings of the cells in view", tag: "meetings",
              response: "[Meeting]", query: ["organizationId", "from", "to"]),
        .init(method: "post", path: "/api/v1/meetings", summary: "Schedule a regular or thematic cell meeting (R-MEET-1, R-MEET-3)",
              tag: "meetings", request: "MeetingInput", response: "Meeting", status: "201"),
        .init(method: "get", path: "/api/v1/meetings/upcoming", summary: "Scheduled meetings from today, soonest first", tag: "meetings",
              response: "[Meeting]"),
        .init(method: "get", path: "/api/v1/meetings/warnings", summary: "Cells that missed a regular or thematic meeting (R-MEET-1)",
              tag: "meetings", response: "[CadenceWarning]", query: ["organizationId"]),
        .init(method: "get", path: "/api/v1/meetings/statistics", summary: "Per cell: held, average score, levels, attendance, followers",
              tag: "meetings", response: "[CellMeetingStatistics]", query: ["organizationId", "from", "to"]),
        .init(method: "get", path: "/api/v1/meetings/statistics.xlsx", summary: "Statistics and follow coverage as XLSX", tag: "meetings",
              query: ["organizationId", "from", "to"], media: [DocumentOpenAPI.xlsx]),
        .init(method: "get", path: "/api/v1/meetings/policy", summary: "The meeting policy: R-MEET thresholds and the scoring sheet",
              tag: "meetings", response: "MeetingPolicy"),
        .init(method: "get", path: "/api/v1/meetings/{id}", summary: "A meeting with its roll and follow-up tasks", tag: "meetings",
              response: "MeetingDetail"),
        .init(method: "put", path: "/api/v1/meetings/{id}/attendance", summary: "Record the roll for the cell's members", tag: "meetings",
              request: "AttendanceInput", response: "[AttendanceLine]"),
        .init(method: "post", path: "/api/v1/meetings/{id}/guests", summary: "Add a guest; a follower records her attendance", tag: "meetings",
              request: "GuestInput", response: "[AttendanceLine]"),
        .init(method: "post", path: "/api/v1/meetings/{id}/held", summary: "Mark held and score it (R-MEET-2)", tag: "meetings",
              request: "HoldInput", response: "Meeting"),
        .init(method: "post", path: "/api/v1/meetings/{id}/cancel", summary: "Cancel a scheduled meeting", tag: "meetings", response: "Meeting"),
        .init(method: "get", path: "/api/v1/meetings/trend/{organizationId}", summary: "A cell's average score per month, last 12 months",
              tag: "meetings", response: "[TrendPoint]"),
        .init(method: "get", path: "/api/v1/follow-assignments", summary: "Follow assignments in view", tag: "meetings",
              response: "[FollowAssignment]", query: ["organizationId", "on"]),
        .init(method: "post", path: "/api/v1/follow-assignments", summary: "Assign a committee member to follow a unit for a term",
              tag: "meetings", request: "FollowAssignmentInput", response: "FollowAssignment", status: "201"),
        .init(method: "post", path: "/api/v1/follow-assignments/{id}/end", summary: "End an assignment today", tag: "meetings",
              response: "FollowAssignment"),
        .init(method: "get", path: "/api/v1/follow-assignments/coverage", summary: "Units with no follower; followers below the required attendance",
              tag: "meetings", response: "Coverage", query: ["organizationId", "from", "to"]),
        .init(method: "get", path: "/api/v1/follow-assignments/calendar", summary: "A follower's calendar of her units' meetings",
              tag: "meetings", response: "[Meeting]", query: ["memberId", "from", "to"]),
    ]

    static var schemas: [String: Any] {
        let number: [String: Any] = ["type": "number"]
        let nullableNumber: [String: Any] = ["type": ["number", "null"]]
        let boolean: [String: Any] = ["type": "boolean"]
        let strings: [String: Any] = ["type": "array", "items": S.string]
        let issue = S.object(["field": S.string, "message": S.string, "messageEn": S.string], required: ["field", "message", "messageEn"])
        let quality = S.object(["lines": ["type": "array", "items": S.object(["code": S.string, "met": boolean, "points": number],
                                                                             required: ["code", "met", "points"])],
                                "score": number, "level": S.enumeration(MeetingLevel.allCases.map(\.rawValue))],
                               required: ["lines", "score", "level"])
        let meeting = S.object(["id": S.uuid, "organizationId": S.uuid, "kind": S.enumeration(MeetingKind.allCases.map(\.rawValue)),
                                "title": S.string, "heldOn": S.date, "startsAt": S.string, "place": S.string,
                                "status": S.enumeration(MeetingStatus.allCases.map(\.rawValue)), "durationMinutes": ["type": ["integer", "null"]],
                                "agenda": strings, "minutes": S.string, "minutesComplete": boolean, "conclusion": S.string,
                                "score": nullableNumber, "level": S.nullableString, "attendanceRate": nullableNumber,
                                "quality": ["oneOf": [quality, ["type": "null"]]], "warnings": ["type": "array", "items": issue]],
                               required: ["id", "organizationId", "kind", "title", "heldOn", "startsAt", "status", "agenda", "warnings"])
        let line = S.object(["id": S.uuid, "memberId": S.nullableUUID, "name": S.string, "status": S.enumeration(AttendanceStatus.allCases.map(\.rawValue)),
                             "reason": S.nullableString, "isGuest": boolean, "follower": boolean, "guestTitle": S.nullableString],
                            required: ["id", "name", "status", "isGuest", "follower"])
        let task = S.object(["id": S.uuid, "title": S.string, "owner": S.string, "dueOn": S.date, "done": boolean], required: ["id", "title", "dueOn"])
        let cell = S.object(["id": S.uuid, "name": S.string, "path": S.string, "parentName": S.nullableString], required: ["id", "name"])
        let follow = S.object(["id": S.uuid, "memberId": S.uuid, "memberName": S.nullableString, "organizationId": S.uuid,
                               "organizationName": S.nullableString, "assignedByOrganizationId": S.uuid, "fromOn": S.date, "toOn": S.date, "note": S.string],
                              required: ["id", "memberId", "organizationId", "fromOn", "toOn"])
        return [
            "Meeting": meeting,
            "MeetingInput": S.object(["organizationId": S.uuid, "kind": S.enumeration(MeetingKind.allCases.map(\.rawValue)), "title": S.string,
                                      "heldOn": S.date, "startsAt": S.string, "place": S.string,
                                      "agenda": ["type": "array", "items": S.string, "description": "AgendaItem values or free text, in order"]],
                                     required: ["organizationId", "kind", "heldOn", "startsAt"]),
            "MeetingDetail": S.object(["meeting": OpenAPIDocument.ref("Meeting"), "attendance": ["type": "array", "items": line],
                                       "tasks": ["type": "array", "items": task]], required: ["meeting", "attendance", "tasks"]),
            "AttendanceLine": line,
            "AttendanceInput": S.object(["lines": ["type": "array", "items": S.object(
                ["memberId": S.uuid, "status": S.enumeration(AttendanceStatus.allCases.map(\.rawValue)), "reason": S.string],
                required: ["memberId", "status"])]], required: ["lines"]),
            "GuestInput": S.object(["memberId": S.uuid, "name": S.string, "title": S.string, "organizationId": S.uuid], required: []),
            "HoldInput": S.object(["durationMinutes": S.integer, "minutes": S.string, "minutesComplete": boolean, "conclusion": S.string,
                                   "judged": strings, "tasks": ["type": "array", "items": S.object(
                                       ["title": S.string, "owner": S.string, "dueOn": S.date], required: ["title", "dueOn"])]],
                                  required: ["durationMinutes"]),
            "CadenceWarning": S.object(["organizationId": S.uuid, "organizationName": S.string, "parentName": S.nullableString, "kind": S.string, "period": S.string,
                                        "message": S.string, "messageEn": S.string], required: ["organizationId", "kind", "period", "message"]),
            "CellMeetingStatistics": S.object(["organizationId": S.uuid, "organizationName": S.string, "parentName": S.nullableString, "held": S.integer, "regular": S.integer,
                                               "thematic": S.integer, "averageScore": nullableNumber, "averageAttendance": nullableNumber,
                                               "levels": ["type": "object", "additionalProperties": S.integer], "followers": S.integer],
                                              required: ["organizationId", "organizationName", "held", "levels", "followers"]),
            "TrendPoint": S.object(["month": S.string, "score": nullableNumber, "meetings": S.integer], required: ["month", "meetings"]),
            "MeetingPolicy": S.object(["policy": ["type": "object", "description": "R-MEET thresholds, level bands and the scoring sheet"]], required: ["policy"]),
            "FollowAssignment": follow,
            "FollowAssignmentInput": S.object(["memberId": S.uuid, "organizationId": S.uuid, "assignedByOrganizationId": S.uuid,
                                               "fromOn": S.date, "toOn": S.date, "note": S.string],
                                              required: ["memberId", "organizationId", "fromOn", "toOn"]),
            "Coverage": S.object(["from": S.date, "to": S.date, "unfollowed": ["type": "array", "items": cell],
                                  "shortfalls": ["type": "array", "items": S.object(
                                      ["assignmentId": S.uuid, "memberId": S.uuid, "memberName": S.string, "organizationId": S.uuid,
                                       "organizationName": S.string, "parentName": S.nullableString, "attended": S.integer, "required": S.integer],
                                      required: ["memberId", "organizationId", "attended", "required"])]],
                                 required: ["from", "to", "unfollowed", "shortfalls"]),
        ]
    }
}
