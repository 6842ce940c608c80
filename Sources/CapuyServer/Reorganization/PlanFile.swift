import CapuyCore
import Foundation

/// A plan read from a file: CSV or XLSX (one row per action, headed by the
/// template's columns) or the API's JSON, which also carries its date and title.
enum PlanFile {
    struct Parsed: Sendable {
        var rows: [PlanRow]
        var issues: [PlanIssue]
        var title: String?
        var effectiveOn: String?
    }

    static func read(_ data: Data) throws -> Parsed {
        if let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }), first == UInt8(ascii: "{") {
            let input: ReorganizationInput
            do { input = try JSONDecoder().decode(ReorganizationInput.self, from: data) } catch {
                throw MemberImport.FileProblem(description: "Tệp JSON không đúng dạng kế hoạch (cần effectiveOn và rows). The JSON is not a plan.")
            }
            let (rows, issues) = input.planRows()
            return Parsed(rows: rows, issues: issues, title: input.title, effectiveOn: input.effectiveOn)
        }
        // The same reader as the member lists: CSV in any of its dialects, or XLSX.
        var file = try MemberImportFile(data: data)
        guard let head = try file.next() else { throw MemberImport.FileProblem(description: "Tệp trống: không có dòng tiêu đề.") }
        let header = head.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var cells: [[String]] = []
        var lines: [Int] = []
        while let row = try file.next() {
            cells.append(row.fields)
            lines.append(row.line)
        }
        let (rows, issues) = PlanTable.rows(header: header, cells: cells, lines: lines)
        return Parsed(rows: rows, issues: issues, title: nil, effectiveOn: nil)
    }

    /// The template an organization board fills in: the header and one
    /// example row per action.
    static var templateCSV: String {
        let header = PlanColumn.allCases.map(\.title).joined(separator: ",")
        return header + "\n"
            + "Thành lập,,XA-MOI-1,Đảng bộ xã Hòa Bình,Đảng bộ xã,,TU-01,,,,\n"
            + "Chuyển,CB-THON-1,,,Chi bộ cơ sở,,XA-MOI-1,,,,\n"
            + "Sáp nhập,XA-CU-1,,,,,,XA-MOI-1,,,\n"
            + "Chia tách,XA-CU-2,,,,,,XA-MOI-1,CB-THON-2,,\n"
            + "Chia tách,XA-CU-2,,,,,,XA-MOI-2,CB-THON-3,,\n"
            + "Đổi tên,XA-MOI-2,,Đảng bộ phường An Lạc,,,,,,,\n"
            + "Giải thể,HUYEN-CU,,,,,,TU-01,,,\n"
    }
}
