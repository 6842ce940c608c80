/// One problem with one input field, worded for the person who typed it.
///
/// Messages are Vietnamese first (the interface language) with an English
/// twin, so that pages, the API and the import report say the same thing.
public struct FieldIssue: Sendable, Hashable, Codable {
    public var field: String
    public var message: String
    public var messageEn: String

    public init(field: String, _ message: String, en: String) {
        self.field = field
        self.message = message
        self.messageEn = en
    }
}

/// A refusal made of one or more field issues; thrown by rules and services.
public struct ValidationFailure: Error, Sendable {
    public var issues: [FieldIssue]
    public init(_ issues: [FieldIssue]) { self.issues = issues }
    public init(field: String, _ message: String, en: String) {
        self.issues = [FieldIssue(field: field, message, en: en)]
    }
}

/// Collects issues while a whole input is checked, so that every bad field is
/// reported at once rather than one per round trip.
public struct IssueCollector: Sendable {
    public private(set) var issues: [FieldIssue] = []
    public init() {}
    public mutating func add(_ field: String, _ message: String, en: String) {
        issues.append(FieldIssue(field: field, message, en: en))
    }
    public mutating func add(_ issue: FieldIssue) {
        issues.append(issue)
    }
    public var isEmpty: Bool { issues.isEmpty }
    public func throwIfAny() throws {
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }
}
