import CapuyCore
import Foundation

/// The meeting-quality survey part of the OpenAPI document.
enum SurveyOpenAPI {
    typealias Op = OpenAPIDocument.Operation
    typealias S = OpenAPISchemas

    static let operations: [Op] = [
        .init(method: "get", path: "/api/v1/surveys", summary: "Survey rounds in scope, above it, or observed in", tag: "surveys",
              response: "[SurveyRound]"),
        .init(method: "post", path: "/api/v1/surveys", summary: "Open a survey round over a subtree: every open cell is in it", tag: "surveys",
              request: "SurveyRoundInput", response: "SurveyRound", status: "201"),
        .init(method: "get", path: "/api/v1/surveys/{id}", summary: "One round with its evaluation form", tag: "surveys", response: "SurveyRound"),
        .init(method: "post", path: "/api/v1/surveys/{id}/close", summary: "Close the round: evaluations stop", tag: "surveys", response: "SurveyRound"),
        .init(method: "post", path: "/api/v1/surveys/{id}/observers", summary: "Assign an observer to the cells under some units", tag: "surveys",
              request: "SurveyAssignInput", response: "SurveyAssignResult"),
        .init(method: "get", path: "/api/v1/surveys/{id}/assignments", summary: "The cells the signed-in user observes", tag: "surveys",
              response: "[SurveyAssignment]"),
        .init(method: "post", path: "/api/v1/surveys/{id}/evaluations", summary: "Fill (or replace) a cell's evaluation", tag: "surveys",
              request: "SurveyEvaluationInput", response: "SurveyEvaluation"),
        .init(method: "get", path: "/api/v1/surveys/{id}/evaluations/{organizationId}", summary: "A cell's evaluation", tag: "surveys",
              response: "SurveyEvaluation"),
        .init(method: "get", path: "/api/v1/surveys/{id}/results", summary: "Results of a unit by sector and by the units below it", tag: "surveys",
              response: "SurveyResults", query: ["organizationId"]),
        .init(method: "get", path: "/api/v1/surveys/{id}/texts", summary: "Good practices and weaknesses under a unit", tag: "surveys",
              response: "[SurveyText]", query: ["organizationId"]),
        .init(method: "get", path: "/api/v1/surveys/{id}/results.xlsx", summary: "Summary by sector and unit, and the texts, as XLSX",
              tag: "surveys", query: ["organizationId"], media: [DocumentOpenAPI.xlsx]),
    ]

    static var schemas: [String: Any] {
        let number: [String: Any] = ["type": "number"]
        let level = S.enumeration(SurveyLevel.allCases.map(\.rawValue))
        let scores: [String: Any] = ["type": "object", "additionalProperties": number]
        let form = S.object([
            "criteria": ["type": "array", "items": S.object(["code": S.string, "title": S.string, "titleEn": S.string, "maxPoints": number],
                                                            required: ["code", "title", "titleEn", "maxPoints"])],
            "thresholds": S.object(["good": number, "fair": number, "average": number], required: ["good", "fair", "average"]),
        ], required: ["criteria", "thresholds"])
        let tally = S.object(["cells": S.integer, "evaluated": S.integer, "scoreSum": number,
                              "levels": ["type": "array", "items": S.integer, "description": "good, fair, average, weak"]],
                             required: ["cells", "evaluated", "levels", "scoreSum"])
        let nullableNumber: [String: Any] = ["type": ["number", "null"]]
        return [
            "SurveyRound": S.object(["id": S.uuid, "organizationId": S.uuid, "year": S.integer, "title": S.string,
                                     "status": S.enumeration(["open", "closed"]), "cells": S.integer, "form": form],
                                    required: ["id", "organizationId", "year", "title", "status", "cells"]),
            "SurveyRoundInput": S.object(["organizationId": S.uuid, "year": S.integer, "title": S.string, "form": form],
                                         required: ["organizationId", "year"]),
            "SurveyAssignInput": S.object(["userId": S.uuid, "memberId": S.uuid, "organizationIds": ["type": "array", "items": S.uuid]],
                                          required: ["organizationIds"]),
            "SurveyAssignResult": S.object(["userId": S.uuid, "assigned": S.integer], required: ["userId", "assigned"]),
            "SurveyAssignment": S.object(["organizationId": S.uuid, "name": S.string, "level": level, "total": number],
                                         required: ["organizationId", "name"]),
            "SurveyEvaluationInput": S.object(["organizationId": S.uuid, "meetingId": S.uuid, "observedOn": S.date, "scores": scores,
                                               "goodPractices": S.string, "weaknesses": S.string],
                                              required: ["organizationId", "observedOn", "scores"]),
            "SurveyEvaluation": S.object(["id": S.uuid, "roundId": S.uuid, "organizationId": S.uuid, "meetingId": S.nullableUUID,
                                          "observedOn": S.date, "observerName": S.string, "scores": scores, "total": number, "level": level,
                                          "goodPractices": S.string, "weaknesses": S.string],
                                         required: ["id", "roundId", "organizationId", "observedOn", "scores", "total", "level"]),
            "SurveyResults": S.object([
                "roundId": S.uuid, "organizationId": S.uuid, "organizationName": S.string, "total": tally, "average": nullableNumber,
                "sectors": ["type": "array", "items": S.object(["sector": S.enumeration(Sector.allCases.map(\.rawValue)), "label": S.string,
                                                                "labelEn": S.string, "tally": tally, "average": nullableNumber],
                                                               required: ["sector", "label", "labelEn", "tally"])],
                "children": ["type": "array", "items": S.object(["organizationId": S.uuid, "name": S.string, "tally": tally, "average": nullableNumber],
                                                                required: ["organizationId", "name", "tally"])],
            ], required: ["roundId", "organizationId", "organizationName", "total", "sectors", "children"]),
            "SurveyText": S.object(["organizationId": S.uuid, "name": S.string, "level": level, "total": number, "observedOn": S.date,
                                    "observerName": S.string, "goodPractices": S.string, "weaknesses": S.string],
                                   required: ["organizationId", "name", "level", "total", "observedOn", "observerName", "goodPractices", "weaknesses"]),
        ]
    }
}
