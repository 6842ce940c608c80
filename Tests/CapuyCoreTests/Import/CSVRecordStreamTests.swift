import Foundation
import Testing
@testable import CapuyCore

/// Issue 16: member lists are read as a stream, in bounded memory, with the
/// same records and line numbers as a whole-file parse.
@Suite("CSV record stream")
struct CSVRecordStreamTests {
    static func records(of data: Data, chunk: Int) throws -> [CSVRecordStream.Record] {
        var stream = CSVRecordStream(DataByteSource(data), chunk: chunk)
        var out: [CSVRecordStream.Record] = []
        while let r = try stream.next() { out.append(r) }
        return out
    }

    /// A random document: quoted and bare fields with separators, quotes,
    /// every kind of line break, multi-byte letters and blank lines.
    static func document(_ r: inout SplitMix64, separator: String, breakStyle: String) -> String {
        let pieces = ["a", "Đặng", "ữ", " ", "1", "\"", separator, "\n", "\r\n", "\r", "x y", "𝄞"]
        var text = "h1\(separator)h2\(separator)h3" + breakStyle
        for _ in 0..<Int.random(in: 1...25, using: &r) {
            if Int.random(in: 0..<8, using: &r) == 0 { text += breakStyle; continue }  // a blank line
            let fields = (0..<Int.random(in: 1...4, using: &r)).map { _ -> String in
                let raw = (0..<Int.random(in: 0...6, using: &r)).map { _ in pieces.randomElement(using: &r)! }.joined()
                let mustQuote = raw.contains("\"") || raw.contains(separator) || raw.contains("\n") || raw.contains("\r")
                return mustQuote || Bool.random(using: &r) ? "\"" + raw.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : raw
            }
            text += fields.joined(separator: separator) + breakStyle
        }
        return text
    }

    @Test("Property: any chunk size gives the records and lines of the whole-file parse", arguments: [16, 17, 31, 64, 4096])
    func sameAsWholeFile(chunk: Int) throws {
        var r = SplitMix64(seed: UInt64(chunk))
        for i in 0..<300 {
            let separator = [",", ";", "\t"][i % 3]
            let text = Self.document(&r, separator: separator, breakStyle: ["\n", "\r\n", "\r"][i % 3])
            let table = try CSVTable.parse(Data(text.utf8))
            let streamed = try Self.records(of: Data(text.utf8), chunk: chunk)
            #expect(streamed.first?.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } == table.header, "\(text.debugDescription)")
            #expect(streamed.dropFirst().map(\.fields) == table.rows, "\(text.debugDescription)")
            #expect(streamed.dropFirst().map(\.line) == table.rowLines, "\(text.debugDescription)")
        }
    }

    @Test("UTF-16 with a byte order mark streams like the whole file, with pairs split across chunks", arguments: [true, false])
    func utf16(bigEndian: Bool) throws {
        let text = "Họ và tên\tGhi chú\r\n" + (0..<200).map { "Nguyễn 𝄞 \($0)\t\"a\r\nb\"\r\n" }.joined()
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 { bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let table = try CSVTable.parse(Data(bytes))
        for chunk in [17, 33, 1001] {
            let streamed = try Self.records(of: Data(bytes), chunk: chunk)
            #expect(streamed.dropFirst().map(\.fields) == table.rows)
            #expect(streamed.dropFirst().map(\.line) == table.rowLines)
        }
    }

    @Test("Bad bytes past the first chunk are refused with the reason: NUL, broken UTF-8, an .xls file, a lone surrogate")
    func badBytes() throws {
        let good = String(repeating: "Nguyễn Văn An,1\n", count: 200)
        #expect(throws: CSVError.binary) { try Self.records(of: Data((good + "a\u{0}b,1\n").utf8), chunk: 64) }
        #expect(throws: CSVError.notDecodableText) { try Self.records(of: Data(good.utf8) + Data([0xC3, 0x28, 0x0A]), chunk: 64) }
        #expect(throws: CSVError.legacyExcel) { try Self.records(of: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1]), chunk: 64) }
        #expect(throws: CSVError.notDecodableText) { try Self.records(of: Data([0xFF, 0xFE, 0x61, 0x00, 0x00, 0xD8, 0x0A, 0x00]), chunk: 64) }
    }

    @Test("An unclosed quote deep in the file names the line where it opened")
    func unclosedQuoteLine() throws {
        let text = "a,b\n" + String(repeating: "x,y\n", count: 5_000) + "\"open,1\n2\n"
        #expect(throws: CSVError.unterminatedQuote(line: 5_002)) { try Self.records(of: Data(text.utf8), chunk: 1024) }
    }

    @Test("A 2 GB cell is refused after the record limit, without reading the file")
    func hugeCell() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-huge-cell-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("Họ và tên,Ghi chú\nAn,\"".utf8).write(to: url)
        // A sparse file: 2 GB long, almost nothing on disk.
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        var stream = CSVRecordStream(try #require(FileByteSource(path: url.path)))
        _ = try stream.next()
        #expect(throws: CSVError.recordTooLong(line: 2, limit: CSVRecordStream.defaultRecordLimit)) { _ = try stream.next() }
        // The buffer grows by doubling: at most twice the limit and a chunk, never the file.
        #expect(stream.bufferedBytes <= 2 * (CSVRecordStream.defaultRecordLimit + CSVRecordStream.defaultChunk))
    }

    @Test("A file larger than the import's memory limit (256 MB) streams with a bounded buffer")
    func largerThanMemoryLimit() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-large-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let out = try FileHandle(forWritingTo: url)
        let row = "Nguyễn Văn An,15/03/1980,Nam,Kinh,44000001,03/02/2005,03/02/2006,\"Chi bộ \"\"Khu phố 1\"\", Phường Ba Đình\"\n"
        let block = Data(String(repeating: row, count: 10_000).utf8)
        out.write(Data("Họ và tên,Ngày sinh,Giới tính,Dân tộc,Số thẻ đảng,Ngày vào Đảng,Ngày chính thức,Chi bộ\n".utf8))
        var written = 0
        var rows = 0
        while written < 260 << 20 {
            out.write(block)
            written += block.count
            rows += 10_000
        }
        try out.close()
        var stream = CSVRecordStream(try #require(FileByteSource(path: url.path)))
        var seen = 0
        var largest = 0
        var last: CSVRecordStream.Record?
        while let r = try stream.next() {
            seen += 1
            largest = max(largest, stream.bufferedBytes)
            last = r
        }
        #expect(seen == rows + 1)
        #expect(last?.line == rows + 1)
        #expect(last?.fields.last == "Chi bộ \"Khu phố 1\", Phường Ba Đình")
        #expect(largest <= 4 * CSVRecordStream.defaultChunk)  // a chunk and the tail of the one before, grown by doubling
    }
}
