import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Reminds recipients before a deadline and escalates overdue tasks to the
/// unit above, through the in-app inbox. Runs on a schedule under a lease;
/// each assignment is reminded once and escalated once.
struct TaskReminderJob {
    static let leaseName = "task-reminders"

    typealias Outcome = ReminderOutcome

    let db: any Database
    let today: LocalDate

    private struct Due: Decodable {
        let id: UUID; let organization_id: UUID; let organization_path: String; let deadline: String; let title: String
    }

    func run(holder: String) async throws -> Outcome {
        try await JobLease.run(Self.leaseName, holder: holder, for: 600, on: db) { try await remindAndEscalate() } ?? Outcome(ran: false)
    }

    private func remindAndEscalate() async throws -> Outcome {
        let today = today
        return try await db.write(as: .system) { tx, trail in
            var outcome = Outcome()
            let soon = try await Self.open(on: tx, today: today, where: """
                a.reminded_on IS NULL AND a.deadline >= \(bind: today.iso) AND a.deadline <= \(bind: today.adding(days: TaskRules.reminderLeadDays).iso)
                """)
            var notices: [[any SQLExpression]] = []
            // Work left with a closed unit is its successor's to hear about.
            let late = try await Self.open(on: tx, today: today, where: "a.escalated_on IS NULL AND a.deadline < \(bind: today.iso)")
            let holders = try await OpenUnits.resolve((soon + late).map(\.organization_id), on: tx)
            for a in soon {
                guard let holder = holders[a.organization_id] else { continue }
                let deadline = LocalDate(parsing: a.deadline)?.display ?? a.deadline
                notices.append(Self.notice(to: holder.id!, path: holder.path, kind: .reminder, assignment: a.id,
                                           "Sắp đến hạn \(deadline): \(a.title)", en: "Due \(deadline): \(a.title)"))
            }
            try await Self.mark(soon.map(\.id), column: "reminded_on", today: today, on: tx)
            outcome.reminded = soon.count

            let parents = try await Self.parents(of: Array(Set(holders.values.map { $0.id! })), on: tx)
            for a in late {
                guard let holder = holders[a.organization_id] else { continue }
                let deadline = LocalDate(parsing: a.deadline)?.display ?? a.deadline
                notices.append(Self.notice(to: holder.id!, path: holder.path, kind: .overdue, assignment: a.id,
                                           "Quá hạn từ \(deadline): \(a.title)", en: "Overdue since \(deadline): \(a.title)"))
                if let parent = parents[holder.id!] {
                    notices.append(Self.notice(to: parent.id, path: parent.path, kind: .escalation, assignment: a.id,
                                               "\(parent.childName) chưa hoàn thành nhiệm vụ quá hạn \(deadline): \(a.title)",
                                               en: "\(parent.childName) has not completed a task overdue since \(deadline): \(a.title)"))
                }
            }
            try await Self.mark(late.map(\.id), column: "escalated_on", today: today, on: tx)
            outcome.escalated = late.count
            try await BulkInsert.rows(notices, columns: ["id", "organization_id", "organization_path", "kind", "assignment_id", "message", "message_en", "created_at"],
                                      into: Notice.schema, on: tx)
            if outcome.reminded + outcome.escalated > 0 {
                trail.record("job.taskReminders", entity: "job", id: UUID(), path: "", after: outcome)
            }
            return outcome
        }
    }

    /// Open assignments of issued documents and of programs.
    private static func open(on db: any Database, today: LocalDate, where condition: SQLQueryString) async throws -> [Due] {
        try await db.sql.raw("""
            SELECT a.id, a.organization_id, a.organization_path, a.deadline, t.title FROM task_assignments a
            JOIN tasks t ON t.id = a.task_id LEFT JOIN documents d ON d.id = a.document_id
            WHERE a.completed_on IS NULL AND (a.document_id IS NULL OR d.status = 'issued') AND \(condition)
            ORDER BY a.deadline
            """).all(decoding: Due.self)
    }

    private static func mark(_ ids: [UUID], column: String, today: LocalDate, on db: any Database) async throws {
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            try await db.sql.update(TaskAssignment.schema).set(SQLIdentifier(column), to: SQLBind(today.iso))
                .where(SQLColumn("id"), .in, SQLGroupExpression(ids[chunk..<min(chunk + 500, ids.count)].map { SQLBind($0) as any SQLExpression }))
                .run()
        }
    }

    private struct Parent { let id: UUID; let path: String; let childName: String }

    private static func parents(of ids: [UUID], on db: any Database) async throws -> [UUID: Parent] {
        var out: [UUID: Parent] = [:]
        let units = try await Organization.many(ids: ids, on: db)
        let parents = try await Organization.many(ids: units.compactMap { $0.$parent.id }, on: db)
        let byID = Dictionary(uniqueKeysWithValues: parents.map { ($0.id!, $0) })
        for u in units { if let p = u.$parent.id.flatMap({ byID[$0] }) { out[u.id!] = Parent(id: p.id!, path: p.path, childName: u.name) } }
        return out
    }

    private static func notice(to org: UUID, path: String, kind: NoticeKind, assignment: UUID, _ message: String, en: String) -> [any SQLExpression] {
        [SQLBind(UUID()), SQLBind(org), SQLBind(path), SQLBind(kind.rawValue), SQLBind(assignment), SQLBind(message), SQLBind(en), SQLBind(Date())]
    }
}
