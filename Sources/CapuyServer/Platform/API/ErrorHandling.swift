import CapuyCore
import Foundation
import Vapor

/// Turns every error into a problem document (API) or a friendly page (web),
/// never a stack trace. Unknown errors are logged and answered as 500 without
/// details.
struct CapuyErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let raw {
            // A storage failure reads as a 503 with its sentence, not a 500.
            let error: any Error = DatabaseUnavailable.refusal(for: raw) ?? raw
            if error is Refusal, !(raw is Refusal) {
                request.logger.warning("storage unavailable", metadata: ["error": .string(String(reflecting: raw))])
            }
            let problem = Self.problem(for: error, language: request.language)
            if problem.status >= 500 {
                request.logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
            }
            if request.url.path.hasPrefix("/api/") || ["/openapi.json", "/metrics", "/healthz"].contains(request.url.path) {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let body = (try? encoder.encode(problem)) ?? Data(#"{"title":"error","status":500}"#.utf8)
                let response = Response(status: HTTPResponseStatus(statusCode: problem.status), body: .init(data: body))
                response.headers.contentType = Problem.contentType
                if problem.status == 401 { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
                Self.copyHeaders(of: error, to: response)
                return response
            }
            let page = await ErrorPage.render(problem, for: request)
            Self.copyHeaders(of: error, to: page)
            return page
        }
    }

    /// Headers a refusal carries (Retry-After on a 429, issue 14, item 7).
    static func copyHeaders(of error: any Error, to response: Response) {
        guard let refusal = error as? Refusal else { return }
        for (name, value) in refusal.headers { response.headers.replaceOrAdd(name: name, value: value) }
    }

    static func problem(for error: any Error, language: Language) -> Problem {
        switch error {
        case let v as ValidationFailure:
            return Problem(title: language.pick("Dữ liệu chưa hợp lệ", "Invalid input"), status: 422,
                           detail: v.issues.map { language.pick($0.message, $0.messageEn) }.joined(separator: " "),
                           errors: v.issues.map { .init(field: $0.field, message: $0.message, messageEn: $0.messageEn) })
        case let r as Refusal:
            return Problem(title: language.pick(r.message, r.messageEn), status: Int(r.status.code),
                           detail: language.pick(r.message, r.messageEn))
        case let abort as any AbortError:
            let status = Int(abort.status.code)
            if abort.reason == "csrf" {
                return Problem(title: language.pick("Biểu mẫu đã hết hạn", "The form has expired"), status: status,
                               detail: language.pick("Vui lòng tải lại trang và gửi lại.", "Reload the page and submit again."))
            }
            return Problem(title: Self.title(status, language), status: status,
                           detail: status >= 500 ? nil : Self.title(status, language))
        default:
            return Problem(title: Self.title(500, language), status: 500, detail: nil)
        }
    }

    static func title(_ status: Int, _ language: Language) -> String {
        switch status {
        case 400: language.pick("Yêu cầu không hợp lệ", "Bad request")
        case 401: language.pick("Cần đăng nhập", "Sign-in required")
        case 403: language.pick("Không có quyền", "Forbidden")
        case 404: language.pick("Không tìm thấy", "Not found")
        case 405: language.pick("Phương thức không được hỗ trợ", "Method not allowed")
        case 413: language.pick("Dữ liệu gửi lên quá lớn", "Payload too large")
        case 415: language.pick("Định dạng dữ liệu không được hỗ trợ", "Unsupported media type")
        case 429: language.pick("Quá nhiều yêu cầu", "Too many requests")
        default: language.pick("Đã có lỗi xảy ra, vui lòng thử lại sau", "Something went wrong; please try again later")
        }
    }
}
