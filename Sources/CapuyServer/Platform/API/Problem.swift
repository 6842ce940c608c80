import CapuyCore
import Vapor

/// RFC 9457 problem document for every API error, with field details.
struct Problem: Content {
    struct FieldError: Content {
        let field: String
        let message: String
        let messageEn: String
    }

    var type: String = "about:blank"
    var title: String
    var status: Int
    var detail: String?
    var errors: [FieldError]?

    static let contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
}

/// A refusal with a Vietnamese message meant to be shown as it is.
struct Refusal: AbortError {
    let status: HTTPResponseStatus
    let message: String
    let messageEn: String
    /// Seconds until a throttled client may try again, sent as `Retry-After`.
    var retryAfter: Int?

    init(_ status: HTTPResponseStatus, _ message: String, en: String, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.messageEn = en
        self.retryAfter = retryAfter.map { max(1, $0) }
    }

    var reason: String { message }

    var headers: HTTPHeaders {
        guard let retryAfter else { return [:] }
        return ["Retry-After": String(retryAfter)]
    }

    /// What is answered for anything outside the user's scope: the same as for
    /// something that does not exist (DESIGN.md, Scope).
    static let notFound = Refusal(.notFound, "Không tìm thấy.", en: "Not found.")
    static let forbidden = Refusal(.forbidden, "Bạn không có quyền thực hiện thao tác này.",
                                   en: "You are not allowed to do this.")
}

extension ValidationFailure: AbortError {
    public var status: HTTPResponseStatus { .unprocessableEntity }
    public var reason: String { issues.map(\.message).joined(separator: " ") }
}
