import Foundation
import CapuyCore

/// JSON Schemas of the API's bodies, written next to the DTOs' shapes.
enum OpenAPISchemas {
    static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }

    static var string: [String: Any] { ["type": "string"] }
    static var nullableString: [String: Any] { ["type": ["string", "null"]] }
    static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    static var nullableUUID: [String: Any] { ["type": ["string", "null"], "format": "uuid"] }
    static var date: [String: Any] { ["type": "string", "description": "yyyy-MM-dd (dd/MM/yyyy accepted on input)"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static func enumeration(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }

    static var all: [String: Any] {
        [
            "Problem": object(["type": string, "title": string, "status": integer, "detail": string,
                               "errors": ["type": "array", "items": object(["field": string, "message": string, "messageEn": string],
                                                                             required: ["field", "message"])]],
                              required: ["title", "status"]),
            "SignIn": object(["username": string, "password": string], required: ["username", "password"]),
            "Token": object(["token": string, "expiresAt": ["type": "string", "format": "date-time"]], required: ["token", "expiresAt"]),
            "Me": object(["id": uuid, "username": string, "displayName": string, "grants": ["type": "array", "items": OpenAPIDocument.ref("Grant")]],
                         required: ["id", "username", "displayName", "grants"]),
            "Organization": object(["id": uuid, "code": string, "name": string,
                                    "kind": enumeration(OrganizationKind.allCases.map(\.rawValue)),
                                    "sector": enumeration(Sector.allCases.map(\.rawValue)), "parentId": nullableUUID,
                                    "path": string, "depth": integer, "openedOn": nullableString, "closedOn": nullableString,
                                    "closureNote": nullableString, "placeName": nullableString],
                                   required: ["id", "code", "name", "kind", "sector", "path", "depth"]),
            "OrganizationCreate": object(["parentId": uuid, "name": string, "kind": enumeration(OrganizationKind.allCases.map(\.rawValue)),
                                          "sector": enumeration(Sector.allCases.map(\.rawValue)), "code": string, "openedOn": date],
                                         required: ["parentId", "name", "kind"]),
            "Lineage": object(["predecessors": ["type": "array", "items": ["$ref": "#/components/schemas/Organization"]],
                               "successors": ["type": "array", "items": ["$ref": "#/components/schemas/Organization"]]],
                              required: ["predecessors", "successors"]),
            "OrganizationUpdate": object(["name": string, "sector": enumeration(Sector.allCases.map(\.rawValue)), "code": string,
                                          "kind": enumeration(OrganizationKind.allCases.map(\.rawValue)), "placeName": string], required: []),
            "OrganizationMove": object(["parentId": uuid, "kind": enumeration(OrganizationKind.allCases.map(\.rawValue))], required: ["parentId"]),
            "OrganizationClose": object(["closedOn": date, "successorIds": ["type": "array", "items": uuid], "note": string],
                                        required: ["closedOn"]),
            "OrganizationCounts": object(["subUnits": integer, "members": integer, "fullMembers": integer,
                                          "probationaryMembers": integer, "women": integer],
                                         required: ["subUnits", "members", "fullMembers", "probationaryMembers", "women"]),
            "UnitFigures": object(["members": integer, "fullMembers": integer, "probationaryMembers": integer, "women": integer,
                                   "minority": integer, "subUnits": integer,
                                   "ages": ["type": "array", "items": object(["band": enumeration(AgeBand.allCases.map { "\($0)" }),
                                                                              "label": string, "count": integer],
                                                                             required: ["band", "label", "count"])]],
                                  required: ["members", "fullMembers", "probationaryMembers", "women", "minority", "subUnits", "ages"]),
            "UnitDashboard": object(["unit": OpenAPIDocument.ref("Organization"), "ageYear": integer,
                                     "totals": OpenAPIDocument.ref("UnitFigures"),
                                     "children": ["type": "array", "items": object(["id": uuid, "code": string, "name": string,
                                                                                    "kind": enumeration(OrganizationKind.allCases.map(\.rawValue)),
                                                                                    "figures": OpenAPIDocument.ref("UnitFigures")],
                                                                                   required: ["id", "code", "name", "kind", "figures"])]],
                                    required: ["unit", "ageYear", "totals", "children"]),
            "Member": object(["id": uuid, "fullName": string, "partyCardNumber": nullableString, "birthDate": date,
                              "gender": enumeration(Gender.allCases.map(\.rawValue)), "ethnicity": string, "admissionDate": date,
                              "officialDate": nullableString, "status": enumeration(MemberStatus.allCases.map(\.rawValue)),
                              "organizationId": uuid],
                             required: ["id", "fullName", "birthDate", "gender", "ethnicity", "admissionDate", "status", "organizationId"]),
            "MemberInput": object(["fullName": string, "birthDate": date, "gender": enumeration(Gender.allCases.map(\.rawValue)),
                                   "ethnicity": string, "partyCardNumber": string, "admissionDate": date, "officialDate": date,
                                   "organizationId": uuid],
                                  required: ["fullName", "birthDate", "gender", "ethnicity", "admissionDate"]),
            "MemberPage": object(["items": ["type": "array", "items": OpenAPIDocument.ref("Member")], "page": integer, "per": integer, "total": integer,
                                  "next": nullableString, "previous": nullableString,
                                  // A search of a large subtree lists its first 1,000 matches; then `total` is 1,000 and `capped` true.
                                  "capped": ["type": "boolean"]],
                                 required: ["items", "page", "per", "total"]),
            "Transfer": object(["id": uuid, "memberId": uuid, "fromOrganizationId": uuid, "toOrganizationId": uuid,
                                "transferredOn": date, "reason": nullableString],
                               required: ["id", "memberId", "fromOrganizationId", "toOrganizationId", "transferredOn"]),
            "TransferInput": object(["toOrganizationId": uuid, "transferredOn": date, "reason": string], required: ["toOrganizationId", "transferredOn"]),
            "Position": object(["id": uuid, "memberId": uuid, "organizationId": uuid,
                                "title": enumeration(PositionTitle.allCases.map(\.rawValue)), "detail": nullableString,
                                "term": nullableString, "startOn": date, "endOn": nullableString],
                               required: ["id", "memberId", "organizationId", "title", "startOn"]),
            "PositionInput": object(["organizationId": uuid, "title": enumeration(PositionTitle.allCases.map(\.rawValue)),
                                     "detail": string, "term": string, "startOn": date],
                                    required: ["organizationId", "title", "startOn"]),
            "PositionEnd": object(["endOn": date], required: ["endOn"]),
            "AuditEvent": object(["seq": integer, "at": ["type": "string", "format": "date-time"], "actorName": string,
                                  "action": string, "entity": string, "entityId": uuid, "before": nullableString, "after": nullableString],
                                 required: ["seq", "at", "actorName", "action", "entity", "entityId"]),
            "Grant": object(["id": uuid, "role": enumeration(Role.allCases.map(\.rawValue)), "organizationId": uuid],
                            required: ["id", "role", "organizationId"]),
            "GrantInput": object(["role": enumeration(Role.allCases.map(\.rawValue)), "organizationId": uuid], required: ["role", "organizationId"]),
            "User": object(["id": uuid, "username": string, "displayName": string, "active": ["type": "boolean"],
                            "grants": ["type": "array", "items": OpenAPIDocument.ref("Grant")]],
                           required: ["id", "username", "displayName", "active", "grants"]),
            "UserCreate": object(["username": string, "displayName": string, "password": string,
                                  "role": enumeration(Role.allCases.map(\.rawValue)), "organizationId": uuid, "memberId": uuid],
                                 required: ["username", "displayName", "password", "role", "organizationId"]),
        ].merging(DocumentOpenAPI.schemas) { a, _ in a }.merging(CaseOpenAPI.schemas) { a, _ in a }.merging(ReviewOpenAPI.schemas) { a, _ in a }.merging(InspectionOpenAPI.schemas) { a, _ in a }
            .merging(CommitmentOpenAPI.schemas) { a, _ in a }.merging(SurveyOpenAPI.schemas) { a, _ in a }.merging(MeetingOpenAPI.schemas) { a, _ in a }
            .merging(ReorganizationOpenAPI.schemas) { a, _ in a }.merging(ReportOpenAPI.schemas) { a, _ in a }
    }
}
