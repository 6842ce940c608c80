/// What a citizen or body writes in about (đơn thư): the kind decides the
/// legal time limit and whether identity is required (R-CASE-2, -3, -5).
public enum CaseKind: String, CaseIterable, Sendable, Codable {
    case petition       // kiến nghị
    case report         // phản ánh
    case complaint      // khiếu nại
    case denunciation   // tố cáo

    public var label: String {
        switch self {
        case .petition: "Kiến nghị"
        case .report: "Phản ánh"
        case .complaint: "Khiếu nại"
        case .denunciation: "Tố cáo"
        }
    }

    public var labelEn: String {
        switch self {
        case .petition: "Petition"
        case .report: "Report"
        case .complaint: "Complaint"
        case .denunciation: "Denunciation"
        }
    }

    /// Complaints and denunciations identify their author, whose data the law
    /// keeps secret (R-CASE-4); the others may too, and are sealed the same way.
    public var identityRequiredToProcess: Bool { self == .denunciation }
}

/// Where a case came in (R-CASE-1).
public enum CaseChannel: String, CaseIterable, Sendable, Codable {
    case portal          // cổng thông tin điện tử
    case voters          // ý kiến cử tri
    case electedBody     // giám sát của HĐND, đại biểu dân cử
    case letter          // đơn thư gửi trực tiếp, qua bưu điện
    case press           // báo chí
    case reception       // buổi tiếp công dân

    public var label: String {
        switch self {
        case .portal: "Cổng thông tin (công dân tự gửi)"
        case .voters: "Ý kiến, kiến nghị cử tri"
        case .electedBody: "Giám sát của cơ quan dân cử"
        case .letter: "Đơn thư"
        case .press: "Báo chí"
        case .reception: "Tiếp công dân"
        }
    }

    public var labelEn: String {
        switch self {
        case .portal: "Public portal"
        case .voters: "Voters' petitions"
        case .electedBody: "Elected-body supervision"
        case .letter: "Letter"
        case .press: "Press"
        case .reception: "Citizen reception"
        }
    }
}

/// Topics offices sort cases by; a short fixed list keeps statistics comparable.
public enum CaseTopic: String, CaseIterable, Sendable, Codable {
    case landAndHousing
    case conductOfCadres
    case corruption
    case administrativeProcedure
    case socialPolicy
    case environment
    case publicOrder
    case other

    public var label: String {
        switch self {
        case .landAndHousing: "Đất đai, nhà ở"
        case .conductOfCadres: "Tư cách, đạo đức cán bộ, đảng viên"
        case .corruption: "Tham nhũng, tiêu cực"
        case .administrativeProcedure: "Thủ tục hành chính"
        case .socialPolicy: "Chính sách xã hội"
        case .environment: "Môi trường"
        case .publicOrder: "An ninh, trật tự"
        case .other: "Khác"
        }
    }

    public var labelEn: String {
        switch self {
        case .landAndHousing: "Land and housing"
        case .conductOfCadres: "Conduct of cadres and members"
        case .corruption: "Corruption"
        case .administrativeProcedure: "Administrative procedure"
        case .socialPolicy: "Social policy"
        case .environment: "Environment"
        case .publicOrder: "Public order"
        case .other: "Other"
        }
    }
}
