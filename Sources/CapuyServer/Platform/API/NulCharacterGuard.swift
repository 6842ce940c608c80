import CapuyCore
import Foundation
import Vapor

/// Refuses U+0000 wherever a request can carry text: its path and query (this
/// middleware) and its JSON or form body (the decoders below). PostgreSQL
/// cannot store the character, so it used to surface as a 500 there, and on
/// SQLite it was stored and cut names short in exports (issue 14, item 7).
struct NulCharacterGuard: AsyncMiddleware {
    static let inURL = Refusal(.badRequest, "Địa chỉ yêu cầu chứa ký tự NUL (mã 0), ký tự này không được phép.",
                               en: "The request address holds a NUL character (code 0), which is not allowed.")
    static let inBody = ValidationFailure(field: "body", "Dữ liệu gửi lên chứa ký tự NUL (mã 0), ký tự này không được phép.",
                                          en: "The request holds a NUL character (code 0), which is not allowed.")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if NulCharacterScan.inPercentEncoded(request.url.path.utf8)
            || NulCharacterScan.inPercentEncoded((request.url.query ?? "").utf8) {
            throw Self.inURL
        }
        return try await next.respond(to: request)
    }

    /// Puts the guarded decoders in place of Vapor's for JSON and forms.
    static func install(in configuration: inout ContentConfiguration) {
        let json = NulRefusingDecoder(inner: JSONDecoder.custom(dates: .iso8601), scan: { NulCharacterScan.inJSON($0.readableBytesView) })
        configuration.use(decoder: json, for: .json)
        configuration.use(decoder: json, for: .jsonAPI)
        configuration.use(decoder: NulRefusingDecoder(inner: URLEncodedFormDecoder(), scan: { NulCharacterScan.inPercentEncoded($0.readableBytesView) }),
                          for: .urlEncodedForm)
    }
}

/// A body decoder that scans the raw bytes for U+0000 before decoding them.
struct NulRefusingDecoder<Inner: ContentDecoder>: ContentDecoder {
    let inner: Inner
    let scan: @Sendable (ByteBuffer) -> Bool

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(decodable, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders,
                              userInfo: [CodingUserInfoKey: Sendable]) throws -> D {
        if scan(body) { throw NulCharacterGuard.inBody }
        return try inner.decode(decodable, from: body, headers: headers, userInfo: userInfo)
    }
}
