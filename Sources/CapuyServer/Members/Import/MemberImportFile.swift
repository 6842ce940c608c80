import CapuyCore
import Crypto
import Foundation

/// An uploaded member list, read a row at a time: CSV as a stream of
/// records, XLSX by its zip signature. It hashes the bytes as they are read,
/// so the audit can name the exact file (issue 16).
struct MemberImportFile {
    struct Row {
        let fields: [String]
        let line: Int
    }

    // Two optionals, not an enum with payloads: mutating a payload copies the
    // stream's buffer on every row.
    private var csv: CSVRecordStream?
    private let counter: CountingByteSource?
    private let sheetHash: String?
    /// The file's size in bytes, when known (for the progress bar).
    let size: Int?

    /// Opens the file at `path`.
    init(path: String) throws {
        guard let probe = FileHandle(forReadingAtPath: path) else {
            throw MemberImport.FileProblem(description: "Không đọc được tệp \(path).")
        }
        let head = (try? probe.read(upToCount: 4)) ?? nil
        let size = (try? probe.seekToEnd()).map { Int(clamping: $0) }
        try? probe.close()
        if let head, Self.isZip(head) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw MemberImport.FileProblem(description: "Không đọc được tệp \(path).")
            }
            try self.init(sheet: data)
        } else {
            guard let source = FileByteSource(path: path) else {
                throw MemberImport.FileProblem(description: "Không đọc được tệp \(path).")
            }
            self.init(text: CountingByteSource(source), size: size)
        }
    }

    /// Reads bytes already in memory (tests, small uploads).
    init(data: Data) throws {
        if Self.isZip(data.prefix(4)) {
            try self.init(sheet: data)
        } else {
            self.init(text: CountingByteSource(DataByteSource(data)), size: data.count)
        }
    }

    private init(text counter: CountingByteSource, size: Int?) {
        csv = CSVRecordStream(counter)
        self.counter = counter
        sheetHash = nil
        self.size = size
    }

    /// XLSX: the compressed package is held (an XLSX has at most 1,048,576
    /// rows: tens of megabytes compressed), its first sheet written out as
    /// CSV a row at a time and read back through the same record stream, so
    /// neither the sheet's XML nor its rows are ever whole in memory; the
    /// lines are the sheet's rows. The file is unlinked once open.
    private init(sheet data: Data) throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-import-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            try XLSXReader.copyFirstSheet(data, toCSV: temporary)
        } catch let e as XLSXError {
            throw MemberImport.FileProblem(description: e.message)
        }
        guard let source = FileByteSource(path: temporary.path) else {
            throw MemberImport.FileProblem(description: "Không đọc được bảng tính.")
        }
        // The progress bar follows the sheet's rows as CSV: the package's
        // own bytes are all read before the first row.
        let counting = CountingByteSource(source)
        csv = CSVRecordStream(counting)
        counter = counting
        sheetHash = Digest.sha256Hex(data)
        size = (try? FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? Int) ?? nil
    }

    private static func isZip(_ head: Data) -> Bool { head.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// The next row with any text in it, or nil at the end.
    mutating func next() throws -> Row? {
        do {
            return try csv?.next().map { Row(fields: $0.fields, line: $0.line) }
        } catch let e as CSVError {
            throw MemberImport.FileProblem(description: e.message)
        }
    }

    /// Bytes read so far (of a spreadsheet: of its sheet written out as CSV).
    var bytesRead: Int { counter?.count ?? size ?? 0 }

    /// The SHA-256 of every byte read (call after the last row).
    var sha256: String { sheetHash ?? counter?.digest ?? "" }
}

/// Counts and hashes the bytes passing through.
final class CountingByteSource: ByteSource {
    private var base: any ByteSource
    private var hasher = SHA256()
    private(set) var count = 0

    init(_ base: any ByteSource) { self.base = base }

    func read(upTo n: Int) throws -> [UInt8] {
        let bytes = try base.read(upTo: n)
        hasher.update(data: bytes)
        count += bytes.count
        return bytes
    }

    var digest: String { Digest.hex(hasher.finalize()) }
}
