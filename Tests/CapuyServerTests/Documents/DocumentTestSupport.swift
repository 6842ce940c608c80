@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The Fixture tree with office users at P, A and B, and (unless asked not
/// to) one term per committee around today, so documents can be issued on
/// dates relative to the app's clock.
struct DocWorld: Sendable {
    let app: Application
    let f: Fixture
    /// Office tokens: they may draft, issue, assign and report.
    let p: String
    let a: String
    let b: String
    let today: LocalDate

    /// The usual issue day: a month ago, inside every term made here.
    var issueDay: LocalDate { today.adding(days: -30) }

    static func make(_ app: Application, terms: Bool = true) async throws -> DocWorld {
        let f = try await Fixture.make(app)
        let w = DocWorld(app: app, f: f,
                         p: try await f.user(app, "vp-tinh", .office, at: f.p),
                         a: try await f.user(app, "vp-xa-a", .office, at: f.a),
                         b: try await f.user(app, "vp-xa-b", .office, at: f.b),
                         today: app.capuy.today())
        if terms {
            let start = w.today.adding(days: -730), end = w.today.adding(days: 1095)
            try await w.term(f.p, start, end, token: w.p)
            try await w.term(f.a, start, end, token: w.a)
            try await w.term(f.b, start, end, token: w.b)
        }
        return w
    }

    @discardableResult
    func term(_ org: Organization, _ starts: LocalDate, _ ends: LocalDate, token: String) async throws -> TermDTO {
        let res = try await API.call(app, .POST, "/api/v1/terms", token: token,
                                     json: ["organizationId": org.id!.uuidString, "startsOn": starts.iso, "endsOn": ends.iso])
        try #require(res.status == .created, "term: \(res.body.string)")
        return try res.content.decode(TermDTO.self)
    }

    func draftResponse(_ token: String, type: String = "resolution", issuer: Organization, title: String = "Nghị quyết thử nghiệm",
                       summary: String? = nil, recipients: [Organization] = [], implements: UUID? = nil) async throws -> TestingHTTPResponse {
        var json: [String: any Sendable] = ["type": type, "issuerId": issuer.id!.uuidString, "title": title,
                                            "signerName": "Nguyễn Văn Ký", "signerTitle": "Bí thư", "place": "Thử nghiệm",
                                            "content": "Nội dung văn bản."]
        if let summary { json["summary"] = summary }
        if !recipients.isEmpty { json["recipientIds"] = recipients.map { $0.id!.uuidString } }
        if let implements { json["implementsId"] = implements.uuidString }
        return try await API.call(app, .POST, "/api/v1/documents", token: token, json: json)
    }

    func draft(_ token: String, type: String = "resolution", issuer: Organization, title: String = "Nghị quyết thử nghiệm",
               summary: String? = nil, recipients: [Organization] = [], implements: UUID? = nil) async throws -> DocumentDTO {
        let res = try await draftResponse(token, type: type, issuer: issuer, title: title, summary: summary,
                                          recipients: recipients, implements: implements)
        try #require(res.status == .created, "draft: \(res.body.string)")
        return try res.content.decode(DocumentDTO.self)
    }

    func issueResponse(_ token: String, _ id: UUID, on day: LocalDate, number: Int? = nil) async throws -> TestingHTTPResponse {
        var json: [String: any Sendable] = ["issuedOn": day.iso]
        if let number { json["number"] = number }
        return try await API.call(app, .POST, "/api/v1/documents/\(id)/issue", token: token, json: json)
    }

    /// Drafts and issues in one go; fails the test unless both succeed.
    func issued(_ token: String, type: String = "resolution", issuer: Organization, title: String = "Nghị quyết thử nghiệm",
                summary: String? = nil, recipients: [Organization] = [], implements: UUID? = nil,
                on day: LocalDate? = nil) async throws -> DocumentDTO {
        let d = try await draft(token, type: type, issuer: issuer, title: title, summary: summary, recipients: recipients, implements: implements)
        let res = try await issueResponse(token, d.id, on: day ?? issueDay)
        try #require(res.status == .ok, "issue: \(res.body.string)")
        return try res.content.decode(DocumentDTO.self)
    }

    func assignResponse(_ token: String, _ doc: UUID, title: String = "Xây dựng kế hoạch thực hiện", deadline: LocalDate,
                        deliverable: Deliverable = .report, units: [Organization]? = nil, kind: OrganizationKind? = nil,
                        under: Organization? = nil, program: Bool = false) async throws -> TestingHTTPResponse {
        var targets: [String: any Sendable] = [:]
        if let units { targets["organizationIds"] = units.map { $0.id!.uuidString } }
        if let kind { targets["kind"] = kind.rawValue }
        if let under { targets["under"] = under.id!.uuidString }
        let base = program ? "work-programs" : "documents"
        return try await API.call(app, .POST, "/api/v1/\(base)/\(doc)/tasks", token: token,
                                  json: ["title": title, "deadline": deadline.iso, "deliverable": deliverable.rawValue, "targets": targets])
    }

    @discardableResult
    func assign(_ token: String, _ doc: UUID, title: String = "Xây dựng kế hoạch thực hiện", deadline: LocalDate,
                deliverable: Deliverable = .report, units: [Organization]? = nil, kind: OrganizationKind? = nil,
                under: Organization? = nil) async throws -> TaskDTO {
        let res = try await assignResponse(token, doc, title: title, deadline: deadline, deliverable: deliverable,
                                           units: units, kind: kind, under: under)
        try #require(res.status == .created, "assign: \(res.body.string)")
        return try res.content.decode(TaskDTO.self)
    }

    /// The assignment of `task` held by `org`, read from the database.
    func assignment(_ task: UUID, at org: Organization) async throws -> TaskAssignment {
        try #require(try await TaskAssignment.query(on: app.db).filter(\.$task.$id == task)
            .filter(\.$organization.$id == org.id!).first())
    }

    func get(_ path: String, _ token: String) async throws -> TestingHTTPResponse {
        try await API.call(app, .GET, "/api/v1" + path, token: token)
    }

    func list(_ query: String, _ token: String) async throws -> [DocumentDTO] {
        let res = try await get("/documents?per=500" + (query.isEmpty ? "" : "&" + query), token)
        try #require(res.status == .ok, "list: \(res.body.string)")
        return try res.content.decode(PageOf<DocumentDTO>.self).items
    }
}

extension TestingHTTPResponse {
    /// The fields a 422 problem document names.
    var errorFields: [String] { (try? content.get([Problem.FieldError].self, at: "errors").map(\.field)) ?? [] }
    var errorMessages: [String] { (try? content.get([Problem.FieldError].self, at: "errors").map(\.message)) ?? [] }
}
