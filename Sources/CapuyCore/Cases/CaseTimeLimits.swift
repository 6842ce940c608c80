/// Which legal track a case follows; it picks the time limit.
public enum CaseTrack: String, CaseIterable, Sendable, Codable {
    /// Denunciation under state law (Luật Tố cáo 2018).
    case stateDenunciation
    /// Denunciation of a party member or organization handled by party rules.
    case partyDenunciation
    case firstComplaint
    case secondComplaint
    /// Petitions and reports: no statutory limit; the office's own.
    case feedback

    public var label: String {
        switch self {
        case .stateDenunciation: "Tố cáo (Luật Tố cáo)"
        case .partyDenunciation: "Tố cáo đảng viên, tổ chức đảng"
        case .firstComplaint: "Khiếu nại lần đầu"
        case .secondComplaint: "Khiếu nại lần hai"
        case .feedback: "Kiến nghị, phản ánh"
        }
    }

    public var labelEn: String {
        switch self {
        case .stateDenunciation: "Denunciation (state law)"
        case .partyDenunciation: "Denunciation (party rules)"
        case .firstComplaint: "First complaint"
        case .secondComplaint: "Second complaint"
        case .feedback: "Petition or report"
        }
    }

    /// The tracks a kind may follow, the usual one first.
    public static func tracks(for kind: CaseKind) -> [CaseTrack] {
        switch kind {
        case .denunciation: [.partyDenunciation, .stateDenunciation]
        case .complaint: [.firstComplaint, .secondComplaint]
        case .petition, .report: [.feedback]
        }
    }
}

/// A track's limit and its extensions.
public struct TimeLimit: Sendable, Equatable, Codable {
    public var normal: Span
    public var complex: Span
    public var remote: Span?
    public var remoteComplex: Span?
    public var extension_: Span?
    public var maxExtensions: Int
    public var maxExtensionsComplex: Int

    public init(normal: Span, complex: Span? = nil, remote: Span? = nil, remoteComplex: Span? = nil,
                extension_: Span? = nil, maxExtensions: Int = 0, maxExtensionsComplex: Int? = nil) {
        self.normal = normal
        self.complex = complex ?? normal
        self.remote = remote
        self.remoteComplex = remoteComplex
        self.extension_ = extension_
        self.maxExtensions = maxExtensions
        self.maxExtensionsComplex = maxExtensionsComplex ?? maxExtensions
    }

    public func base(complex isComplex: Bool, remote isRemote: Bool) -> Span {
        switch (isComplex, isRemote) {
        case (false, false): normal
        case (true, false): complex
        case (false, true): remote ?? normal
        case (true, true): remoteComplex ?? remote ?? complex
        }
    }

    public func extensionsAllowed(complex isComplex: Bool) -> Int {
        extension_ == nil ? 0 : (isComplex ? maxExtensionsComplex : maxExtensions)
    }
}

/// The limits of R-CASE-2 and R-CASE-3 as configurable data, today's values
/// as the default.
public struct CaseTimeLimits: Sendable, Equatable, Codable {
    public var limits: [CaseTrack: TimeLimit]
    /// Time to decide whether to accept a case once it is received (Luật Tố
    /// cáo 2018, Art. 24: 7 working days; used for every kind, configurable).
    public var acceptance: Span

    public init(limits: [CaseTrack: TimeLimit], acceptance: Span = Span(7, .working)) {
        self.limits = limits
        self.acceptance = acceptance
    }

    public static let standard = CaseTimeLimits(limits: [
        // R-CASE-2: 30 days from acceptance, extendable once by 30 days, twice if especially complex.
        .stateDenunciation: TimeLimit(normal: Span(30), extension_: Span(30), maxExtensions: 1, maxExtensionsComplex: 2),
        // R-CASE-2: party denunciations at provincial level and below, 90 working days plus one extension of 30.
        .partyDenunciation: TimeLimit(normal: Span(90, .working), extension_: Span(30, .working), maxExtensions: 1),
        // R-CASE-3: first complaint 30 days (complex 45; remote 45/60).
        .firstComplaint: TimeLimit(normal: Span(30), complex: Span(45), remote: Span(45), remoteComplex: Span(60)),
        // R-CASE-3: second complaint 45 days (complex 60; remote 60/70).
        .secondComplaint: TimeLimit(normal: Span(45), complex: Span(60), remote: Span(60), remoteComplex: Span(70)),
        // No statute: the office answers petitions and reports within 30 days (configurable).
        .feedback: TimeLimit(normal: Span(30)),
    ])

    public func limit(_ track: CaseTrack) -> TimeLimit {
        limits[track] ?? TimeLimit(normal: Span(30))
    }

    /// The due date after acceptance on `accepted` and `extensions` extensions.
    public func dueDate(track: CaseTrack, accepted: LocalDate, complex: Bool, remote: Bool, extensions: Int,
                        calendar: WorkingCalendar) -> LocalDate {
        let limit = limit(track)
        var due = limit.base(complex: complex, remote: remote).end(from: accepted, calendar: calendar)
        if let ext = limit.extension_ {
            for _ in 0..<max(0, extensions) { due = ext.end(from: due, calendar: calendar) }
        }
        return due
    }

    public struct ExtensionRefused: Error, Equatable, Sendable {
        public let message: String
        public let messageEn: String
    }

    /// Checks one more extension against the rule before it is recorded.
    public func checkExtension(track: CaseTrack, complex: Bool, done: Int) throws(ExtensionRefused) {
        let limit = limit(track)
        guard limit.extension_ != nil else {
            throw ExtensionRefused(message: "Thời hạn giải quyết \(track.label.lowercased()) không được gia hạn.",
                                   en: "The time limit of a \(track.labelEn.lowercased()) cannot be extended.")
        }
        let allowed = limit.extensionsAllowed(complex: complex)
        guard done < allowed else {
            throw ExtensionRefused(message: "Đã gia hạn \(done) lần, tối đa \(allowed) lần\(complex ? "" : " (vụ việc đặc biệt phức tạp được thêm lần nữa nếu luật cho phép)").",
                                   en: "Already extended \(done) times; at most \(allowed).")
        }
    }
}

extension CaseTimeLimits.ExtensionRefused {
    init(message: String, en: String) {
        self.message = message
        self.messageEn = en
    }
}

/// How a case stands against its limit on a given day.
public enum CaseStanding: String, Sendable, Codable, CaseIterable {
    case onTrack
    case dueSoon
    case overdue
    case doneOnTime
    case doneLate

    public static func of(due: LocalDate?, finished: LocalDate?, today: LocalDate, warnDays: Int) -> CaseStanding? {
        guard let due else { return nil }
        if let finished { return finished <= due ? .doneOnTime : .doneLate }
        if today > due { return .overdue }
        if due.daysSinceEpoch - today.daysSinceEpoch <= warnDays { return .dueSoon }
        return .onTrack
    }

    public var label: String {
        switch self {
        case .onTrack: "Trong hạn"
        case .dueSoon: "Sắp đến hạn"
        case .overdue: "Quá hạn"
        case .doneOnTime: "Giải quyết đúng hạn"
        case .doneLate: "Giải quyết trễ hạn"
        }
    }

    public var labelEn: String {
        switch self {
        case .onTrack: "On track"
        case .dueSoon: "Due soon"
        case .overdue: "Overdue"
        case .doneOnTime: "Done on time"
        case .doneLate: "Done late"
        }
    }
}
