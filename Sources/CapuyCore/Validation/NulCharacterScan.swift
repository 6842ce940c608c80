/// Finds the NUL character (U+0000) in request input before it is decoded.
///
/// PostgreSQL cannot store U+0000 in a text column (the insert fails), and a
/// name or title holding one is cut short in every export that reads it as a C
/// string. So no request may carry one: these scans let the server refuse it
/// with a clear message instead of failing deep in a query (issue 14, item 7).
public enum NulCharacterScan {
    /// Whether JSON text carries U+0000, raw or as the escape `\u0000`.
    /// Escapes are followed pair by pair, so `\\u0000` (a backslash, then the
    /// letters) is not taken for one.
    public static func inJSON<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == 0 { return true }
            guard byte == UInt8(ascii: "\\") else {
                index = bytes.index(after: index)
                continue
            }
            let escaped = bytes.index(after: index)
            guard escaped != bytes.endIndex else { return false }
            if bytes[escaped] == UInt8(ascii: "u"), isZeroCodeUnit(bytes, after: escaped) { return true }
            index = bytes.index(after: escaped)
        }
        return false
    }

    /// Whether form-encoded text (`a=b&c=d`, a URL's query or path) carries
    /// U+0000, raw or as `%00`.
    public static func inPercentEncoded<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == 0 { return true }
            index = bytes.index(after: index)
            if byte == UInt8(ascii: "%"), hexDigits(bytes, from: index, count: 2) == 0 { return true }
        }
        return false
    }

    /// Whether decoded text holds U+0000.
    public static func inText(_ text: String) -> Bool {
        text.utf8.contains(0)
    }

    /// The four hex digits after the `u` of an escape read as zero.
    private static func isZeroCodeUnit<Bytes: Collection>(_ bytes: Bytes, after u: Bytes.Index) -> Bool
        where Bytes.Element == UInt8 {
        hexDigits(bytes, from: bytes.index(after: u), count: 4) == 0
    }

    /// The value of `count` hex digits from `start`, or nil when fewer follow
    /// or one is not a hex digit. At most 4 digits, so it cannot overflow.
    private static func hexDigits<Bytes: Collection>(_ bytes: Bytes, from start: Bytes.Index, count: Int) -> Int?
        where Bytes.Element == UInt8 {
        var value = 0
        var index = start
        for _ in 0..<count {
            guard index != bytes.endIndex, let digit = hexValue(bytes[index]) else { return nil }
            value = value * 16 + digit
            index = bytes.index(after: index)
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
