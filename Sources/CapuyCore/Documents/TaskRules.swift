/// What a recipient must hand in to close a task.
public enum Deliverable: String, CaseIterable, Sendable, Codable {
    /// Its own document carrying out the assigning one (a commune's plan
    /// implementing a provincial resolution).
    case implementingDocument
    case report
    case doneMark

    public var label: String {
        switch self {
        case .implementingDocument: "Văn bản triển khai"
        case .report: "Báo cáo"
        case .doneMark: "Xác nhận hoàn thành"
        }
    }

    public var labelEn: String {
        switch self {
        case .implementingDocument: "Implementing document"
        case .report: "Report"
        case .doneMark: "Done mark"
        }
    }
}

/// How committees name the tasks of a work program.
public enum TaskCategory: String, CaseIterable, Sendable, Codable {
    case task
    case keyTask
    case breakthrough

    public var label: String {
        switch self {
        case .task: "Nhiệm vụ"
        case .keyTask: "Nhiệm vụ trọng tâm"
        case .breakthrough: "Khâu đột phá"
        }
    }

    public var labelEn: String {
        switch self {
        case .task: "Task"
        case .keyTask: "Key task"
        case .breakthrough: "Breakthrough task"
        }
    }
}

/// Where one recipient unit stands on one task, as the roll-ups count it.
public enum TaskStanding: String, CaseIterable, Sendable, Codable {
    case notStarted
    case inProgress
    case done
    case doneLate
    case overdue

    public var label: String {
        switch self {
        case .notStarted: "Chưa thực hiện"
        case .inProgress: "Đang thực hiện"
        case .done: "Hoàn thành đúng hạn"
        case .doneLate: "Hoàn thành quá hạn"
        case .overdue: "Quá hạn"
        }
    }

    public var labelEn: String {
        switch self {
        case .notStarted: "Not started"
        case .inProgress: "In progress"
        case .done: "Done on time"
        case .doneLate: "Done late"
        case .overdue: "Overdue"
        }
    }
}

public enum TaskRules {
    /// Days before the deadline when the recipient is reminded.
    public static let reminderLeadDays = 3

    /// The standing of an assignment on `today`. A task still open after its
    /// deadline day is overdue whatever its progress; a finished one is late
    /// when it was completed after the deadline.
    public static func standing(percent: Int, completedOn: LocalDate?, deadline: LocalDate, today: LocalDate) -> TaskStanding {
        if let completedOn { return completedOn <= deadline ? .done : .doneLate }
        if today > deadline { return .overdue }
        return percent > 0 ? .inProgress : .notStarted
    }

    /// A deadline must fall on or after the day the document is issued (or
    /// today, for a draft or a program task).
    public static func checkDeadline(_ deadline: LocalDate?, notBefore start: LocalDate, field: String = "deadline") -> FieldIssue? {
        guard let deadline else {
            return FieldIssue(field: field, "Cần nhập hạn hoàn thành (ngày/tháng/năm).", en: "Enter a deadline (day/month/year).")
        }
        guard deadline >= start else {
            return FieldIssue(field: field, "Hạn hoàn thành \(deadline.display) trước ngày ban hành \(start.display).",
                              en: "The deadline \(deadline.display) is before the issue date \(start.display).")
        }
        return nil
    }

    public static func checkPercent(_ percent: Int) -> FieldIssue? {
        guard (0...100).contains(percent) else {
            return FieldIssue(field: "percent", "Tỷ lệ hoàn thành phải từ 0 đến 100.", en: "Progress must be between 0 and 100.")
        }
        return nil
    }
}

/// Counts of assignments by standing, and the on-time rate a term dashboard shows.
public struct TaskTally: Sendable, Hashable, Codable {
    public var notStarted = 0
    public var inProgress = 0
    public var done = 0
    public var doneLate = 0
    public var overdue = 0

    public init() {}

    public var total: Int { notStarted + inProgress + done + doneLate + overdue }

    public mutating func add(_ standing: TaskStanding, count: Int = 1) {
        switch standing {
        case .notStarted: notStarted += count
        case .inProgress: inProgress += count
        case .done: done += count
        case .doneLate: doneLate += count
        case .overdue: overdue += count
        }
    }

    public mutating func add(_ other: TaskTally) {
        for s in TaskStanding.allCases { add(s, count: other.count(s)) }
    }

    public func count(_ standing: TaskStanding) -> Int {
        switch standing {
        case .notStarted: notStarted
        case .inProgress: inProgress
        case .done: done
        case .doneLate: doneLate
        case .overdue: overdue
        }
    }

    /// Finished on time among those whose outcome is known (finished, or past
    /// the deadline); nil when nothing is due yet.
    public var onTimeRate: Double? {
        let decided = done + doneLate + overdue
        return decided == 0 ? nil : Double(done) / Double(decided)
    }
}
