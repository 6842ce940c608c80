import Vapor

/// Vietnamese first, English second.
enum Language: String, Sendable, Codable, CaseIterable {
    case vi
    case en

    static let cookieName = "capuy_lang"

    func pick(_ vi: String, _ en: String) -> String { self == .vi ? vi : en }
}

extension Request {
    var language: Language {
        cookies[Language.cookieName].flatMap { Language(rawValue: $0.string) } ?? .vi
    }
}
