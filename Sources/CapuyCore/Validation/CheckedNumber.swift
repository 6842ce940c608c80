/// Conversions and integer arithmetic that answer nil or saturate instead of
/// trapping. A Swift trap stops every user's requests (issue 14), so a number
/// that came from a request or a file passes through here before it becomes
/// an `Int` or meets `+`, `-` or `*`.
public enum CheckedNumber {
    /// The whole part of `value` (rounded toward zero) as an Int; nil for NaN,
    /// ±infinity and anything beyond Int's range (`Int(1e19)` would trap).
    public static func int(_ value: Double) -> Int? {
        guard value.isFinite else { return nil }
        return Int(exactly: value.rounded(.towardZero))
    }

    /// `value` held to `range`.
    public static func clamp(_ value: Int, to range: ClosedRange<Int>) -> Int {
        min(max(value, range.lowerBound), range.upperBound)
    }

    /// `a + b`, or nil where it would overflow.
    public static func sum(_ a: Int, _ b: Int) -> Int? {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : result
    }

    /// `a * b`, or nil where it would overflow.
    public static func product(_ a: Int, _ b: Int) -> Int? {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : result
    }
}
