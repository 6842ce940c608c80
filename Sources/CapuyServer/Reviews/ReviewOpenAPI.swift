import CapuyCore
import Foundation

/// The review, ranking and discipline-record part of the OpenAPI document.
enum ReviewOpenAPI {
    typealias Op = OpenAPIDocument.Operation
    typealias S = OpenAPISchemas

    static let operations: [Op] = [
        .init(method: "get", path: "/api/v1/review-rounds", summary: "Review rounds of the units in scope and those covering them", tag: "reviews",
              response: "[ReviewRound]"),
        .init(method: "post", path: "/api/v1/review-rounds", summary: "Open a review round for a subtree (R-EVAL-6)", tag: "reviews",
              request: "ReviewRoundInput", response: "ReviewRound", status: "201"),
        .init(method: "get", path: "/api/v1/review-rounds/{id}", summary: "One round with its policy and criteria sheets", tag: "reviews",
              response: "ReviewRound"),
        .init(method: "post", path: "/api/v1/review-rounds/{id}/close", summary: "Close the round: results are published, edits stop", tag: "reviews",
              response: "ReviewRound"),
        .init(method: "post", path: "/api/v1/review-rounds/{id}/reopen", summary: "Reopen with a reason (audited)", tag: "reviews",
              request: "Reason", response: "ReviewRound"),
        .init(method: "get", path: "/api/v1/review-rounds/{id}/members/{memberId}", summary: "A member's form, facts and review", tag: "reviews",
              response: "SelfAssessmentContext"),
        .init(method: "put", path: "/api/v1/review-rounds/{id}/members/{memberId}", summary: "Self-assessment (forms 2A/2B/2C)", tag: "reviews",
              request: "SelfAssessmentInput", response: "MemberReview"),
        .init(method: "post", path: "/api/v1/review-rounds/{id}/cell-reviews", summary: "The cell's review and proposals", tag: "reviews",
              request: "CellReviewInput", response: "[MemberReview]"),
        .init(method: "post", path: "/api/v1/review-rounds/{id}/decisions", summary: "The committee's decisions (R-EVAL-3..5 checked)", tag: "reviews",
              request: "DecisionInput", response: "[MemberReview]"),
        .init(method: "get", path: "/api/v1/review-rounds/{id}/quota/{organizationId}", summary: "R-EVAL-5 status of the unit's grassroots organization",
              tag: "reviews", response: "QuotaStatus"),
        .init(method: "get", path: "/api/v1/review-rounds/{id}/units/{organizationId}", summary: "A unit's form, facts and results below it",
              tag: "reviews", response: "UnitReviewContext"),
        .init(method: "put", path: "/api/v1/review-rounds/{id}/units/{organizationId}", summary: "A unit's self-assessment", tag: "reviews",
              request: "UnitSelfAssessmentInput", response: "UnitReview"),
        .init(method: "post", path: "/api/v1/review-rounds/{id}/unit-decisions", summary: "The level above decides units' ratings (R-EVAL-6)",
              tag: "reviews", request: "UnitDecisionInput", response: "[UnitReview]"),
        .init(method: "get", path: "/api/v1/review-rounds/{id}/distribution", summary: "Levels per unit and sub-unit, year over year (rollups)",
              tag: "reviews", response: "Distribution", query: ["organizationId"]),
        .init(method: "get", path: "/api/v1/review-rounds/{id}/rated", summary: "Members of a subtree by level", tag: "reviews",
              response: "[RatedMember]", query: ["organizationId", "level"]),
        .init(method: "get", path: "/api/v1/review-rounds/{id}/summary.xlsx", summary: "Mẫu 01 summary as XLSX", tag: "reviews",
              query: ["organizationId"], media: [DocumentOpenAPI.xlsx]),
        .init(method: "get", path: "/api/v1/review-rounds/{id}/decision.docx", summary: "The decision with its list of members as DOCX",
              tag: "reviews", query: ["organizationId"], media: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"]),
        .init(method: "post", path: "/api/v1/discipline-records", summary: "Record a sanction decided (feeds R-EVAL-4)", tag: "reviews",
              request: "DisciplineRecordInput", response: "DisciplineRecord", status: "201"),
    ]

    static var schemas: [String: Any] {
        let number: [String: Any] = ["type": "number"]
        let boolean: [String: Any] = ["type": "boolean"]
        let level = S.enumeration(RatingLevel.allCases.map(\.rawValue))
        let counts: [String: Any] = ["type": "array", "items": S.integer, "description": "excellent, good, fulfilled, not fulfilled"]
        let scores: [String: Any] = ["type": "object", "additionalProperties": number]
        let criterion = S.object(["code": S.string, "title": S.string, "maxPoints": number], required: ["code", "title", "maxPoints"])
        let sheet = S.object(["form": S.enumeration(ReviewForm.allCases.map(\.rawValue)),
                              "sections": ["type": "array", "items": S.object(["code": S.string, "title": S.string, "maxPoints": number,
                                                                               "criteria": ["type": "array", "items": criterion]],
                                                                              required: ["code", "title", "maxPoints", "criteria"])]],
                             required: ["form", "sections"])
        let policy = S.object(["bands": S.object(["excellent": number, "good": number, "fulfilled": number], required: ["excellent", "good", "fulfilled"]),
                               "excellentBeyondShare": number, "targetsFloor": number, "disciplinedUnitsCeiling": number, "excellentQuota": number,
                               "sheets": ["type": "array", "items": sheet]],
                              required: ["bands", "excellentBeyondShare", "targetsFloor", "disciplinedUnitsCeiling", "excellentQuota", "sheets"])
        let round: [String: Any] = ["id": S.uuid, "organizationId": S.uuid, "year": S.integer, "period": S.enumeration(ReviewPeriod.allCases.map(\.rawValue)),
                                    "title": S.string, "selfFrom": S.date, "selfTo": S.date, "unitReviewBy": S.date, "decisionBy": S.date,
                                    "status": S.enumeration(["open", "closed"]), "policy": policy]
        let memberReview = S.object(["id": S.uuid, "roundId": S.uuid, "memberId": S.uuid, "organizationId": S.uuid, "form": S.string,
                                     "stage": S.enumeration(ReviewStage.allCases.map(\.rawValue)), "selfScores": scores, "selfTotal": number,
                                     "selfLevel": level, "selfNote": S.string, "tasks": S.integer, "tasksOnTime": S.integer, "tasksBeyond": S.integer,
                                     "unitTotal": number, "unitLevel": level, "unitDiscussion": S.string, "votesPresent": S.integer,
                                     "votesAgree": S.integer, "decidedLevel": level, "decisionNote": S.string,
                                     "bars": ["type": "array", "items": S.enumeration(RatingBar.allCases.map(\.rawValue))]],
                                    required: ["id", "roundId", "memberId", "form", "stage", "selfTotal", "selfLevel", "bars"])
        let unitReview = S.object(["id": S.uuid, "roundId": S.uuid, "organizationId": S.uuid, "stage": S.string, "selfScores": scores,
                                   "selfTotal": number, "selfLevel": level, "selfNote": S.string, "tasksBeyond": S.integer, "decidedLevel": level,
                                   "decidedByOrganizationId": S.nullableUUID, "decisionNote": S.string,
                                   "bars": ["type": "array", "items": S.string]],
                                  required: ["id", "roundId", "organizationId", "stage", "selfTotal", "selfLevel", "bars"])
        let row = S.object(["organizationId": S.uuid, "name": S.string, "members": S.integer, "memberLevels": counts, "unitLevels": counts],
                           required: ["organizationId", "name", "members", "memberLevels", "unitLevels"])
        return [
            "ReviewRound": S.object(round, required: ["id", "organizationId", "year", "period", "title", "status"]),
            "ReviewRoundInput": S.object(round.filter { !["id", "status"].contains($0.key) },
                                         required: ["organizationId", "year", "selfFrom", "selfTo", "unitReviewBy", "decisionBy"]),
            "SelfAssessmentInput": S.object(["form": S.enumeration(ReviewForm.individual.map(\.rawValue)), "scores": scores, "note": S.string,
                                             "tasks": S.integer, "tasksOnTime": S.integer, "tasksBeyond": S.integer, "level": level],
                                            required: ["scores", "level"]),
            "SelfAssessmentContext": S.object(["round": OpenAPIDocument.ref("ReviewRound"), "memberId": S.uuid, "memberName": S.string,
                                               "form": S.string, "sheet": sheet, "disciplined": boolean, "pledge": ["type": ["object", "null"]],
                                               "review": memberReview],
                                              required: ["round", "memberId", "memberName", "form", "sheet", "disciplined"]),
            "MemberReview": memberReview,
            "CellReviewInput": S.object(["entries": ["type": "array", "items": S.object(
                ["memberId": S.uuid, "level": level, "total": number, "discussion": S.string, "present": S.integer, "agree": S.integer],
                required: ["memberId", "level", "present", "agree"])]], required: ["entries"]),
            "DecisionInput": S.object(["decisions": ["type": "array", "items": S.object(
                ["memberId": S.uuid, "level": level, "note": S.string, "degradation": boolean, "exampleBreach": boolean],
                required: ["memberId", "level"])]], required: ["decisions"]),
            "QuotaStatus": S.object(["organizationId": S.uuid, "organizationName": S.string, "excellent": S.integer, "good": S.integer,
                                     "fulfilled": S.integer, "notFulfilled": S.integer, "maxExcellent": S.integer, "excess": S.integer],
                                    required: ["organizationId", "organizationName", "excellent", "good", "maxExcellent", "excess"]),
            "UnitReviewContext": S.object(["organizationId": S.uuid, "organizationName": S.string, "sheet": sheet, "members": counts,
                                           "subUnits": counts, "facts": ["type": "object"], "review": unitReview],
                                          required: ["organizationId", "organizationName", "sheet", "members", "subUnits", "facts"]),
            "UnitSelfAssessmentInput": S.object(["scores": scores, "note": S.string, "tasksBeyond": S.integer, "level": level],
                                                required: ["scores", "level"]),
            "UnitReview": unitReview,
            "UnitDecisionInput": S.object(["decisions": ["type": "array", "items": S.object(
                ["organizationId": S.uuid, "level": level, "note": S.string], required: ["organizationId", "level"])]], required: ["decisions"]),
            "Distribution": S.object(["roundId": S.uuid, "year": S.integer, "period": S.string, "published": boolean, "unit": row,
                                      "children": ["type": "array", "items": row],
                                      "years": ["type": "array", "items": S.object(["year": S.integer, "memberLevels": counts],
                                                                                   required: ["year", "memberLevels"])]],
                                     required: ["roundId", "year", "period", "published", "unit", "children", "years"]),
            "RatedMember": S.object(["memberId": S.uuid, "name": S.string, "organizationId": S.uuid, "total": number, "level": S.string],
                                    required: ["memberId", "name", "organizationId", "total", "level"]),
            "DisciplineRecordInput": S.object(["subject": S.enumeration(["member", "unit", "leadership"]), "memberId": S.uuid,
                                               "organizationId": S.uuid, "form": S.enumeration(SanctionForm.allCases.map(\.rawValue)),
                                               "decidedOn": S.date, "decidedBy": S.string, "reason": S.string, "selfRemedied": boolean],
                                              required: ["subject", "form", "decidedOn", "decidedBy", "reason"]),
            "DisciplineRecord": S.object(["id": S.uuid, "subject": S.string, "memberId": S.nullableUUID, "organizationId": S.uuid, "form": S.string,
                                          "decidedOn": S.date, "decidedBy": S.string, "reason": S.string, "selfRemedied": boolean],
                                         required: ["id", "subject", "organizationId", "form", "decidedOn", "decidedBy", "reason", "selfRemedied"]),
        ]
    }
}
