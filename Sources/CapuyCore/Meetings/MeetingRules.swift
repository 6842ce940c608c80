/// Checks on a meeting's own facts, refused with the rule they break.
public enum MeetingRules {
    /// Marking a meeting held: it must have happened (not in the future) and
    /// lasted a positive number of minutes (R-MEET-2 measures its length).
    /// A day: no sitting of a cell lasts longer.
    public static let maxMinutes = 1440

    public static func checkHeld(heldOn: LocalDate, today: LocalDate, durationMinutes: Int?) throws {
        var issues = IssueCollector()
        if heldOn > today {
            issues.add("heldOn", "Không thể ghi nhận đã họp cho cuộc họp ở tương lai (R-MEET-1)",
                       en: "A meeting in the future cannot be marked held (R-MEET-1)")
        }
        if let minutes = durationMinutes, minutes <= 0 {
            issues.add("durationMinutes", "Thời lượng cuộc họp phải lớn hơn 0 phút (R-MEET-2)",
                       en: "A meeting's duration must be more than zero minutes (R-MEET-2)")
        } else if let minutes = durationMinutes, minutes > maxMinutes {
            // A typing slip, not a meeting; and a figure this large must never reach arithmetic.
            issues.add("durationMinutes", "Thời lượng cuộc họp không quá \(maxMinutes) phút (24 giờ) (R-MEET-2)",
                       en: "A meeting lasts at most \(maxMinutes) minutes (24 hours) (R-MEET-2)")
        } else if durationMinutes == nil {
            issues.add("durationMinutes", "Cần ghi thời lượng cuộc họp (R-MEET-2)",
                       en: "A held meeting needs its duration (R-MEET-2)")
        }
        try issues.throwIfAny()
    }

    /// "HH:mm", 00:00–23:59.
    public static func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        // Digits only: Int("+1") is 1, so "+1:30" was taken for a time.
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              let h = Int(parts[0]), let m = Int(parts[1]) else { return false }
        return (0..<24).contains(h) && (0..<60).contains(m)
    }

    /// The longest run of consecutive "absent with reason" in one member's
    /// meetings of a year, in date order (R-MEET-2: more than 3 fails).
    public static func longestExcusedRun(_ history: [AttendanceStatus]) -> Int {
        var best = 0, run = 0
        for status in history {
            run = status == .excused ? run + 1 : 0
            best = max(best, run)
        }
        return best
    }
}
