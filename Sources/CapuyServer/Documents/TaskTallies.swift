import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Per task, per unit: how the assignments of the unit's whole subtree stand,
/// kept for the recipient and every unit above it up to the top of the tree
/// (DESIGN.md, Rollups), so that a cascade's lower documents count at every
/// level above them too. A roll-up then reads one row per unit shown instead of counting
/// tens of thousands of assignments.
///
/// The counts do not depend on the day: all assignments of a task share its
/// deadline, so "overdue" is worked out when read (open counts after the
/// deadline). They change in the same transaction as the assignments.
enum TaskTallies {
    static let schema = "task_tallies"

    /// Where one assignment counts.
    enum Bucket: String, CaseIterable {
        case idle       // open, nothing reported
        case active     // open, some progress
        case onTime     // finished by the deadline
        case late       // finished after it

        static func of(percent: Int, completedOn: String?, deadline: String) -> Bucket {
            if let completedOn { return completedOn <= deadline ? .onTime : .late }
            return percent > 0 ? .active : .idle
        }

        var column: String {
            switch self {
            case .idle: "idle"
            case .active: "active"
            case .onTime: "on_time"
            case .late: "late"
            }
        }
    }

    /// The unit and every unit above it (a tree is at most ~6 deep).
    static func chain(from path: String) -> [String] {
        var out: [String] = []
        var p = TreePath(path)
        while let current = p {
            out.append(current.value)
            p = current.parent
        }
        return out
    }

    /// Writes the tallies of a newly assigned task from its recipients' paths.
    static func create(task: PartyTask, recipientPaths: [String], on db: any Database) async throws {
        var idle: [String: Int] = [:]
        for path in recipientPaths {
            for p in chain(from: path) { idle[p, default: 0] += 1 }
        }
        let rows: [[any SQLExpression]] = idle.map { path, n in
            [SQLBind(task.id!), SQLBind(task.documentId), SQLBind(task.programId), SQLBind(path), SQLBind(TreePath(path)?.depth ?? 0),
             SQLBind(task.deadline), SQLBind(n), SQLBind(0), SQLBind(0), SQLBind(0)]
        }
        try await BulkInsert.rows(rows, columns: ["task_id", "document_id", "program_id", "organization_path", "depth", "deadline",
                                                  "idle", "active", "on_time", "late"], into: schema, on: db)
    }

    /// Moves one assignment from one bucket to another in every tally above it.
    static func move(task: PartyTask, path: String, from old: Bucket, to new: Bucket, on db: any Database) async throws {
        guard old != new else { return }
        let paths = chain(from: path).map { SQLBind($0) as any SQLExpression }
        try await db.sql.update(schema)
            .set(SQLIdentifier(old.column), to: SQLBinaryExpression(SQLColumn(old.column), .subtract, SQLLiteral.numeric("1")))
            .set(SQLIdentifier(new.column), to: SQLBinaryExpression(SQLColumn(new.column), .add, SQLLiteral.numeric("1")))
            .where("task_id", .equal, task.id!)
            .where(SQLColumn("organization_path"), .in, SQLGroupExpression(paths))
            .run()
    }

    private struct AssignmentRow: Decodable {
        let organization_path: String
        let percent: Int
        let completed_on: String?
    }

    /// Recomputes a task's tallies from its assignments: after a unit moves
    /// (its old ancestors no longer hold it) and after bulk maintenance.
    static func rebuild(taskIDs: [UUID], on db: any Database) async throws {
        for id in taskIDs {
            guard let task = try await PartyTask.find(id, on: db) else { continue }
            try await db.sql.delete(from: schema).where("task_id", .equal, id).run()
            let rows = try await db.sql.select().column("organization_path").column("percent").column("completed_on")
                .from(TaskAssignment.schema).where("task_id", .equal, id).all(decoding: AssignmentRow.self)
            var counts: [String: [Bucket: Int]] = [:]
            for r in rows {
                let b = Bucket.of(percent: r.percent, completedOn: r.completed_on, deadline: task.deadline)
                for p in chain(from: r.organization_path) { counts[p, default: [:]][b, default: 0] += 1 }
            }
            let out: [[any SQLExpression]] = counts.map { path, c in
                [SQLBind(id), SQLBind(task.documentId), SQLBind(task.programId), SQLBind(path), SQLBind(TreePath(path)?.depth ?? 0),
                 SQLBind(task.deadline)] + Bucket.allCases.map { SQLBind(c[$0] ?? 0) as any SQLExpression }
            }
            try await BulkInsert.rows(out, columns: ["task_id", "document_id", "program_id", "organization_path", "depth", "deadline",
                                                     "idle", "active", "on_time", "late"], into: schema, on: db)
        }
    }

    private struct Stored: Decodable {
        let task_id: UUID
        let organization_path: String
        let idle: Int
        let active: Int
        let on_time: Int
        let late: Int
    }

    /// Recounts every tally from the assignments and lists the ones that
    /// differ (empty when all agree): the check `rollups verify` builds on.
    static func verify(on db: any Database) async throws -> [String] {
        struct Full: Decodable { let task_id: UUID; let organization_path: String; let percent: Int; let completed_on: String?; let deadline: String }
        let assignments = try await db.sql.select().column("task_id").column("organization_path").column("percent")
            .column("completed_on").column("deadline").from(TaskAssignment.schema).all(decoding: Full.self)
        var expected: [String: [Int]] = [:]
        for a in assignments {
            let b = Bucket.allCases.firstIndex(of: .of(percent: a.percent, completedOn: a.completed_on, deadline: a.deadline))!
            for p in chain(from: a.organization_path) { expected["\(a.task_id) \(p)", default: [0, 0, 0, 0]][b] += 1 }
        }
        var problems: [String] = []
        for row in try await db.sql.select().columns("task_id", "organization_path", "idle", "active", "on_time", "late")
            .from(schema).all(decoding: Stored.self) {
            let key = "\(row.task_id) \(row.organization_path)"
            let stored = [row.idle, row.active, row.on_time, row.late]
            if expected.removeValue(forKey: key) ?? [0, 0, 0, 0] != stored { problems.append("\(key): stored \(stored)") }
        }
        problems += expected.keys.sorted().map { "\($0): missing" }
        return problems
    }

    /// The tasks with a recipient in a subtree: those whose tallies a move changes.
    static func tasks(touching subtree: TreePath, on db: any Database) async throws -> [UUID] {
        struct Row: Decodable { let task_id: UUID }
        return try await db.sql.select().distinct().column("task_id").from(TaskAssignment.schema)
            .where(Scope([subtree]).predicate(column: "organization_path")).all(decoding: Row.self).map(\.task_id)
    }
}

struct CreateTaskTallies: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(TaskTallies.schema)
            .field("task_id", .uuid, .required, .references(PartyTask.schema, "id"))
            .field("document_id", .uuid)
            .field("program_id", .uuid)
            .field("organization_path", db.byteOrderedText, .required)
            .field("depth", .int, .required)
            .field("deadline", .string, .required)
            .field("idle", .int, .required)
            .field("active", .int, .required)
            .field("on_time", .int, .required)
            .field("late", .int, .required)
            .unique(on: "task_id", "organization_path")
            .create()
        // One roll-up row set: a document's tallies at one depth under one unit.
        try await db.sql.create(index: "task_tallies_doc").on(TaskTallies.schema)
            .column("document_id").column("depth").column("organization_path").run()
        try await db.sql.create(index: "task_tallies_program").on(TaskTallies.schema)
            .column("program_id").column("depth").column("organization_path").run()
    }

    func revert(on db: any Database) async throws { try await db.schema(TaskTallies.schema).delete() }
}
