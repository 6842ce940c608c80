import Foundation
import CapuyCore

/// The columns of an office's member list, as its header row names them.
enum MemberListColumn: String, CaseIterable, Sendable {
    case fullName, birthDate, gender, ethnicity, partyCardNumber, admissionDate, officialDate, unit

    /// The header written on export and shown in messages.
    var title: String {
        switch self {
        case .fullName: "Họ và tên"
        case .birthDate: "Ngày sinh"
        case .gender: "Giới tính"
        case .ethnicity: "Dân tộc"
        case .partyCardNumber: "Số thẻ đảng"
        case .admissionDate: "Ngày vào Đảng"
        case .officialDate: "Ngày chính thức"
        case .unit: "Chi bộ"
        }
    }

    /// Header spellings accepted on import, compared after folding accents.
    var aliases: [String] {
        switch self {
        case .fullName: ["ho va ten", "ho ten", "ho ten dang vien"]
        case .birthDate: ["ngay sinh", "ngay thang nam sinh"]
        case .gender: ["gioi tinh"]
        case .ethnicity: ["dan toc"]
        case .partyCardNumber: ["so the dang", "so the", "so the dang vien"]
        case .admissionDate: ["ngay vao dang", "ngay ket nap"]
        case .officialDate: ["ngay chinh thuc", "ngay chuyen chinh thuc"]
        case .unit: ["chi bo", "ma chi bo", "don vi", "ma don vi", "chi bo (ma hoac duong dan)"]
        }
    }

    var isRequired: Bool { self != .partyCardNumber && self != .officialDate }

    /// Maps each column to its index in the header; missing required columns are issues.
    static func locate(in header: [String]) -> (map: [MemberListColumn: Int], missing: [MemberListColumn]) {
        let folded = header.map { VietnameseText.fold($0) }
        var map: [MemberListColumn: Int] = [:]
        for column in allCases {
            if let i = folded.firstIndex(where: { column.aliases.contains($0) }) { map[column] = i }
        }
        return (map, allCases.filter { $0.isRequired && map[$0] == nil })
    }
}
