import Foundation

/// Reads CSV records one at a time from a `ByteSource`, holding at most a
/// chunk and one record in memory, so a file of any size is read in bounded
/// memory (issue 16). Same dialects and line numbers as `CSVTable`: UTF-8
/// with or without BOM, UTF-16 with BOM, comma, semicolon or tab, LF, CRLF
/// or CR.
///
/// How: the bytes read so far are cut after the last line break that lies
/// outside quotes; that complete part goes through `CSVByteParser` (the same
/// parser as whole files), and the rest waits for the next chunk.
public struct CSVRecordStream {
    public struct Record: Sendable, Equatable {
        public let fields: [String]
        /// The 1-based line on which the record starts.
        public let line: Int
    }

    public static let defaultChunk = 256 * 1024
    /// No member row comes near this; a longer one is a runaway quote or not
    /// a list, and is refused before the rest of the file is read.
    public static let defaultRecordLimit = 1 << 20

    private var source: any ByteSource
    private let chunk: Int
    private let recordLimit: Int
    private var buffer: [UInt8] = []
    private var atEnd = false
    private var started = false
    private var separatorByte: UInt8 = 0x2C
    /// The file line of `buffer[0]`.
    private var lineBase = 1
    private var ready: [Record] = []
    private var readyIndex = 0
    // Scan state over `buffer`, kept across chunks so no byte is scanned twice.
    private var scanned = 0
    private var inQuotes = false
    private var cut = 0

    public init(_ source: any ByteSource, chunk: Int = defaultChunk, recordLimit: Int = defaultRecordLimit) {
        self.source = source
        self.chunk = max(16, chunk)
        self.recordLimit = max(self.chunk, recordLimit)
    }

    /// Bytes held now: the unparsed tail and the records waiting to be taken
    /// (their count), bounded by the chunk and the record limit, whatever the file's size.
    public var bufferedBytes: Int { buffer.capacity }

    /// The separator the header line uses (known after the first `next()`).
    public var separator: Character { Character(Unicode.Scalar(separatorByte)) }

    /// The next record with at least one non-empty field, or nil at the end.
    public mutating func next() throws -> Record? {
        while readyIndex == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyIndex = 0
            if atEnd && buffer.isEmpty { return nil }
            try fill()
            try takeCompleteRecords()
        }
        defer { readyIndex += 1 }
        return ready[readyIndex]
    }

    private mutating func fill() throws {
        guard !atEnd else { return }
        var bytes = try source.read(upTo: chunk)
        if !started {
            started = true
            bytes = try decodeStart(bytes)
        }
        if bytes.isEmpty { atEnd = true } else { buffer += bytes }
    }

    /// Looks at the file's first bytes: a byte order mark picks the decoding,
    /// an .xls signature is refused by name, and the header line gives the separator.
    private mutating func decodeStart(_ first: [UInt8]) throws -> [UInt8] {
        var bytes = first
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { throw CSVError.legacyExcel }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            source = UTF16ToUTF8Source(base: source, bigEndian: bytes[0] == 0xFE, carry: Array(bytes.dropFirst(2)))
            bytes = try source.read(upTo: chunk)
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        }
        separatorByte = CSVByteParser.detectSeparator(bytes)
        return bytes
    }

    /// Parses the buffer up to its last record boundary (all of it at the end).
    private mutating func takeCompleteRecords() throws {
        scanForBoundary()
        let end = atEnd ? buffer.count : cut
        guard end > 0 else {
            if buffer.count > recordLimit { throw CSVError.recordTooLong(line: lineBase, limit: recordLimit) }
            return
        }
        let base = lineBase
        let separator = separatorByte
        let (output, lines) = try buffer.withUnsafeBufferPointer { all -> (CSVByteParser.Output, Int) in
            let part = UnsafeBufferPointer(rebasing: all[0..<end])
            if part.contains(0) { throw CSVError.binary }
            guard UTF8Check.isValid(part) else { throw CSVError.notDecodableText }
            do {
                return (try CSVByteParser.parse(part, separator: separator), Self.lineBreaks(in: part))
            } catch CSVError.unterminatedQuote(let line) {
                throw CSVError.unterminatedQuote(line: base + line - 1)
            }
        }
        for (fields, line) in zip(output.records, output.lines) {
            ready.append(Record(fields: fields, line: base + line - 1))
        }
        lineBase += lines
        buffer.removeFirst(end)
        scanned = 0
        inQuotes = false
        cut = 0
    }

    /// Moves `cut` past the last line break outside quotes seen so far. A CR
    /// counts only once the next byte shows it is not the start of CRLF.
    private mutating func scanForBoundary() {
        let quote = CSVByteParser.quote, lf = CSVByteParser.lf, cr = CSVByteParser.cr
        var i = scanned
        let n = buffer.count
        while i < n {
            let byte = buffer[i]
            if byte == quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == lf {
                    cut = i + 1
                } else if byte == cr {
                    guard i + 1 < n else { break }  // wait for the next byte
                    if buffer[i + 1] != lf { cut = i + 1 }
                }
            }
            i += 1
        }
        scanned = i
    }

    /// Line breaks as the parser counts them: LF, CRLF once, and a lone CR.
    static func lineBreaks(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == CSVByteParser.lf {
                count += 1
            } else if byte == CSVByteParser.cr, i + 1 == bytes.count || bytes[i + 1] != CSVByteParser.lf {
                count += 1
            }
            i += 1
        }
        return count
    }
}
