/// Which unit is competent for a case, proposed from its subject (issue 4,
/// point 3): a denunciation about a unit itself or about one of its leaders
/// goes to the level above, since no one judges their own committee; other
/// cases go to the subject unit. Staff may change the proposal with a reason.
public enum CaseRouting {
    /// R-CASE-5 routing, whatever the kind (issue 14, item 3): a case about a
    /// unit's leadership goes to the level above, since the person denounced
    /// may never handle it and their own office must not read it. An
    /// anonymous denunciation kept as a report, or a complaint naming the
    /// chair, is still about the leadership.
    /// - Parameters:
    ///   - subjectPath: the subject unit's path.
    ///   - subjectIsLeadership: the subject is a member holding a committee
    ///     post in the unit, or (for a denunciation) the unit itself.
    public static func competentUnit(kind: CaseKind, subjectPath: TreePath, subjectIsLeadership: Bool) -> TreePath {
        guard subjectIsLeadership else { return subjectPath }
        // The top of the tree has no level above; it handles its own.
        return subjectPath.parent ?? subjectPath
    }

    /// Which of the leaders' names the texts mention, as whole words, with
    /// tones and case ignored (the submitter's flag is not trusted alone:
    /// "Nguyen Van Chu" typed without accents is still the chair).
    /// Names of fewer than two words are ignored: a given name alone is not
    /// a person.
    public static func namedLeaders<ID: Hashable>(in texts: [String], leaders: [ID: String]) -> Set<ID> {
        let haystack = " " + texts.map { plainWords($0).joined(separator: " ") }.joined(separator: " | ") + " "
        var named = Set<ID>()
        for (id, name) in leaders {
            let words = plainWords(name)
            guard words.count >= 2 else { continue }
            if haystack.contains(" " + words.joined(separator: " ") + " ") { named.insert(id) }
        }
        return named
    }

    /// Folded words, split at anything that is not a letter or a digit, so
    /// "Chủ," and "(Chủ)" are the word "chu".
    static func plainWords(_ text: String) -> [Substring] {
        VietnameseText.fold(text).unicodeScalars
            .split(whereSeparator: { !$0.properties.isAlphabetic && !("0"..."9").contains($0) }).map(Substring.init)
    }

    /// R-CASE-5: an anonymous or false-name denunciation is not processed as
    /// one; it may be kept as a report.
    public static func effectiveKind(_ kind: CaseKind, hasIdentity: Bool) -> CaseKind {
        kind == .denunciation && !hasIdentity ? .report : kind
    }
}

/// Open cases longer than a threshold are "long-running" (tồn đọng, kéo dài).
public enum LongRunning {
    public static let defaultThresholdDays = 90

    public static func isLongRunning(received: LocalDate, today: LocalDate, open: Bool, thresholdDays: Int) -> Bool {
        open && today.daysSinceEpoch - received.daysSinceEpoch > thresholdDays
    }
}
