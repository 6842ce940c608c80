/// Telling whether a new case repeats an open one (issue 4, point 2;
/// R-CASE-5 "repeated ones without new evidence"). Texts are compared as
/// sets of three-word shingles of their folded words, so word order within
/// a sentence matters but punctuation, case and accents do not.
public enum CaseDuplicates {
    /// Two texts with at least this Jaccard similarity tell the same story.
    public static let threshold = 0.6

    public static func shingles(_ text: String) -> Set<String> {
        let words = VietnameseText.fold(text).split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard words.count >= 3 else { return words.isEmpty ? [] : [words.joined(separator: " ")] }
        return Set((0...(words.count - 3)).map { words[$0..<$0 + 3].joined(separator: " ") })
    }

    public static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    public static func isDuplicate(_ a: String, _ b: String) -> Bool {
        similarity(shingles(a), shingles(b)) >= threshold
    }

    // MARK: - signatures

    /// How many hashes a signature keeps: the similarity estimate's error is
    /// about 1/√32 ≈ 0.18 at worst, ample to tell a repeat from another story.
    public static let signatureSize = 32

    /// A MinHash signature of the text's shingles, stored with each case so
    /// that intake compares a new case with hundreds of open ones without
    /// folding and splitting their texts again. Hex, 16 characters a hash.
    public static func signature(_ text: String) -> String {
        let hashes = shingles(text).map(fnv1a)
        guard !hashes.isEmpty else { return "" }
        return (0..<signatureSize).map { i in
            let seed = UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15
            let m = hashes.map { mix($0 ^ seed) }.min()!
            let hex = String(m, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The share of equal hashes: an estimate of the shingles' Jaccard similarity.
    public static func estimatedSimilarity(_ a: String, _ b: String) -> Double {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == signatureSize * 16, y.count == x.count else { return 0 }
        var same = 0
        for i in 0..<signatureSize where x[i * 16..<(i + 1) * 16] == y[i * 16..<(i + 1) * 16] { same += 1 }
        return Double(same) / Double(signatureSize)
    }

    private static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }

    /// splitmix64's finalizer: spreads the bits so each seed gives an independent order.
    private static func mix(_ v: UInt64) -> UInt64 {
        var z = v &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
