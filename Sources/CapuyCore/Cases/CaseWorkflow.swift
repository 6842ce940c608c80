/// The states a case moves through (issue 4): received → accepted / refused
/// / transferred → verifying → concluded → submitter notified → closed, and
/// back to verifying when new evidence reopens it.
public enum CaseState: String, CaseIterable, Sendable, Codable {
    case received
    case accepted
    case refused
    case transferred
    case verifying
    case concluded
    case notified
    case closed

    public var label: String {
        switch self {
        case .received: "Đã tiếp nhận"
        case .accepted: "Đã thụ lý"
        case .refused: "Không thụ lý"
        case .transferred: "Đã chuyển cơ quan có thẩm quyền"
        case .verifying: "Đang xác minh"
        case .concluded: "Đã có kết luận"
        case .notified: "Đã thông báo kết quả"
        case .closed: "Đã kết thúc"
        }
    }

    public var labelEn: String {
        switch self {
        case .received: "Received"
        case .accepted: "Accepted"
        case .refused: "Refused"
        case .transferred: "Transferred"
        case .verifying: "Verifying"
        case .concluded: "Concluded"
        case .notified: "Submitter notified"
        case .closed: "Closed"
        }
    }

    /// Still someone's work: counts against the time limit and can be overdue.
    public var isOpen: Bool {
        switch self {
        case .received, .accepted, .verifying, .concluded: true
        case .refused, .transferred, .notified, .closed: false
        }
    }

    /// The time limit runs from acceptance until a conclusion.
    public var isRunningAgainstLimit: Bool { self == .accepted || self == .verifying }
}

/// What a handler does to a case.
public enum CaseAction: String, CaseIterable, Sendable, Codable {
    case accept
    case refuse
    case transfer
    case startVerifying
    case conclude
    case notifySubmitter
    case close
    case reopen

    public var label: String {
        switch self {
        case .accept: "Thụ lý"
        case .refuse: "Không thụ lý"
        case .transfer: "Chuyển cơ quan có thẩm quyền"
        case .startVerifying: "Bắt đầu xác minh"
        case .conclude: "Kết luận"
        case .notifySubmitter: "Thông báo kết quả cho người gửi"
        case .close: "Kết thúc hồ sơ"
        case .reopen: "Mở lại (có chứng cứ mới)"
        }
    }

    public var labelEn: String {
        switch self {
        case .accept: "Accept"
        case .refuse: "Refuse"
        case .transfer: "Transfer out"
        case .startVerifying: "Start verifying"
        case .conclude: "Conclude"
        case .notifySubmitter: "Notify the submitter"
        case .close: "Close"
        case .reopen: "Reopen on new evidence"
        }
    }

    /// Actions whose reason is written on the record and told to the submitter.
    public var needsReason: Bool {
        switch self {
        case .refuse, .transfer, .reopen: true
        default: false
        }
    }
}

public enum CaseWorkflow {
    public struct NotAllowed: Error, Equatable, Sendable {
        public let from: CaseState
        public let action: CaseAction

        public var message: String { "Hồ sơ ở trạng thái “\(from.label)” không thể “\(action.label.lowercased())”." }
        public var messageEn: String { "A case that is “\(from.labelEn)” cannot be “\(action.labelEn.lowercased())”." }
    }

    /// The state an action leads to, or why it may not be taken.
    public static func next(from state: CaseState, _ action: CaseAction) throws(NotAllowed) -> CaseState {
        switch (state, action) {
        case (.received, .accept): return .accepted
        case (.received, .refuse): return .refused
        case (.received, .transfer), (.accepted, .transfer): return .transferred
        case (.accepted, .startVerifying): return .verifying
        case (.accepted, .conclude), (.verifying, .conclude): return .concluded
        case (.concluded, .notifySubmitter): return .notified
        case (.notified, .close), (.refused, .close), (.transferred, .close): return .closed
        case (.concluded, .reopen), (.notified, .reopen), (.closed, .reopen), (.refused, .reopen): return .verifying
        default: throw NotAllowed(from: state, action: action)
        }
    }

    /// The actions open from a state, in the order a page offers them.
    public static func actions(from state: CaseState) -> [CaseAction] {
        CaseAction.allCases.filter { (try? next(from: state, $0)) != nil }
    }
}
