/// Where one review stands (R-EVAL-6): self-assessment → review at the
/// unit → the competent level decides.
public enum ReviewStage: String, CaseIterable, Sendable, Codable {
    case selfAssessed
    case unitReviewed
    case decided

    public var label: String {
        switch self {
        case .selfAssessed: "Đã tự đánh giá"
        case .unitReviewed: "Chi bộ đã nhận xét, đề xuất"
        case .decided: "Đã quyết định xếp loại"
        }
    }

    public var labelEn: String {
        switch self {
        case .selfAssessed: "Self-assessed"
        case .unitReviewed: "Reviewed by the cell"
        case .decided: "Decided"
        }
    }
}

/// The steps a review takes, and which of them each stage still allows.
public enum ReviewStep: String, Sendable, Codable {
    case selfAssess, unitReview, decide
}

public enum ReviewWorkflow {
    /// A step may be redone until the next one is taken; the decision may be
    /// revised while the round is open. The order is never skipped, except
    /// that a party organization's self-assessment goes straight to the
    /// level above (R-EVAL-6).
    public static func allows(_ step: ReviewStep, from stage: ReviewStage?, collective: Bool = false) -> Bool {
        if collective, step == .decide, stage == .selfAssessed { return true }
        if collective, step == .unitReview { return false }
        return switch (step, stage) {
        case (.selfAssess, nil), (.selfAssess, .selfAssessed): true
        case (.unitReview, .selfAssessed), (.unitReview, .unitReviewed): true
        case (.decide, .unitReviewed), (.decide, .decided): true
        default: false
        }
    }

}

/// Whether a round takes changes.
public enum RoundStatus: String, Sendable, Codable {
    case open, closed
}
