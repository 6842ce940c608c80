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
}
