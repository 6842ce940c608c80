/// The four quality levels of a member or a party organization (R-EVAL-1).
/// Declared best first; `rank` 0 is the best.
public enum RatingLevel: String, CaseIterable, Sendable, Codable, Comparable {
    case excellent
    case good
    case fulfilled
    case notFulfilled

    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// "Lower" means worse: `.notFulfilled < .excellent`.
    public static func < (a: RatingLevel, b: RatingLevel) -> Bool { a.rank > b.rank }

    public var label: String {
        switch self {
        case .excellent: "Hoàn thành xuất sắc nhiệm vụ"
        case .good: "Hoàn thành tốt nhiệm vụ"
        case .fulfilled: "Hoàn thành nhiệm vụ"
        case .notFulfilled: "Không hoàn thành nhiệm vụ"
        }
    }

    public var labelEn: String {
        switch self {
        case .excellent: "Excellently fulfilled"
        case .good: "Well fulfilled"
        case .fulfilled: "Fulfilled"
        case .notFulfilled: "Not fulfilled"
        }
    }

    /// The abbreviations offices use in tables (HTXSNV, HTTNV, HTNV, KHTNV).
    public var short: String {
        switch self {
        case .excellent: "HTXSNV"
        case .good: "HTTNV"
        case .fulfilled: "HTNV"
        case .notFulfilled: "KHTNV"
        }
    }
}

/// Which self-assessment form a review uses (R-EVAL-6; Hướng dẫn 43-HD/BTCTW).
public enum ReviewForm: String, CaseIterable, Sendable, Codable {
    /// Mẫu 2A: a member holding a leadership or management post.
    case leader = "2A"
    /// Mẫu 2B: a member in the political system without such a post.
    case staff = "2B"
    /// Mẫu 2C: a member working outside the political system (residents, retirees, enterprises).
    case outside = "2C"
    /// The collective form for a party organization.
    case collective

    public var label: String {
        switch self {
        case .leader: "Mẫu 2A – đảng viên giữ chức vụ lãnh đạo, quản lý"
        case .staff: "Mẫu 2B – đảng viên không giữ chức vụ lãnh đạo, quản lý"
        case .outside: "Mẫu 2C – đảng viên không làm việc trong hệ thống chính trị"
        case .collective: "Mẫu tập thể – tổ chức đảng"
        }
    }

    public var labelEn: String {
        switch self {
        case .leader: "Form 2A – member with a leadership post"
        case .staff: "Form 2B – member without a leadership post"
        case .outside: "Form 2C – member outside the political system"
        case .collective: "Collective form – party organization"
        }
    }

    public static let individual: [ReviewForm] = [.leader, .staff, .outside]
}

/// How often a round reviews (R-EVAL-6: yearly, and may be quarterly).
public enum ReviewPeriod: String, CaseIterable, Sendable, Codable {
    case year, q1, q2, q3, q4

    public var label: String {
        switch self {
        case .year: "Cả năm"
        case .q1: "Quý I"
        case .q2: "Quý II"
        case .q3: "Quý III"
        case .q4: "Quý IV"
        }
    }

    public var labelEn: String {
        switch self {
        case .year: "Whole year"
        case .q1: "Quarter 1"
        case .q2: "Quarter 2"
        case .q3: "Quarter 3"
        case .q4: "Quarter 4"
        }
    }
}
