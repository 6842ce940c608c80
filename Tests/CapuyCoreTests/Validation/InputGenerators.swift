import PropertyBased

/// Generators for the property tests of issue 14, item 1: every reader of
/// request input is fed what an attacker or a broken client could send.
enum InputGen {
    /// Any Double at all, drawn by bit pattern: NaN payloads, ±infinity,
    /// subnormals, ±0 and magnitudes up to 1.8e308 all come up.
    static let anyDouble = Gen<UInt64>.value().map { Double(bitPattern: $0) }

    /// The Doubles that stopped servers before, tried in every property.
    static let edgeDoubles: [Double] = [
        .nan, .infinity, -.infinity, 0, -0.0, 1e308, -1e308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        .leastNonzeroMagnitude, 1e19, -1e19, 1e300, 9_223_372_036_854_775_807, -9_223_372_036_854_775_808,
        9_007_199_254_740_993, 1e15, 1e13, 1e13 + 0.01, 0.005, -0.005, 0.015, 99.995,
    ]

    /// Any Int, with the ends of the range as likely as the middle.
    static let anyInt = Gen.int()

    /// Ints that overflowed `+ 1`, `- 1` or `* n` before.
    static let edgeInts: [Int] = [.max, .min, .max - 1, .min + 1, 0, -1, 1, 9999, 10_000, -9999, 2_958_465, 4_000_000]

    /// Random Unicode text: any scalar (NUL, controls, combining marks,
    /// emoji, unpaired surrogates replaced by U+FFFD) up to 40 of them.
    static let anyText = Gen<UInt32>.value(in: 0...0x10FFFF)
        .map { Unicode.Scalar($0) ?? "\u{FFFD}" }
        .array(of: 0...40)
        .map { scalars -> String in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }

    /// Text made of what number and date readers look at, so that the
    /// near-misses ("1.2.3", "--5", "31/02/2024\0") come up often.
    static let readerText = Gen<Character?>.element(of: Array("0123456789.,-+/% e\u{0}\u{A0}\t٣∞"))
        .array(of: 0...24)
        .map { String($0.compactMap { $0 }) }
}
