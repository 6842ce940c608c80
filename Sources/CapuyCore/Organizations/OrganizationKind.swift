/// What level of the party tree a unit is (DOMAIN.md glossary).
public enum OrganizationKind: String, CaseIterable, Sendable, Codable {
    case central
    case provincialCommittee
    /// A district, town or provincial city committee: the level the 2025
    /// reorganization removed, kept for the trees and records before it and
    /// for any level between a province and the communes (issue 15).
    case districtCommittee
    case communeCommittee
    case grassrootsCommittee
    case grassrootsCell
    case partialCommittee
    case cell

    public var label: String {
        switch self {
        case .central: "Trung ương"
        case .provincialCommittee: "Đảng bộ tỉnh, thành phố"
        case .districtCommittee: "Đảng bộ huyện, quận, thị xã, thành phố thuộc tỉnh"
        case .communeCommittee: "Đảng bộ xã, phường, đặc khu"
        case .grassrootsCommittee: "Đảng bộ cơ sở"
        case .grassrootsCell: "Chi bộ cơ sở"
        case .partialCommittee: "Đảng bộ bộ phận"
        case .cell: "Chi bộ trực thuộc"
        }
    }

    public var labelEn: String {
        switch self {
        case .central: "Central"
        case .provincialCommittee: "Provincial committee"
        case .districtCommittee: "District committee"
        case .communeCommittee: "Commune committee"
        case .grassrootsCommittee: "Grassroots committee"
        case .grassrootsCell: "Grassroots cell"
        case .partialCommittee: "Partial committee"
        case .cell: "Cell"
        }
    }

    /// The kinds a unit of this kind may have directly below it. A cell is the
    /// leaf where members meet; a grassroots cell has no sub-units either.
    public var allowedChildren: Set<OrganizationKind> {
        switch self {
        case .central: [.provincialCommittee, .grassrootsCommittee, .grassrootsCell]
        case .provincialCommittee: [.districtCommittee, .communeCommittee, .grassrootsCommittee, .grassrootsCell]
        case .districtCommittee: [.communeCommittee, .grassrootsCommittee, .grassrootsCell]
        case .communeCommittee: [.grassrootsCommittee, .grassrootsCell]
        case .grassrootsCommittee: [.partialCommittee, .cell]
        case .partialCommittee: [.cell]
        case .grassrootsCell, .cell: []
        }
    }

    /// The issuer abbreviation used in document numbers (R-DOC-2).
    public var issuerAbbreviation: String {
        switch self {
        case .central: "TW"
        case .provincialCommittee: "TU"
        case .districtCommittee: "HU"
        case .communeCommittee, .grassrootsCommittee, .partialCommittee: "ĐU"
        case .grassrootsCell, .cell: "CB"
        }
    }

    /// The abbreviation of a unit of this kind with this name: a district
    /// level committee signs as Huyện ủy (HU), Quận ủy (QU), or Thị ủy and
    /// Thành ủy (TU), as its name says; every other kind by its kind alone.
    public func issuerAbbreviation(named name: String) -> String {
        guard self == .districtCommittee else { return issuerAbbreviation }
        switch Self.districtType(name) {
        case "quan": return "QU"
        case "thi xa", "thanh pho": return "TU"
        default: return "HU"
        }
    }

    /// The signing body of a district level committee, as its name says.
    public static func districtBody(named name: String) -> String {
        switch Self.districtType(name) {
        case "quan": "QUẬN ỦY"
        case "thi xa": "THỊ ỦY"
        case "thanh pho": "THÀNH ỦY"
        default: "HUYỆN ỦY"
        }
    }

    /// The word naming the kind of district, right after "Đảng bộ" ("huyện
    /// Quan Hóa" is a huyện, whatever words follow).
    private static func districtType(_ name: String) -> String {
        var folded = Substring(VietnameseText.fold(name))
        if folded.hasPrefix("dang bo ") { folded = folded.dropFirst(8) }
        return ["thanh pho", "thi xa", "quan", "huyen"].first { folded.hasPrefix($0 + " ") } ?? "huyen"
    }

    /// Whether a unit of `child` kind may stand directly under one of this kind.
    public func mayContain(_ child: OrganizationKind) -> Bool {
        allowedChildren.contains(child)
    }
}
