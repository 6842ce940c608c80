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

    /// The largest size a typed figure may have: ten thousand billion, above
    /// any office's target or budget in đồng, and small enough that two
    /// decimals survive a Double (exact cents end near 9·10¹³).
    public static let largest: Double = 10_000_000_000_000

    /// Why `value` cannot be taken as a figure, or nil when it can: NaN,
    /// ±infinity and sizes above `largest` are refused (issue 14: a progress
    /// value of 1e19 used to stop the server when it was formatted).
    public static func issue(_ value: Double, field: String) -> FieldIssue? {
        guard value.isFinite, abs(value) <= largest else {
            return FieldIssue(field: field, "Giá trị phải là một số, không lớn hơn \(format(largest)) (mười nghìn tỷ).",
                              en: "The value must be a number no larger than \(format(largest, decimalComma: false)).")
        }
        return nil
    }

    /// The Vietnamese way back: "95,5", "1.250"; whole numbers without decimals.
    /// Total for every Double, so a figure stored before the range check
    /// (a target of 1e300) still renders: the digits come from `%.2f`, never
    /// from an Int conversion, and non-numbers show as "∞", "-∞" or "—".
    public static func format(_ value: Double, decimalComma: Bool = true) -> String {
        guard value.isFinite else { return value.isNaN ? "—" : (value < 0 ? "-∞" : "∞") }
        // From 2^53 on a Double holds no fraction, and ×100 near the top of
        // the range would overflow to infinity, so only smaller ones are rounded.
        let r = abs(value) < 1e15 ? CommitmentMath.rounded(value) : value
        let fixed = String(format: "%.2f", abs(r))
        let parts = fixed.split(separator: ".", maxSplits: 1)
        var digits = String(parts[0])
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if decimalComma {
            var grouped = ""
            for (i, c) in digits.reversed().enumerated() {
                if i > 0 && i % 3 == 0 { grouped.append(".") }
                grouped.append(c)
            }
            digits = String(grouped.reversed())
        }
        var out = (r < 0 ? "-" : "") + digits
        if !fraction.isEmpty { out += (decimalComma ? "," : ".") + fraction }
        return out
    }
}
