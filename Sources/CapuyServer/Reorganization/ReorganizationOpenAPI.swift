import CapuyCore
import Foundation

/// The reorganization plans part of the OpenAPI document.
enum ReorganizationOpenAPI {
    typealias Op = OpenAPIDocument.Operation

    static let operations: [Op] = [
        .init(method: "get", path: "/api/v1/reorganizations", summary: "Reorganization plans made inside the scope, newest first",
              tag: "reorganizations", response: "[ReorganizationPlan]"),
        .init(method: "post", path: "/api/v1/reorganizations",
              summary: "Check a plan (every problem with its row and column), then preview it (dryRun), apply it in one transaction, or keep it pending until its effective date",
              tag: "reorganizations", request: "ReorganizationInput", response: "ReorganizationResult"),
        .init(method: "get", path: "/api/v1/reorganizations/{id}", summary: "A stored plan with its rows", tag: "reorganizations",
              response: "ReorganizationPlanDetail"),
        .init(method: "post", path: "/api/v1/reorganizations/{id}/cancel", summary: "Cancel a pending plan before its date",
              tag: "reorganizations", request: "ReorganizationCancel", response: "ReorganizationPlan"),
    ]

    static var schemas: [String: Any] {
        typealias S = OpenAPISchemas
        func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
        let action = S.enumeration(PlanAction.allCases.map(\.rawValue))
        let strings = array(S.string)
        let rowInput = S.object(["action": S.string, "unit": S.string, "code": S.string, "name": S.string, "kind": S.string, "sector": S.string,
                                 "parent": S.string, "successor": S.string, "cells": strings, "members": strings, "note": S.string],
                                required: ["action"])
        let row = S.object(["line": S.integer, "action": action, "unit": S.string, "code": S.string, "name": S.string, "kind": S.string,
                            "sector": S.string, "parent": S.string, "successor": S.string, "cells": strings, "members": strings, "note": S.string],
                           required: ["line", "action", "unit", "code", "name", "kind", "sector", "parent", "successor", "cells", "members", "note"])
        let plan = S.object(["id": S.uuid, "title": S.string, "effectiveOn": S.date,
                             "status": S.enumeration(ReorganizationPlanRecord.Status.allCases.map(\.rawValue)), "rows": S.integer,
                             "createdBy": S.string, "createdAt": ["type": "string", "format": "date-time"], "appliedAt": ["type": ["string", "null"], "format": "date-time"],
                             "outcome": S.nullableString],
                            required: ["id", "title", "effectiveOn", "status", "rows", "createdBy", "createdAt"])
        let change = S.object(["row": S.integer, "action": S.string, "unitId": S.uuid, "unit": S.string, "detail": S.string],
                              required: ["row", "action", "unitId", "unit", "detail"])
        let memberMove = S.object(["row": S.integer, "count": S.integer, "fromId": S.uuid, "from": S.string, "toId": S.uuid, "to": S.string,
                                   "withUnit": S.nullableString], required: ["row", "count", "fromId", "from", "toId", "to"])
        let handover = S.object(["kind": S.enumeration(["task", "case", "commitment", "meeting", "reviewRound", "follow"]), "id": S.uuid,
                                 "title": S.string, "fromId": S.uuid, "from": S.string, "toId": S.uuid, "to": S.string, "moved": ["type": "boolean"]],
                                required: ["kind", "id", "title", "fromId", "from", "toId", "to", "moved"])
        let count = S.object(["id": S.uuid, "code": S.string, "name": S.string, "membersBefore": S.integer, "membersAfter": S.integer,
                              "openUnitsBefore": S.integer, "openUnitsAfter": S.integer, "state": S.enumeration(["created", "closed", "changed"])],
                             required: ["id", "code", "name", "membersBefore", "membersAfter", "openUnitsBefore", "openUnitsAfter", "state"])
        let preview = S.object(["effectiveOn": S.date, "rows": S.integer, "changes": array(change), "memberMoves": array(memberMove),
                                "handovers": array(handover), "counts": array(count)],
                               required: ["effectiveOn", "rows", "changes", "memberMoves", "handovers", "counts"])
        return [
            "ReorganizationInput": S.object(["title": S.string, "effectiveOn": S.date, "dryRun": ["type": "boolean"], "rows": array(rowInput)],
                                            required: ["effectiveOn", "rows"]),
            "ReorganizationResult": S.object(["status": S.enumeration(["preview", "applied", "pending"]), "planId": S.nullableUUID,
                                              "preview": preview], required: ["status", "preview"]),
            "ReorganizationPlan": plan,
            "ReorganizationPlanDetail": S.object(["plan": plan, "rows": array(row)], required: ["plan", "rows"]),
            "ReorganizationCancel": S.object(["reason": S.string], required: []),
        ]
    }
}
