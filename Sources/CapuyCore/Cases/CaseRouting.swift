/// Which unit is competent for a case, proposed from its subject (issue 4,
/// point 3): a denunciation about a unit itself or about one of its leaders
/// goes to the level above, since no one judges their own committee; other
/// cases go to the subject unit. Staff may change the proposal with a reason.
public enum CaseRouting {
    /// - Parameters:
    ///   - subjectPath: the subject unit's path.
    ///   - subjectIsLeadership: the subject is the unit itself or a member
    ///     holding a committee post in it.
    public static func competentUnit(kind: CaseKind, subjectPath: TreePath, subjectIsLeadership: Bool) -> TreePath {
        guard kind == .denunciation, subjectIsLeadership else { return subjectPath }
        // The top of the tree has no level above; it handles its own.
        return subjectPath.parent ?? subjectPath
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
