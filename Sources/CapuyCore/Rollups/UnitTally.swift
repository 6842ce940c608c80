import Foundation

/// Age bands of the party's statistics. Age is counted by year (the year of
/// the count minus the year of birth), as the yearly statistical reports do,
/// so a member changes band only when the year turns.
public enum AgeBand: Int, CaseIterable, Sendable {
    case upTo30, from31To40, from41To50, from51To60, over60

    /// The band of someone born in `birthYear`, counted in `year`.
    public static func of(birthYear: Int, in year: Int) -> AgeBand {
        switch year - birthYear {
        case ...30: .upTo30
        case 31...40: .from31To40
        case 41...50: .from41To50
        case 51...60: .from51To60
        default: .over60
        }
    }

    /// The earliest birth year in the band, counted in `year`; nil for the
    /// oldest band, which has no lower bound. Lets SQL count bands by
    /// comparing ISO dates as text.
    public func earliestBirthYear(in year: Int) -> Int? {
        switch self {
        case .upTo30: year - 30
        case .from31To40: year - 40
        case .from41To50: year - 50
        case .from51To60: year - 60
        case .over60: nil
        }
    }

    public var label: String {
        switch self {
        case .upTo30: "Đến 30 tuổi"
        case .from31To40: "31–40 tuổi"
        case .from41To50: "41–50 tuổi"
        case .from51To60: "51–60 tuổi"
        case .over60: "Trên 60 tuổi"
        }
    }

    public var labelEn: String {
        switch self {
        case .upTo30: "30 or younger"
        case .from31To40: "31–40"
        case .from41To50: "41–50"
        case .from51To60: "51–60"
        case .over60: "Over 60"
        }
    }
}

/// What a dashboard counts for a unit's whole subtree (DESIGN.md, Rollups):
/// members by status, gender, ethnicity and age band, and open sub-units.
/// Tallies add and subtract, so a change is applied as the difference between
/// what a record counted before and after it.
public struct UnitTally: Equatable, Sendable {
    public var members = 0
    public var fullMembers = 0
    public var women = 0
    /// Members of an ethnic group other than Kinh.
    public var minority = 0
    /// Indexed by `AgeBand.rawValue`; members without a birth date are in no band.
    public var ages = [Int](repeating: 0, count: AgeBand.allCases.count)
    /// Open units strictly below the unit.
    public var openUnits = 0

    public init() {}

    public var probationaryMembers: Int { members - fullMembers }
    public var isZero: Bool { self == UnitTally() }

    public subscript(band: AgeBand) -> Int {
        get { ages[band.rawValue] }
        set { ages[band.rawValue] = newValue }
    }

    /// What one member counts: `birthDate` is ISO (`yyyy-MM-dd`) or empty.
    public static func member(full: Bool, female: Bool, ethnicity: String, birthDate: String, year: Int) -> UnitTally {
        var t = UnitTally()
        t.members = 1
        t.fullMembers = full ? 1 : 0
        t.women = female ? 1 : 0
        t.minority = isMinority(ethnicity) ? 1 : 0
        if let birthYear = Int(birthDate.prefix(4)), birthDate.count >= 4 {
            t[AgeBand.of(birthYear: birthYear, in: year)] = 1
        }
        return t
    }

    /// One open unit, as its ancestors count it.
    public static let oneOpenUnit: UnitTally = { var t = UnitTally(); t.openUnits = 1; return t }()

    public static func isMinority(_ ethnicity: String) -> Bool {
        ethnicity.trimmingCharacters(in: .whitespaces).lowercased() != "kinh"
    }

    public static func + (a: UnitTally, b: UnitTally) -> UnitTally {
        var t = a
        t += b
        return t
    }

    public static func += (a: inout UnitTally, b: UnitTally) {
        a.members += b.members
        a.fullMembers += b.fullMembers
        a.women += b.women
        a.minority += b.minority
        for i in a.ages.indices { a.ages[i] += b.ages[i] }
        a.openUnits += b.openUnits
    }

    public static prefix func - (a: UnitTally) -> UnitTally {
        var t = UnitTally()
        t.members = -a.members
        t.fullMembers = -a.fullMembers
        t.women = -a.women
        t.minority = -a.minority
        t.ages = a.ages.map { -$0 }
        t.openUnits = -a.openUnits
        return t
    }

    public static func - (a: UnitTally, b: UnitTally) -> UnitTally { a + -b }
}
