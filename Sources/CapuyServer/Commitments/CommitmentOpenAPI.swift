import CapuyCore
import Foundation

/// The commitments and pledges part of the OpenAPI document.
enum CommitmentOpenAPI {
    typealias Op = OpenAPIDocument.Operation

    static let operations: [Op] = [
        .init(method: "get", path: "/api/v1/commitments", summary: "Responsibility commitments seen from either unit", tag: "commitments",
              response: "[CommitmentSummary]", query: ["year", "organizationId"]),
        .init(method: "post", path: "/api/v1/commitments", summary: "Set up a unit's commitment with the level above (that level)",
              tag: "commitments", request: "CommitmentInput", response: "Commitment", status: "201"),
        .init(method: "get", path: "/api/v1/commitments/{id}", summary: "One commitment with its indicators and progress", tag: "commitments",
              response: "Commitment"),
        .init(method: "post", path: "/api/v1/commitments/{id}/progress", summary: "Report progress (the committing unit; refused once assessed)",
              tag: "commitments", request: "CommitmentProgressInput", response: "Commitment"),
        .init(method: "post", path: "/api/v1/commitments/{id}/assessment", summary: "Year-end assessment: percent per indicator and overall (R-EVAL-4)",
              tag: "commitments", request: "AssessmentInput", response: "Commitment"),
        .init(method: "post", path: "/api/v1/commitments/{id}/reopen", summary: "Reopen an assessed commitment, with a reason", tag: "commitments",
              request: "Reason", response: "Commitment"),
        .init(method: "get", path: "/api/v1/members/{id}/pledges/{year}", summary: "A member's pledge and action program of the year",
              tag: "pledges", response: "Pledge"),
        .init(method: "put", path: "/api/v1/members/{id}/pledges/{year}", summary: "Write the pledge (the member herself or her unit's reviewer)",
              tag: "pledges", request: "PledgeInput", response: "Pledge"),
        .init(method: "post", path: "/api/v1/members/{id}/pledges/{year}/items/{itemId}/done", summary: "Mark an action-program item done",
              tag: "pledges", request: "PledgeItemDone", response: "Pledge"),
        .init(method: "post", path: "/api/v1/members/{id}/pledges/{year}/review", summary: "Year-end self-review; the pledge is closed after it",
              tag: "pledges", request: "PledgeReview", response: "Pledge"),
    ]

    static var schemas: [String: Any] {
        typealias S = OpenAPISchemas
        let number: [String: Any] = ["type": "number"]
        let nullableNumber: [String: Any] = ["type": ["number", "null"]]
        let boolean: [String: Any] = ["type": "boolean"]
        let direction = S.enumeration(IndicatorDirection.allCases.map(\.rawValue))
        let status = S.enumeration([Commitment.open, Commitment.assessed])
        func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
        let progress = S.object(["reportedOn": S.date, "value": number, "note": S.string, "reportedBy": S.string],
                                required: ["reportedOn", "value", "note", "reportedBy"])
        let indicator = S.object(["id": S.uuid, "name": S.string, "unit": S.string, "target": number, "direction": direction, "dueOn": S.date,
                                  "latestValue": nullableNumber, "latestReportedOn": S.nullableString, "percentSoFar": nullableNumber,
                                  "assessedValue": nullableNumber, "percent": nullableNumber, "history": array(progress)],
                                 required: ["id", "name", "unit", "target", "direction", "dueOn", "history"])
        return [
            "CommitmentInput": S.object(["organizationId": S.uuid, "superiorId": S.uuid, "headMemberId": S.uuid, "year": S.integer,
                                         "title": S.string, "signedOn": S.date,
                                         "indicators": array(S.object(["name": S.string, "unit": S.string, "target": number, "direction": direction,
                                                                       "dueOn": S.date], required: ["name", "unit", "target"]))],
                                        required: ["organizationId", "superiorId", "year", "title", "signedOn", "indicators"]),
            "Commitment": S.object(["id": S.uuid, "organizationId": S.uuid, "organizationName": S.string, "superiorId": S.uuid,
                                    "superiorName": S.string, "headMemberId": S.nullableUUID, "headMemberName": S.nullableString,
                                    "year": S.integer, "title": S.string, "signedOn": S.date, "status": status,
                                    "overallPercent": nullableNumber, "overallSoFar": nullableNumber, "assessedOn": S.nullableString,
                                    "assessedBy": S.nullableString, "assessmentNote": S.nullableString, "reopenReason": S.nullableString,
                                    "indicators": array(indicator)],
                                   required: ["id", "organizationId", "superiorId", "year", "title", "signedOn", "status", "indicators"]),
            "CommitmentSummary": S.object(["id": S.uuid, "organizationId": S.uuid, "organizationName": S.string, "superiorId": S.uuid,
                                           "superiorName": S.string, "year": S.integer, "title": S.string, "status": status,
                                           "indicators": S.integer, "overallPercent": nullableNumber, "overallSoFar": nullableNumber],
                                          required: ["id", "organizationId", "superiorId", "year", "title", "status", "indicators"]),
            "CommitmentProgressInput": S.object(["reportedOn": S.date,
                                       "entries": array(S.object(["indicatorId": S.uuid, "value": number, "note": S.string],
                                                                 required: ["indicatorId", "value"]))],
                                      required: ["entries"]),
            "AssessmentInput": S.object(["assessedOn": S.date, "note": S.string,
                                         "values": array(S.object(["indicatorId": S.uuid, "value": number], required: ["indicatorId", "value"]))],
                                        required: []),
            "Pledge": S.object(["id": S.uuid, "memberId": S.uuid, "memberName": S.string, "year": S.integer, "pledgeText": S.string,
                                "items": array(S.object(["id": S.uuid, "text": S.string, "dueOn": S.date, "doneOn": S.nullableString,
                                                         "result": S.nullableString], required: ["id", "text", "dueOn"])),
                                "checklist": array(S.object(["id": S.uuid, "text": S.string, "kept": ["type": ["boolean", "null"]]],
                                                            required: ["id", "text"])),
                                "reviewed": boolean, "selfReview": S.nullableString, "reviewedOn": S.nullableString,
                                "summary": OpenAPIDocument.ref("PledgeSummary")],
                               required: ["id", "memberId", "year", "pledgeText", "items", "checklist", "reviewed", "summary"]),
            "PledgeSummary": S.object(["items": S.integer, "done": S.integer, "percent": number, "reviewed": boolean,
                                       "selfReview": S.nullableString, "breachedPledges": array(S.string)],
                                      required: ["items", "done", "percent", "reviewed", "breachedPledges"]),
            "PledgeInput": S.object(["pledgeText": S.string,
                                     "items": array(S.object(["id": S.uuid, "text": S.string, "dueOn": S.date], required: ["text", "dueOn"])),
                                     "checklist": array(S.string)],
                                    required: ["pledgeText"]),
            "PledgeItemDone": S.object(["doneOn": S.date, "result": S.string], required: []),
            "PledgeReview": S.object(["checklist": array(S.object(["id": S.uuid, "kept": boolean], required: ["id", "kept"])),
                                      "selfReview": S.string],
                                     required: ["checklist", "selfReview"]),
        ]
    }
}
