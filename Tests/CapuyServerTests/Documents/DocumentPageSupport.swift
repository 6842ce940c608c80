@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Page helpers for the document pages: multipart uploads through the form,
/// the checks every rendered page must pass, and the audit count.
extension WebSession {
    /// An upload form: a multipart POST with the CSRF field (unless nil), other `fields`, and `file`.
    static func upload(_ app: Application, _ path: String, cookie: String, fileName: String, bytes: [UInt8],
                       fields: [(String, String)] = [], csrf: String? = WebSession.csrf) async throws -> TestingHTTPResponse {
        let boundary = "capuy-test-boundary-7f3a"
        var body = ByteBuffer()
        if let given = csrf {
            let csrf = try await given == Self.csrf ? signedInToken(app, cookie: cookie) ?? given : given
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
        }
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n")
        body.writeString("Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: cookie)
        headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: body)
    }
}

enum DocPage {
    /// A page answered 200 as Vietnamese HTML under the security headers and shows `text`.
    static func expectPage(_ res: TestingHTTPResponse, _ path: String, shows text: [String],
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(res.status == .ok, "\(path): \(res.status) \(res.body.string.prefix(300))", sourceLocation: sourceLocation)
        #expect(res.headers.contentType?.description.hasPrefix("text/html") == true, "\(path): \(res.headers.contentType?.description ?? "no type")",
                sourceLocation: sourceLocation)
        #expect(res.body.string.contains("<html lang=\"vi\">"), "\(path) is not in Vietnamese", sourceLocation: sourceLocation)
        #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true, "\(path): no CSP",
                sourceLocation: sourceLocation)
        for t in text {
            #expect(res.body.string.contains(t), "\(path) lacks “\(t)”", sourceLocation: sourceLocation)
        }
    }

    static func auditCount(_ app: Application) async throws -> Int {
        try await AuditEvent.query(on: app.db).count()
    }

    /// The path a 303 points to, without its query.
    static func location(_ res: TestingHTTPResponse) -> String {
        (res.headers.first(name: .location) ?? "").split(separator: "?").first.map(String.init) ?? ""
    }

    static func pdf(size: Int) -> [UInt8] { DocumentAttachmentTests.pdf(size: size) }
}

extension DocWorld {
    /// Session cookies of the office users DocWorld makes.
    var cookieP: String { get async throws { try await WebSession.cookie(app, "vp-tinh") } }
    var cookieA: String { get async throws { try await WebSession.cookie(app, "vp-xa-a") } }
    var cookieB: String { get async throws { try await WebSession.cookie(app, "vp-xa-b") } }

    func termID(of org: Organization, _ token: String) async throws -> UUID {
        try await WorkProgramDashboardTests.term(of: org, self, token).id
    }

    func program(_ org: Organization, _ token: String, theme: String) async throws -> WorkProgramDTO {
        let res = try await WorkProgramDashboardTests.program(self, org: org, term: try await termID(of: org, token),
                                                              year: today.year, theme: theme, token: token)
        try #require(res.status == .created, "program: \(res.body.string)")
        return try res.content.decode(WorkProgramDTO.self)
    }
}
