/// What level of the party tree a unit is (DOMAIN.md glossary).
public enum OrganizationKind: String, CaseIterable, Sendable, Codable {
    case central
    case provincialCommittee
    case communeCommittee
    case grassrootsCommittee
    case grassrootsCell
    case partialCommittee
    case cell

    public var label: String {
        switch self {
        case .central: "Trung ương"
        case .provincialCommittee: "Đảng bộ tỉnh, thành phố"
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
        case .provincialCommittee: [.communeCommittee, .grassrootsCommittee, .grassrootsCell]
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
        case .communeCommittee, .grassrootsCommittee, .partialCommittee: "ĐU"
        case .grassrootsCell, .cell: "CB"
        }
    }

    /// Whether a unit of `child` kind may stand directly under one of this kind.
    public func mayContain(_ child: OrganizationKind) -> Bool {
        allowedChildren.contains(child)
    }
}
