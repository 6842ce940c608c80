import CapuyCore
import Foundation
import Testing
@testable import CapuyServer

/// Issue 16, item 1: an XLSX member list is read as a stream (its sheet goes
/// to a temporary file and through the parser a row at a time, out as CSV),
/// and gives the same rows on the same lines as the whole-sheet reader.
@Suite("XLSX read as a stream")
struct XLSXStreamedSheetTests {
    static let pieces = ["Nguyễn", "Thị", "Ánh", "Đặng", "a,b", "x;y", "say \"hi\"", "line\nbreak", "tab\there", " ", "", "12/05/1991", "44012345"]

    static func randomSheet(_ r: inout SplitMix64) -> (columns: [String], rows: [[XLSXCell]]) {
        let width = 1 + Int(r.next() % 6)
        let columns = (0..<width).map { "Cột \($0)" }
        let rows: [[XLSXCell]] = (0..<Int(r.next() % 40)).map { _ in
            if r.next() % 7 == 0 { return Array(repeating: .empty, count: width) } // a blank row in the middle
            return (0..<width).map { _ in
                switch r.next() % 5 {
                case 0: return .empty
                case 1: return .number(Double(r.next() % 100_000))
                case 2: return .date(year: 1950 + Int(r.next() % 70), month: 1 + Int(r.next() % 12), day: 1 + Int(r.next() % 28))
                default: return .text((0..<Int(1 + r.next() % 3)).map { _ in pieces[Int(r.next() % UInt64(pieces.count))] }.joined(separator: " "))
                }
            }
        }
        return (columns, rows)
    }

    static func streamed(_ data: Data) throws -> [(line: Int, fields: [String])] {
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-stream-test-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        try XLSXReader.copyFirstSheet(data, toCSV: csv)
        var stream = CSVRecordStream(try #require(FileByteSource(path: csv.path)))
        var out: [(Int, [String])] = []
        while let record = try stream.next() { out.append((record.line, record.fields)) }
        return out
    }

    static func trimmed(_ fields: [String]) -> [String] {
        var f = fields
        while f.last == "" { f.removeLast() }
        return f
    }

    @Test("Random sheets (quotes, separators, line breaks, blank rows, dates, numbers) give the whole reader's rows, each on its row's line")
    func sameRowsSameLines() throws {
        var r = SplitMix64(seed: 16)
        for _ in 0..<200 {
            let (columns, rows) = Self.randomSheet(&r)
            var book = XLSXWorkbook()
            _ = book.addSheet(name: "Đảng viên", columns: columns, rows: rows)
            let data = try book.data()
            let whole = try XLSXReader.readFirstSheet(data).enumerated()
                .filter { $0.element.contains { !$0.isEmpty } }
                .map { (line: $0.offset + 1, fields: Self.trimmed($0.element.map { $0.replacingOccurrences(of: "\n", with: " ") })) }
            let streamed = try Self.streamed(data).map { (line: $0.line, fields: Self.trimmed($0.fields)) }
            #expect(streamed.map(\.line) == whole.map(\.line))
            #expect(streamed.map(\.fields) == whole.map(\.fields))
        }
    }

    @Test("An XLSX import's progress moves with the sheet's rows, from a small share after the first row to the whole at the end")
    func progressFollowsRows() throws {
        var book = XLSXWorkbook()
        let rows: [[XLSXCell]] = (0..<20_000).map { i in [.text("Nguyễn Văn Người Thứ \(i)"), .text("15/03/1980"), .text("Nam"), .text("Kinh")] }
        _ = book.addSheet(name: "Đảng viên", columns: ["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc"], rows: rows)
        var file = try MemberImportFile(data: try book.data())
        let size = try #require(file.size)
        _ = try file.next()
        let first = file.bytesRead
        var shares: Set<Int> = []
        while try file.next() != nil { shares.insert(file.bytesRead * 10 / size) }
        #expect(first < size / 4, "after one row: \(first) of \(size)")
        #expect(file.bytesRead == size)
        #expect(shares.count >= 4, "the bar moved through \(shares.sorted())")
    }

    @Test("A member list in XLSX reports a bad row on the sheet's own row number, below a title block and blank rows")
    func badRowKeepsItsRowNumber() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            var book = XLSXWorkbook()
            let header = MemberImportExportTests.header.split(separator: "\n")[0].split(separator: ",").map { XLSXCell.text(String($0)) }
            func text(_ s: String...) -> [XLSXCell] { s.map { .text($0) } }
            _ = book.addSheet(name: "Đảng viên", columns: ["DANH SÁCH ĐẢNG VIÊN"], rows: [
                [.empty], header,
                text("Nguyễn Văn An", "15/03/1980", "Nam", "Kinh", "44000001", "03/02/2005", "03/02/2006", "A1"),
                [.empty], [.empty],
                text("Trần Thị Lan", "31/02/1980", "Nữ", "Tày", "", "03/02/2025", "", "A2"),
            ])
            let importer = MemberImport(db: app.db, today: app.capuy.today())
            let report = try await importer.run(try book.data(), dryRun: true)
            #expect(report.issueCount == 1)
            #expect(report.issues.first?.row == 7)
            _ = f
        }
    }
}
