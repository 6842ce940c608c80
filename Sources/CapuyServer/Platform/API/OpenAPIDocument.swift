import CapuyCore
import Foundation

/// The OpenAPI 3.1 description of `/api/v1` and the operations routes. A test
/// compares its operations with the registered routes, both ways.
enum OpenAPIDocument {
    struct Operation {
        let method: String
        let path: String
        let summary: String
        let tag: String
        var request: String? = nil
        var response: String? = nil
        var status = "200"
        var query: [String] = []
        var isPublic = false
        /// A non-JSON body: a file download, or an upload sent as raw bytes,
        /// in any of these media types.
        var media: [String] = []
        var requestMedia: [String] = []
        /// Optional request headers the operation reads.
        var headers: [String] = []
    }

    /// What an attached file is served as, and what an upload may be sent as.
    static let attachmentMedia = AttachmentKind.allCases.map(\.contentType)
    static let uploadMedia = ["application/octet-stream"] + attachmentMedia

    static let operations: [Operation] = [
        .init(method: "get", path: "/healthz", summary: "Database reachable", tag: "operations", isPublic: true),
        .init(method: "get", path: "/metrics", summary: "Prometheus metrics (bearer: CAPUY_METRICS_TOKEN)", tag: "operations"),
        .init(method: "get", path: "/openapi.json", summary: "This document", tag: "operations", isPublic: true),
        .init(method: "post", path: "/api/v1/sessions", summary: "Sign in, get a bearer token", tag: "sessions",
              request: "SignIn", response: "Token", status: "201", isPublic: true),
        .init(method: "delete", path: "/api/v1/sessions/current", summary: "Sign out this token", tag: "sessions", status: "204"),
        .init(method: "get", path: "/api/v1/me", summary: "The signed-in user", tag: "users", response: "Me"),
        .init(method: "get", path: "/api/v1/organizations", summary: "Search units in scope", tag: "organizations",
              response: "[Organization]", query: ["q", "kind"]),
        .init(method: "post", path: "/api/v1/organizations", summary: "Create a sub-unit", tag: "organizations",
              request: "OrganizationCreate", response: "Organization", status: "201"),
        .init(method: "get", path: "/api/v1/organizations/{id}", summary: "One unit", tag: "organizations", response: "Organization"),
        .init(method: "patch", path: "/api/v1/organizations/{id}", summary: "Rename, change sector or code", tag: "organizations",
              request: "OrganizationUpdate", response: "Organization"),
        .init(method: "get", path: "/api/v1/organizations/{id}/lineage",
              summary: "Reorganization history both ways: the units this one took over from, and those that took over from it, in order (those the caller may see)",
              tag: "organizations", response: "Lineage"),
        .init(method: "get", path: "/api/v1/organizations/{id}/children", summary: "Direct sub-units", tag: "organizations",
              response: "[Organization]"),
        .init(method: "get", path: "/api/v1/organizations/{id}/counts", summary: "Member counts of the subtree", tag: "organizations",
              response: "OrganizationCounts"),
        .init(method: "get", path: "/api/v1/organizations/{id}/dashboard", summary: "Dashboard: subtree counts and each open sub-unit's, from rollups",
              tag: "organizations", response: "UnitDashboard"),
        .init(method: "post", path: "/api/v1/organizations/{id}/move", summary: "Move the unit with its subtree, taking a new kind where the new place needs it", tag: "organizations",
              request: "OrganizationMove", response: "Organization"),
        .init(method: "post", path: "/api/v1/organizations/{id}/close", summary: "Close (merge, split, dissolve)", tag: "organizations",
              request: "OrganizationClose", response: "Organization"),
        .init(method: "get", path: "/api/v1/organizations/{id}/audit", summary: "Audit trail of the subtree", tag: "organizations",
              response: "[AuditEvent]"),
        .init(method: "get", path: "/api/v1/members", summary: "Members in scope, Vietnamese name order; any page at any depth with the after/before cursors the previous page gave",
              tag: "members", response: "MemberPage", query: ["organizationId", "q", "status", "page", "per", "after", "before"]),
        .init(method: "post", path: "/api/v1/members", summary: "Add a member", tag: "members",
              request: "MemberInput", response: "Member", status: "201"),
        .init(method: "get", path: "/api/v1/members/{id}", summary: "One member", tag: "members", response: "Member"),
        .init(method: "put", path: "/api/v1/members/{id}", summary: "Edit a member", tag: "members", request: "MemberInput", response: "Member"),
        .init(method: "get", path: "/api/v1/members/{id}/transfers", summary: "Transfer history", tag: "members", response: "[Transfer]"),
        .init(method: "post", path: "/api/v1/members/{id}/transfers", summary: "Transfer party activity", tag: "members",
              request: "TransferInput", response: "Transfer", status: "201"),
        .init(method: "get", path: "/api/v1/members/{id}/positions", summary: "Posts held", tag: "members", response: "[Position]"),
        .init(method: "post", path: "/api/v1/members/{id}/positions", summary: "Give a post", tag: "members",
              request: "PositionInput", response: "Position", status: "201"),
        .init(method: "post", path: "/api/v1/members/{id}/positions/{positionId}/end", summary: "End a post", tag: "members",
              request: "PositionEnd", response: "Position"),
        .init(method: "get", path: "/api/v1/members/{id}/audit", summary: "Audit trail of the member", tag: "members", response: "[AuditEvent]"),
        .init(method: "get", path: "/api/v1/users", summary: "Accounts with a grant in scope", tag: "users", response: "[User]"),
        .init(method: "post", path: "/api/v1/users", summary: "Create an account with its first grant", tag: "users",
              request: "UserCreate", response: "User", status: "201"),
        .init(method: "get", path: "/api/v1/users/{id}", summary: "One account", tag: "users", response: "User"),
        .init(method: "post", path: "/api/v1/users/{id}/grants", summary: "Add a grant", tag: "users",
              request: "GrantInput", response: "Grant", status: "201"),
        .init(method: "delete", path: "/api/v1/users/{id}/grants/{grantId}", summary: "Revoke a grant", tag: "users", status: "204"),
    ] + DocumentOpenAPI.operations + CaseOpenAPI.operations + ReviewOpenAPI.operations + InspectionOpenAPI.operations + CommitmentOpenAPI.operations + SurveyOpenAPI.operations + MeetingOpenAPI.operations + ReorganizationOpenAPI.operations + ReportOpenAPI.operations

