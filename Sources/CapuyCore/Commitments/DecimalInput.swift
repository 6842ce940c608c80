import Foundation

/// Reads a number typed into a form the way Vietnamese write it: a comma
/// for decimals ("95,5") and dots between thousands ("1.250"). A lone dot
/// before one, two or more than three digits is read as a decimal point, so
/// "2.5" from an English keyboard still means two and a half.
public enum DecimalInput {
    /// With `decimalComma` false (the English pages) a comma only groups
    /// thousands and the dot is the decimal point.
    public static func parse(_ text: String, decimalComma: Bool = true) -> Double? {
        var s = text.filter { !$0.isWhitespace && $0 != "\u{00A0}" }
        if s.hasSuffix("%") { s.removeLast() }
        guard !s.isEmpty else { return nil }
        let hasComma = s.contains(","), hasDot = s.contains(".")
        if !decimalComma {
            s = s.replacingOccurrences(of: ",", with: "")
        } else if hasComma && hasDot {
            // "1.250,5": dots group thousands, the comma is the decimal mark.
            s = s.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else if hasComma {
            guard s.filter({ $0 == "," }).count == 1 else { return nil }
            s = s.replacingOccurrences(of: ",", with: ".")
        } else if hasDot && isThousandsGrouping(s) {
            s = s.replacingOccurrences(of: ".", with: "")
        }
        guard s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }),
              let value = Double(s), value.isFinite else { return nil }
        return value
    }

    /// "1.250" or "12.500.000": groups of exactly three digits after each dot.
    private static func isThousandsGrouping(_ s: String) -> Bool {
        let body = s.hasPrefix("-") || s.hasPrefix("+") ? String(s.dropFirst()) : s
        let groups = body.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count >= 2, let first = groups.first, (1...3).contains(first.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 } && groups.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    /// The Vietnamese way back: "95,5", "1.250"; whole numbers without decimals.
    public static func format(_ value: Double, decimalComma: Bool = true) -> String {
        let r = CommitmentMath.rounded(value)
        let negative = r < 0
        let whole = Int(abs(r).rounded(.down))
        let cents = Int((abs(r) * 100).rounded()) - whole * 100
        var digits = String(whole)
        if decimalComma {
            var grouped = ""
            for (i, c) in digits.reversed().enumerated() {
                if i > 0 && i % 3 == 0 { grouped.append(".") }
                grouped.append(c)
            }
            digits = String(grouped.reversed())
        }
        var out = (negative ? "-" : "") + digits
        if cents > 0 {
            var frac = cents < 10 ? "0\(cents)" : "\(cents)"
            if frac.hasSuffix("0") { frac.removeLast() }
            out += (decimalComma ? "," : ".") + frac
        }
        return out
    }
}
