import CapuyCore
import Foundation

/// The inspection and discipline part of the OpenAPI document.
enum InspectionOpenAPI {
    typealias Op = OpenAPIDocument.Operation
    typealias S = OpenAPISchemas

    static let operations: [Op] = [
        .init(method: "get", path: "/api/v1/inspection-programs", summary: "Inspection and supervision programmes in scope", tag: "inspection",
              response: "[InspectionProgram]"),
        .init(method: "post", path: "/api/v1/inspection-programs", summary: "A yearly or full-term programme", tag: "inspection",
              request: "InspectionProgramInput", response: "InspectionProgram", status: "201"),
        .init(method: "get", path: "/api/v1/inspections", summary: "Inspections and supervisions (inspection roles only)", tag: "inspection",
              response: "[InspectionFull]"),
        .init(method: "post", path: "/api/v1/inspections", summary: "Open an inspection or supervision of a unit or a member", tag: "inspection",
              request: "InspectionCreate", response: "InspectionFull", status: "201"),
        .init(method: "get", path: "/api/v1/inspections/statistics", summary: "A year's inspection and discipline figures", tag: "inspection",
              response: "InspectionStatistics", query: ["year"]),
        .init(method: "get", path: "/api/v1/inspections/{id}", summary: "One inspection with its steps", tag: "inspection", response: "InspectionFull"),
        .init(method: "post", path: "/api/v1/inspections/{id}/steps", summary: "Record a step", tag: "inspection", request: "InspectionText",
              response: "InspectionFull"),
        .init(method: "post", path: "/api/v1/inspections/{id}/findings", summary: "Record the findings", tag: "inspection",
              request: "InspectionText", response: "InspectionFull"),
        .init(method: "post", path: "/api/v1/inspections/{id}/conclusion", summary: "Conclude (a case it came from is concluded too)",
              tag: "inspection", request: "InspectionText", response: "InspectionFull"),
        .init(method: "post", path: "/api/v1/inspections/{id}/discipline", summary: "Propose a sanction from an inspection (R-DISC-1)",
              tag: "inspection", request: "DisciplineProposal", response: "DisciplineDecision", status: "201"),
        .init(method: "get", path: "/api/v1/discipline", summary: "Discipline proposals and decisions in scope", tag: "inspection",
              response: "[DisciplineDecision]"),
        .init(method: "post", path: "/api/v1/discipline", summary: "Propose a sanction", tag: "inspection", request: "DisciplineProposal",
              response: "DisciplineDecision", status: "201"),
        .init(method: "post", path: "/api/v1/discipline/{id}/decision", summary: "Decide (R-DISC-1..3 checked; feeds R-EVAL-4)", tag: "inspection",
              request: "DisciplineDecisionInput", response: "DisciplineDecision"),
        .init(method: "post", path: "/api/v1/discipline/{id}/appeals", summary: "A complaint about the decision, to the level above", tag: "inspection",
              request: "AppealInput", response: "DisciplineAppeal", status: "201"),
        .init(method: "post", path: "/api/v1/discipline-appeals/{id}/result", summary: "Settle a complaint: uphold, change or annul", tag: "inspection",
              request: "AppealResult", response: "DisciplineAppeal"),
    ]

    static var schemas: [String: Any] {
        let boolean: [String: Any] = ["type": "boolean"]
        let counts: [String: Any] = ["type": "object", "additionalProperties": S.integer]
        let sanction = S.enumeration(SanctionForm.allCases.map(\.rawValue))
        let subject = S.enumeration(["member", "unit", "leadership"])
        return [
            "InspectionProgramInput": S.object(["organizationId": S.uuid, "period": S.enumeration(["year", "term"]), "year": S.integer,
                                                "title": S.string, "items": S.string], required: ["organizationId", "year", "title"]),
            "InspectionProgram": S.object(["id": S.uuid, "organizationId": S.uuid, "period": S.string, "year": S.integer, "title": S.string,
                                           "items": S.string], required: ["id", "organizationId", "period", "year", "title", "items"]),
            "InspectionCreate": S.object(["organizationId": S.uuid, "kind": S.enumeration(InspectionKind.allCases.map(\.rawValue)), "title": S.string,
                                          "subjectMemberId": S.uuid, "subjectOrganizationId": S.uuid, "team": S.string, "startsOn": S.date,
                                          "endsOn": S.date, "programId": S.uuid],
                                         required: ["organizationId", "kind", "title", "startsOn", "endsOn"]),
            "InspectionFull": S.object(["id": S.uuid, "organizationId": S.uuid, "caseId": S.nullableUUID, "kind": S.string, "title": S.string,
                                        "subjectMemberId": S.nullableUUID, "subjectOrganizationId": S.nullableUUID, "team": S.nullableString,
                                        "openedOn": S.date, "endsOn": S.nullableString, "status": S.enumeration(InspectionStatus.allCases.map(\.rawValue)),
                                        "findings": S.nullableString, "conclusion": S.nullableString, "concludedOn": S.nullableString,
                                        "steps": ["type": "array", "items": S.object(["doneOn": S.date, "text": S.string], required: ["doneOn", "text"])]],
                                       required: ["id", "organizationId", "kind", "title", "openedOn", "status", "steps"]),
            "InspectionText": S.object(["text": S.string, "on": S.date], required: ["text"]),
            "InspectionStatistics": S.object(["year": S.integer, "byKind": counts, "concluded": S.integer, "bySanction": counts, "bySubject": counts,
                                              "appeals": S.integer, "annulled": S.integer],
                                             required: ["year", "byKind", "concluded", "bySanction", "appeals", "annulled"]),
            "DisciplineProposal": S.object(["subject": subject, "memberId": S.uuid, "organizationId": S.uuid, "form": sanction,
                                            "offenceOn": S.date, "reason": S.string, "selfRemedied": boolean],
                                           required: ["subject", "form", "offenceOn", "reason"]),
            "DisciplineDecisionInput": S.object(["decidingOrganizationId": S.uuid, "decidedOn": S.date, "votesFor": S.integer,
                                                 "grassrootsAgreed": boolean, "ratifiedByOrganizationId": S.uuid],
                                                required: ["decidingOrganizationId", "decidedOn"]),
            "DisciplineDecision": S.object(["id": S.uuid, "inspectionId": S.nullableUUID, "subject": subject, "memberId": S.nullableUUID,
                                            "organizationId": S.uuid, "form": sanction, "offenceOn": S.date, "reason": S.string,
                                            "status": S.enumeration(["proposed", "decided", "annulled"]), "decidedOn": S.nullableString,
                                            "decidingOrganizationId": S.nullableUUID, "votesFor": S.integer, "fullMembers": S.integer],
                                           required: ["id", "subject", "organizationId", "form", "offenceOn", "reason", "status"]),
            "AppealInput": S.object(["filedOn": S.date, "text": S.string], required: ["filedOn", "text"]),
            "AppealResult": S.object(["status": S.enumeration(["upheld", "changed", "annulled"]), "note": S.string, "form": sanction],
                                     required: ["status", "note"]),
            "DisciplineAppeal": S.object(["id": S.uuid, "decisionId": S.uuid, "level": S.integer, "filedOn": S.date,
                                          "handlingOrganizationId": S.uuid, "status": S.enumeration(AppealStatus.allCases.map(\.rawValue)),
                                          "resultNote": S.nullableString],
                                         required: ["id", "decisionId", "level", "filedOn", "handlingOrganizationId", "status"]),
        ]
    }
}
