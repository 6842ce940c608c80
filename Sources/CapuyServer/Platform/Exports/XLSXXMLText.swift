import Foundation

/// XML text encoding for spreadsheet parts.
///
/// Works on UTF-8 bytes and copies unchanged runs in bulk, because the writer
/// calls it for every cell of very large sheets.
enum XLSXXMLText {
    private static let amp = Array("&amp;".utf8)
    private static let lt = Array("&lt;".utf8)
    private static let gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8)
    private static let apos = Array("&apos;".utf8)
    // Excel decodes `_xHHHH_` in cell text, so a literal one must have its
    // underscore written as `_x005F_` to come back unchanged.
    private static let underscore = Array("_x005F_".utf8)

    /// The text escaped for use in XML content or a double-quoted attribute.
    static func escaped(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        appendEscaped(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` escaped for XML 1.0: markup characters become entities and
    /// characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped,
    /// since a single one would make Excel reject the whole file.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendEscaped($0, to: &out) }
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let count = bytes.count
        var index = 0
        var runStart = 0
        while index < count {
            let byte = bytes[index]
            var replacement: [UInt8]?
            var width = 1
            switch byte {
            case 0x26: replacement = amp
            case 0x3C: replacement = lt
            case 0x3E: replacement = gt
            case 0x22: replacement = quot
            case 0x27: replacement = apos
            case 0x09, 0x0A, 0x0D: break
            case 0x00..<0x20: replacement = []
            case 0xEF:
                // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
                if index + 2 < count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE {
                    replacement = []
                    width = 3
                }
            case 0x5F:
                if isExcelEscape(bytes, at: index) { replacement = underscore }
            default: break
            }
            if let replacement {
                if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                out.append(contentsOf: replacement)
                index += width
                runStart = index
            } else {
                index += 1
            }
        }
        if runStart < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
    }

    /// Whether `_xHHHH_` starts at `index`.
    private static func isExcelEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < bytes.count, bytes[index + 1] == 0x78, bytes[index + 6] == 0x5F else { return false }
        return (index + 2...index + 5).allSatisfy { isHexDigit(bytes[$0]) }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// Decodes Excel's `_xHHHH_` escapes (used for control characters such as
    /// `_x000D_`) found in cell text of files written by Excel.
    static func decodingExcelEscapes(_ text: String) -> String {
        guard text.utf8.contains(0x5F) else { return text }
        let units = Array(text.utf16)
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        var index = 0
        while index < units.count {
            if units[index] == 0x5F, index + 6 < units.count, units[index + 1] == 0x78, units[index + 6] == 0x5F,
               let value = UInt16(String(decoding: units[(index + 2)...(index + 5)], as: UTF16.self), radix: 16) {
                out.append(value)
                index += 7
            } else {
                out.append(units[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF16.self)
    }
}
