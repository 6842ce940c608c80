import CapuyCore
import Leaf
import LeafKit
import Vapor

/// What every page's layout needs, next to the page's own model `p`.
struct PageShell<Body: Encodable>: Encodable {
    let t: StringTable
    let lang: String
    let title: String
    let user: String?
    let csrf: String
    let nav: PageNav
    let flash: String?
    let p: Body
}

/// The layout's links; templates use some of them too (`nav.tree`).
struct PageNav: Encodable {
    let home = SiteURL.home.path
    let tree = SiteURL.tree.path
    let members = SiteURL.members.path
    let documents = SiteURL.documents.path
    let inbox = SiteURL.inbox.path
    let terms = SiteURL.terms.path
    let reviews = SiteURL.reviews.path
    let commitments = SiteURL.commitments(.list).path
    let meetings = SiteURL.meetings(.list).path
    let surveys = SiteURL.surveys(.list).path
    let cases: String?
    let inspections: String?
    let portal = SiteURL.portal.path
    let users: String?
    let logout = SiteURL.logout.path
    let otherLanguage: String
    let otherLanguageLabel: String
}

/// The page's strings, handed to Leaf as one value built once per language:
/// converting the table's hundreds of entries again for every page showed up
/// in the profile of every page.
struct StringTable: Encodable, LeafDataRepresentable {
    let language: Language
    private static let vi = LeafData.dictionary(Strings.vi.mapValues(LeafData.string))
    private static let en = LeafData.dictionary(Strings.en.mapValues(LeafData.string))

    var leafData: LeafData { language == .vi ? Self.vi : Self.en }

    func encode(to encoder: any Encoder) throws {
        try Strings.table(language).encode(to: encoder)
    }
}

/// A field's error messages, keyed by field name, for re-rendered forms.
typealias FormErrors = [String: String]

extension FormErrors {
    /// The same errors keyed as the form names its fields: "identity.phone" → "phone".
    func droppingPrefix(_ prefix: String) -> FormErrors {
        var out = self
        for (k, v) in self where k.hasPrefix(prefix) { out[String(k.dropFirst(prefix.count))] = v }
        return out
    }

    init(_ failure: ValidationFailure, _ language: Language) {
        self.init()
        for issue in failure.issues {
            let text = language.pick(issue.message, issue.messageEn)
            self[issue.field] = self[issue.field].map { $0 + " " + text } ?? text
        }
    }
}

extension Request {
    /// Renders a template inside the layout.
    func page<B: Encodable>(_ template: String, title: String, _ body: B,
                            status: HTTPResponseStatus = .ok, flash: String? = nil) async throws -> Response {
        let lang = language
        let principal = auth.get(Principal.self)
        let other: Language = lang == .vi ? .en : .vi
        let shell = PageShell(
            t: StringTable(language: lang), lang: lang.rawValue, title: title, user: principal?.displayName,
            csrf: csrfToken,
            nav: .init(cases: principal?.may(.handleCases) == true ? SiteURL.cases.path : nil,
                       inspections: principal?.may(.inspect) == true ? SiteURL.inspections.path : nil,
                       users: principal?.may(.manageUsers) == true ? SiteURL.users.path : nil,
                       otherLanguage: SiteURL.language(other).path,
                       otherLanguageLabel: other == .en ? "English" : "Tiếng Việt"),
            flash: flash ?? query[String.self, at: "ok"].flatMap { Strings.table(lang)["flash_" + $0] },
            p: body)
        let view = try await self.view.render(template, shell)
        let response = Response(status: status, body: .init(buffer: PageLayout.wrap(RuleCodes.strip(view.data), shell, language: lang)))
        response.headers.contentType = .html
        return response
    }

    /// A form field or nil.
    func field(_ name: String) -> String? {
        (try? content.get(String.self, at: name))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Sends visitors who are not signed in to the sign-in page.
struct SignInRedirect: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(Principal.self) else {
            let back = request.method == .GET ? request.url.string : SiteURL.home.path
            let encoded = back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
            return request.redirect(to: SiteURL.login.path + "?next=" + encoded)
        }
        return try await next.respond(to: request)
    }
}

/// The friendly error page; falls back to plain HTML if rendering fails.
enum ErrorPage {
    struct Model: Encodable {
        let status: Int
        let message: String
        let detail: String?
    }

    static func render(_ problem: Problem, for req: Request) async -> Response {
        let model = Model(status: problem.status, message: problem.title, detail: problem.detail == problem.title ? nil : problem.detail)
        if let response = try? await req.page("error", title: problem.title, model,
                                               status: HTTPResponseStatus(statusCode: problem.status)) {
            return response
        }
        let body = "<!doctype html><meta charset=utf-8><title>\(problem.status)</title><h1>\(problem.status)</h1>"
        let response = Response(status: HTTPResponseStatus(statusCode: problem.status), body: .init(string: body))
        response.headers.contentType = .html
        return response
    }
}
