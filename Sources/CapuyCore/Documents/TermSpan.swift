/// A committee term (nhiệm kỳ), e.g. 2025–2030, as dates.
public struct TermSpan: Sendable, Hashable, Codable {
    public var startsOn: LocalDate
    public var endsOn: LocalDate

    public init(startsOn: LocalDate, endsOn: LocalDate) {
        self.startsOn = startsOn
        self.endsOn = endsOn
    }

    public func contains(_ date: LocalDate) -> Bool { startsOn <= date && date <= endsOn }

    public func overlaps(_ other: TermSpan) -> Bool { startsOn <= other.endsOn && other.startsOn <= endsOn }

    /// "2025–2030", the name committees use.
    public var defaultName: String { "\(startsOn.year)–\(endsOn.year)" }
}

public enum TermRules {
    /// Every problem with a new term among a unit's existing ones.
    public static func check(_ span: TermSpan, against existing: [TermSpan]) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if span.endsOn <= span.startsOn {
            issues.append(FieldIssue(field: "endsOn", "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.",
                                     en: "The term must end after it starts."))
        } else if existing.contains(where: { $0.overlaps(span) }) {
            issues.append(FieldIssue(field: "startsOn", "Nhiệm kỳ này trùng thời gian với một nhiệm kỳ đã có của đơn vị.",
                                     en: "This term overlaps another term of the unit."))
        }
        return issues
    }

    /// The current term is derived from dates, never stored as a flag.
    public static func index(containing date: LocalDate, in spans: [TermSpan]) -> Int? {
        spans.firstIndex { $0.contains(date) }
    }
}
