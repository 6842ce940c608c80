import CapuyCore
import Foundation

/// The block above every exported sheet (issue 18): a file that is filed,
/// forwarded or printed says what it holds, for which unit, for which
/// period, and when it was made. Offices file in Vietnamese, so the block is.
struct ExportTitle: Sendable {
    /// What the sheet is: "Sổ đăng ký văn bản", "Thống kê đơn thư".
    let heading: String
    let unit: String
    /// "Năm 2025", "Từ 01/01/2025 đến 31/12/2025", "Văn bản 08-NQ/TU".
    let period: String
    let madeOn: LocalDate

    var lines: [String] {
        [heading.uppercased(with: Locale(identifier: "vi_VN")), "Đơn vị: \(unit)", "Kỳ: \(period)", "Ngày lập: \(madeOn.display)"]
    }

    /// The download's name says the same: "Sổ đăng ký văn bản – Đảng bộ xã
    /// A – Năm 2025.xlsx", so three communes' files no longer share a name.
    /// Characters no file system takes ("08-NQ/TU") become dashes.
    func fileName(_ ext: String) -> String {
        let base = [heading, unit, period].joined(separator: " – ")
        let safe = base.map { "/\\:*?\"<>|".contains($0) || $0.isNewline ? "-" : $0 }
        return String(String(safe).prefix(180)) + "." + ext
    }

    static func year(_ year: Int) -> String { "Năm \(year)" }

    static func range(_ from: LocalDate, _ to: LocalDate) -> String { "Từ \(from.display) đến \(to.display)" }
}

extension OrganizationService {
    /// The unit an export covers when it is not one unit's: the units at the
    /// top of what the user may see.
    func exportUnit(_ scope: Scope) async throws -> String {
        try await roots(in: scope).map(\.name).joined(separator: "; ")
    }
}

extension XLSXWorkbook {
    /// A sheet of an export: every one carries its title block.
    @discardableResult
    mutating func addSheet(name: String, title: ExportTitle, columns: [String], rows: [[XLSXCell]]) -> String {
        addSheet(name: name, title: title.lines, columns: columns, rows: rows)
    }
}

extension XLSXCell {
    /// A stored ISO day as a date cell (dd/mm/yyyy in the sheet), or empty.
    static func day(_ iso: String?) -> XLSXCell {
        guard let d = iso.flatMap(LocalDate.init(parsing:)) else { return .empty }
        return .date(year: d.year, month: d.month, day: d.day)
    }

    /// A share (0.125) as a percentage with one decimal (12.5), the one way
    /// every sheet writes rates, under a header that ends in "(%)"; empty
    /// when there is nothing to rate.
    static func percent(_ share: Double?) -> XLSXCell {
        guard let share, share.isFinite else { return .empty }
        return .number((share * 1000).rounded() / 10)
    }
}
