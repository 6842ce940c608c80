/// The code a citizen keeps to follow a case (R-CASE-6). Twelve symbols of
/// Crockford's base 32 (60 random bits) in groups of four: easy to read out
/// on the phone, no I/O/L/U to confuse, impossible to guess by trying.
public enum ReceiptCode {
    public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let length = 12

    /// A new code from the caller's random bytes (at least 12).
    public static func make(randomBytes: [UInt8]) -> String {
        precondition(randomBytes.count >= length, "need 12 random bytes")
        let symbols = randomBytes.prefix(length).map { alphabet[Int($0) & 31] }
        return stride(from: 0, to: length, by: 4).map { String(symbols[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// Reads what a person typed: any case, spaces or dashes, and the usual
    /// look-alikes (O for 0, I and L for 1). Nil when it cannot be a code.
    public static func normalize(_ typed: String) -> String? {
        var symbols: [Character] = []
        // Upper-case letter by letter, ASCII only: "ß".uppercased() is "SS"
        // and "ﬁ" is "FI", which would turn a non-code into a code.
        for typedChar in typed {
            let ch = typedChar.isASCII ? Character(typedChar.uppercased()) : typedChar
            switch ch {
            case " ", "-", "\t": continue
            case "O": symbols.append("0")
            case "I", "L": symbols.append("1")
            default:
                guard alphabet.contains(ch) else { return nil }
                symbols.append(ch)
            }
            if symbols.count > length { return nil }
        }
        guard symbols.count == length else { return nil }
        return stride(from: 0, to: length, by: 4).map { String(symbols[$0..<$0 + 4]) }.joined(separator: "-")
    }
}