    static let json: Data = {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? JSONSerialization.data(withJSONObject: document, options: options)) ?? Data("{}".utf8)
    }()

    static var document: [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for op in operations {
            paths[op.path, default: [:]][op.method] = operationObject(op)
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "capuy API", "version": "1.0.0",
                     "description": "Party organizations, members and accounts. Errors are application/problem+json."],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": OpenAPISchemas.all,
            ],
        ]
    }

    private static func operationObject(_ op: Operation) -> [String: Any] {
        var o: [String: Any] = ["summary": op.summary, "tags": [op.tag],
                                "operationId": op.method + op.path.split(separator: "/").map { $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "").capitalized }.joined().replacingOccurrences(of: ".", with: "")]
        var parameters: [[String: Any]] = op.path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
            let name = String($0.dropFirst().dropLast())
            let schema: [String: Any] = name == "code" ? ["type": "string"] : name == "year" ? yearSchema : ["type": "string", "format": "uuid"]
            return ["name": name, "in": "path", "required": true, "schema": schema]
        }
        parameters += op.query.map { ["name": $0, "in": "query", "required": false, "schema": querySchema($0)] }
        parameters += op.headers.map { ["name": $0, "in": "header", "required": false,
                                         "schema": ["type": "string", "minLength": 16, "maxLength": 200, "pattern": "^[!-~]+$"]] }
        if !parameters.isEmpty { o["parameters"] = parameters }
        if let request = op.request {
            o["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(request)]]]
        } else if !op.requestMedia.isEmpty {
            o["requestBody"] = ["required": true, "content": Self.binary(op.requestMedia)]
        }
        var responses: [String: Any] = [:]
        if !op.media.isEmpty {
            responses[op.status] = ["description": "File", "content": Self.binary(op.media)]
        } else if let response = op.response {
            let media = op.path == "/metrics" ? "text/plain" : "application/json"
            responses[op.status] = ["description": "OK", "content": [media: ["schema": ref(response)]]]
        } else {
            responses[op.status] = ["description": op.status == "204" ? "No content" : "OK"]
        }
        let problem: [String: Any] = ["description": "Problem", "content": ["application/problem+json": ["schema": ref("Problem")]]]
        responses["default"] = problem
        o["responses"] = responses
        o["security"] = op.isPublic ? [] : [["bearer": []]]
        return o
    }

    static var yearSchema: [String: Any] { ["type": "integer", "minimum": QueryYear.range.lowerBound, "maximum": QueryYear.range.upperBound] }

    private static func querySchema(_ name: String) -> [String: Any] {
        switch name {
        case "year": yearSchema
        case "page", "per": ["type": "integer"]
        case "cascade", "open": ["type": "boolean"]
        default: ["type": "string"]
        }
    }

    private static func binary(_ media: [String]) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: media.map { ($0, ["schema": ["type": "string", "format": "binary"]] as [String: Any]) })
    }

    static func ref(_ name: String) -> [String: Any] {
        if name.hasPrefix("[") { return ["type": "array", "items": ref(String(name.dropFirst().dropLast()))] }
        return ["$ref": "#/components/schemas/\(name)"]
    }
}
