/// RFC 4180 record splitter working directly on UTF-8 bytes.
///
/// Works on bytes rather than `Character`s because grapheme breaking is far
/// too slow for 100,000-row files, and every structural character (quote,
/// separators, CR, LF) is ASCII, so it can never appear inside a multi-byte
/// UTF-8 sequence.
struct CSVByteParser {
    static let quote: UInt8 = 0x22
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let candidates: [UInt8] = [0x2C, 0x3B, 0x09]  // ",", ";", tab

    /// Records with the 1-based line on which each starts.
    struct Output {
        var records: [[String]] = []
        var lines: [Int] = []
    }

    /// Picks the separator that occurs most often outside quotes on the first
    /// non-blank line; ties go to the earlier candidate (comma, then semicolon, then
    /// tab), and a single-column file defaults to comma.
    static func detectSeparator(_ bytes: [UInt8]) -> UInt8 {
        var counts = [0, 0, 0]
        var inQuotes = false
        var sawContent = false  // leading blank lines are skipped, like blank records
        for byte in bytes {
            if byte == quote {
                inQuotes.toggle()  // a doubled quote toggles twice: no net change
            } else if !inQuotes {
                if byte == lf || byte == cr {
                    if sawContent { break }
                    continue
                }
                if let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
            }
            sawContent = true
        }
        var best = 0
        for index in 1..<counts.count where counts[index] > counts[best] { best = index }
        return candidates[best]
    }

    /// Splits the bytes into records. Records whose fields are all empty
    /// (blank lines, or Excel's ",,,," rows left by formatting) are dropped,
    /// but line numbers still count them so errors point at the right line.
    static func parse(_ bytes: [UInt8], separator: UInt8) throws -> Output {
        try bytes.withUnsafeBufferPointer { buffer in
            try parse(buffer, separator: separator)
        }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8) throws -> Output {
        var output = Output()
        let count = bytes.count
        var index = 0
        var line = 1
        var recordLine = 1
        var row: [String] = []
        var width = 8

        func text(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }

        while index < count {
            if bytes[index] == quote {
                let openLine = line
                index += 1
                var segmentStart = index
                var unescaped: [UInt8] = []  // used only when the field has "" escapes
                var closed = false
                while index < count {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < count && bytes[index + 1] == quote {
                            unescaped.append(contentsOf: bytes[segmentStart...index])
                            index += 2
                            segmentStart = index
                            continue
                        }
                        closed = true
                        break
                    }
                    if byte == lf || (byte == cr && (index + 1 == count || bytes[index + 1] != lf)) {
                        line += 1
                    }
                    index += 1
                }
                guard closed else { throw CSVError.unterminatedQuote(line: openLine) }
                let segmentEnd = index
                index += 1
                // Be lenient with text after the closing quote ("ab"c): keep it.
                let trailingStart = index
                while index < count, bytes[index] != separator, bytes[index] != lf, bytes[index] != cr {
                    index += 1
                }
                if unescaped.isEmpty && trailingStart == index {
                    row.append(text(segmentStart, segmentEnd))
                } else {
                    unescaped.append(contentsOf: bytes[segmentStart..<segmentEnd])
                    unescaped.append(contentsOf: bytes[trailingStart..<index])
                    row.append(String(decoding: unescaped, as: UTF8.self))
                }
            } else {
                let start = index
                while index < count, bytes[index] != separator, bytes[index] != lf, bytes[index] != cr {
                    index += 1
                }
                row.append(text(start, index))
            }

            if index < count && bytes[index] == separator {
                index += 1
                if index == count { row.append("") }  // "a,b," at end of file
                continue
            }
            // End of record: newline or end of input.
            if row.contains(where: { !$0.isEmpty }) {
                width = max(width, row.count)
                output.records.append(row)
                output.lines.append(recordLine)
            }
            row = []
            row.reserveCapacity(width)
            if index < count {
                if bytes[index] == cr && index + 1 < count && bytes[index + 1] == lf { index += 1 }
                index += 1
                line += 1
            }
            recordLine = line
        }
        if !row.isEmpty && row.contains(where: { !$0.isEmpty }) {
            output.records.append(row)
            output.lines.append(recordLine)
        }
        return output
    }
}
