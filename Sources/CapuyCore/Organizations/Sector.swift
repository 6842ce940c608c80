/// The type of a unit's setting (loại hình), used to aggregate surveys and
/// rankings "by type" (DOMAIN.md glossary).
public enum Sector: String, CaseIterable, Sendable, Codable {
    case residential
    case stateEnterprise
    case privateEnterprise
    case publicService
    case agency
    case school
    case armedForces
    case other

    public var label: String {
        switch self {
        case .residential: "Khu dân cư"
        case .stateEnterprise: "Doanh nghiệp nhà nước"
        case .privateEnterprise: "Doanh nghiệp ngoài nhà nước"
        case .publicService: "Đơn vị sự nghiệp"
        case .agency: "Cơ quan"
        case .school: "Trường học"
        case .armedForces: "Lực lượng vũ trang"
        case .other: "Khác"
        }
    }

    public var labelEn: String {
        switch self {
        case .residential: "Residential area"
        case .stateEnterprise: "State enterprise"
        case .privateEnterprise: "Private enterprise"
        case .publicService: "Public service unit"
        case .agency: "Agency"
        case .school: "School"
        case .armedForces: "Armed forces"
        case .other: "Other"
        }
    }
}
