/// The materialized path of a unit: fixed-width decimal segments joined by
/// dots, e.g. `0001.0027.0305` (DESIGN.md, Data).
///
/// Fixed width makes plain byte order equal tree order and lets a subtree be
/// selected by one index range scan: every descendant of `p` lies in
/// `[p + ".", p + "/")` because `/` is the byte right after `.`.
public struct TreePath: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public static let segmentWidth = 4
    public static let maxSegment = 9_999

    public let value: String

    public init?(_ value: String) {
        let segments = value.split(separator: ".", omittingEmptySubsequences: false)
        guard !segments.isEmpty, segments.allSatisfy({
            $0.count == Self.segmentWidth && $0.allSatisfy(\.isASCIIDigit)
        }) else { return nil }
        self.value = value
    }

    /// The path of a root unit with the given ordinal.
    public static func root(_ ordinal: Int) -> TreePath? {
        guard (1...maxSegment).contains(ordinal) else { return nil }
        return TreePath(segment(ordinal))
    }

    /// The path of the `ordinal`-th child of this unit.
    public func child(_ ordinal: Int) -> TreePath? {
        guard (1...Self.maxSegment).contains(ordinal) else { return nil }
        return TreePath(value + "." + Self.segment(ordinal))
    }

    /// Root units have depth 0.
    public var depth: Int { value.utf8.lazy.filter { $0 == UInt8(ascii: ".") }.count }

    public var parent: TreePath? {
        guard let dot = value.lastIndex(of: ".") else { return nil }
        return TreePath(String(value[..<dot]))
    }

    /// Whether `self` is `other` or lies below it.
    public func isWithin(_ other: TreePath) -> Bool {
        value == other.value || value.hasPrefix(other.value + ".")
    }

    /// Whether `self` lies strictly below `other`.
    public func isStrictlyBelow(_ other: TreePath) -> Bool {
        value.hasPrefix(other.value + ".")
    }

    /// Lower (inclusive) and upper (exclusive) bounds of the strict descendants.
    public var descendantRange: (lower: String, upper: String) {
        (value + ".", value + "/")
    }

    /// This path with the `old` prefix replaced by `new` (used when a subtree moves).
    public func rebased(from old: TreePath, to new: TreePath) -> TreePath? {
        guard isWithin(old) else { return nil }
        return TreePath(new.value + value.dropFirst(old.value.count))
    }

    public static func segment(_ ordinal: Int) -> String {
        let digits = String(ordinal)
        return String(repeating: "0", count: max(0, segmentWidth - digits.count)) + digits
    }

    public static func < (lhs: TreePath, rhs: TreePath) -> Bool { lhs.value < rhs.value }
    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let path = TreePath(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a tree path"))
        }
        self = path
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
