/// R-REC-1: the head of a provincial committee receives citizens at least
/// one day a month, of a commune committee at least two (configurable). A
/// district-level committee, where a tree still has one, at least one, as
/// the provincial level (Quy định 11-QĐ/TW, 2019, Art. 5: "cấp tỉnh, cấp
/// huyện" one day a month, "cấp xã" two).
public struct ReceptionQuota: Sendable, Equatable, Codable {
    public var daysPerMonth: [OrganizationKind: Int]

    public init(daysPerMonth: [OrganizationKind: Int]) {
        self.daysPerMonth = daysPerMonth
    }

    public static let standard = ReceptionQuota(daysPerMonth: [.provincialCommittee: 1, .districtCommittee: 1, .communeCommittee: 2])

    /// Days required a month for a unit of this kind (0: no rule).
    public func required(for kind: OrganizationKind) -> Int {
        daysPerMonth[kind] ?? 0
    }

    /// The shortfall of a month: how many more days of reception it needs.
    /// Sessions on the same day count once (the rule counts days).
    public func shortfall(kind: OrganizationKind, sessionDays: [LocalDate]) -> Int {
        max(0, required(for: kind) - Set(sessionDays).count)
    }
}

/// R-REC-2: the periods reports are made for.
public enum ReportPeriod: String, CaseIterable, Sendable, Codable {
    case month
    case quarter
    case sixMonths
    case nineMonths
    case year
    case custom

    public var label: String {
        switch self {
        case .month: "Tháng"
        case .quarter: "Quý"
        case .sixMonths: "6 tháng"
        case .nineMonths: "9 tháng"
        case .year: "Năm"
        case .custom: "Đột xuất (tùy chọn ngày)"
        }
    }

    public var labelEn: String {
        switch self {
        case .month: "Month"
        case .quarter: "Quarter"
        case .sixMonths: "Six months"
        case .nineMonths: "Nine months"
        case .year: "Year"
        case .custom: "Ad hoc (dates)"
        }
    }

    /// The first and last day covered. `index` is the month (1–12) or the
    /// quarter (1–4); the other periods start in January.
    public func range(year: Int, index: Int) -> (from: LocalDate, to: LocalDate)? {
        func lastDay(_ month: Int) -> LocalDate? {
            LocalDate(year: year, month: month, day: CivilCalendar.daysInMonth(year: year, month: month))
        }
        switch self {
        case .month:
            guard (1...12).contains(index), let from = LocalDate(year: year, month: index, day: 1), let to = lastDay(index) else { return nil }
            return (from, to)
        case .quarter:
            guard (1...4).contains(index), let from = LocalDate(year: year, month: index * 3 - 2, day: 1),
                  let to = lastDay(index * 3) else { return nil }
            return (from, to)
        case .sixMonths, .nineMonths, .year:
            let months = self == .sixMonths ? 6 : self == .nineMonths ? 9 : 12
            guard let from = LocalDate(year: year, month: 1, day: 1), let to = lastDay(months) else { return nil }
            return (from, to)
        case .custom:
            return nil
        }
    }
}
