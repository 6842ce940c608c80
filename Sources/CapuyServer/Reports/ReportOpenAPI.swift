import CapuyCore
import Foundation

/// The reports part of the OpenAPI document.
enum ReportOpenAPI {
    typealias Op = OpenAPIDocument.Operation
    static let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    static let operations: [Op] = [("year", "{year}", "a calendar year"), ("term", "{termId}", "a committee's term")].flatMap { kind, param, what in
        let base = "/api/v1/organizations/{id}/reports/\(kind)/\(param)"
        return [
            Op(method: "get", path: base, summary: "The unit's report for \(what), beside the period before", tag: "reports", response: "Report"),
            Op(method: "get", path: base + "/export.docx", summary: "The report as a party document (BC, 36-HD/VPTW)", tag: "reports", media: [docx]),
            Op(method: "get", path: base + "/export.xlsx", summary: "The report as XLSX, a sheet per section", tag: "reports", media: [DocumentOpenAPI.xlsx]),
            Op(method: "post", path: base + "/document", summary: "Save the report into the register as a draft Báo cáo", tag: "reports",
               response: "Document", status: "201"),
        ]
    }

    static var schemas: [String: Any] {
        typealias S = OpenAPISchemas
        let number: [String: Any] = ["type": ["number", "null"]]
        let period = S.object(["from": S.date, "to": S.date, "label": S.string, "labelEn": S.string], required: ["from", "to", "label", "labelEn"])
        let column = S.object(["label": S.string, "labelEn": S.string, "format": S.enumeration(["count", "share", "score"])],
                              required: ["label", "labelEn", "format"])
        let row = S.object(["key": S.string, "label": S.string, "labelEn": S.string, "indent": S.integer,
                            "values": ["type": "array", "items": number], "snapshot": ["type": "boolean"],
                            "previous": number, "change": number, "text": S.nullableString, "link": S.nullableString,
                            "note": S.nullableString, "noteEn": S.nullableString],
                           required: ["key", "label", "labelEn", "indent", "values", "snapshot"])
        let table = S.object(["key": S.string, "title": S.string, "titleEn": S.string, "columns": ["type": "array", "items": column],
                              "rows": ["type": "array", "items": row]], required: ["key", "title", "titleEn", "columns", "rows"])
        let section = S.object(["key": S.string, "title": S.string, "titleEn": S.string, "shown": ["type": "boolean"],
                                "note": S.nullableString, "noteEn": S.nullableString, "tables": ["type": "array", "items": table]],
                               required: ["key", "title", "titleEn", "shown", "tables"])
        return [
            "Report": S.object(["organizationId": S.uuid, "organizationName": S.string, "kind": S.enumeration(["year", "term"]),
                                "year": ["type": ["integer", "null"]], "termId": S.nullableUUID, "period": period,
                                "previous": ["oneOf": [period, ["type": "null"]]], "madeOn": S.date,
                                "sections": ["type": "array", "items": section]],
                               required: ["organizationId", "organizationName", "kind", "period", "madeOn", "sections"]),
        ]
    }
}
