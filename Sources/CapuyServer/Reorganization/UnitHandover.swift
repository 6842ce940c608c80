import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// What a closing unit hands to its heir (issue 15, "Handover"): open task
/// assignments, open cases it handles or is the subject of (their time
/// limits run on), unassessed commitments, current follow assignments,
/// scheduled meetings and open review rounds. Each item is listed in the
/// preview with where it goes.
enum UnitHandover {
    struct Item: Content, Equatable {
        var kind: String
        var id: UUID
        var title: String
        var fromId: UUID
        var from: String
        var toId: UUID
        var to: String
        /// False when the heir already holds the same task: the closed unit's
        /// assignment stays in its history, and reminders go to the heir.
        var moved: Bool
    }

    static func run(from org: Organization, to heir: Organization, on day: LocalDate, actor: Actor, now: Date,
                    db tx: any Database, trail: AuditTrail) async throws -> [Item] {
        let from = org.id!, to = heir.id!
        func item(_ kind: String, _ id: UUID, _ title: String, moved: Bool = true) -> Item {
            Item(kind: kind, id: id, title: title, fromId: from, from: org.name, toId: to, to: heir.name, moved: moved)
        }
        var items: [Item] = []

        // Tasks: one assignment per task and unit, so an heir that already
        // holds the task keeps its own.
        struct TaskRow: Decodable { let id: UUID; let task_id: UUID; let title: String; let held: Int }
        let tasks = try await tx.sql.raw("""
            SELECT a.id, a.task_id, t.title,
                   (SELECT COUNT(*) FROM \(ident: TaskAssignment.schema) h WHERE h.task_id = a.task_id AND h.organization_id = \(bind: to)) AS held
            FROM \(ident: TaskAssignment.schema) a JOIN \(ident: PartyTask.schema) t ON t.id = a.task_id
            WHERE a.organization_id = \(bind: from) AND a.completed_on IS NULL ORDER BY t.deadline, t.title
            """).all(decoding: TaskRow.self)
        let movable = tasks.filter { $0.held == 0 }.map(\.id)
        for chunk in stride(from: 0, to: movable.count, by: 500).map({ Array(movable[$0..<min($0 + 500, movable.count)]) }) {
            try await tx.sql.update(TaskAssignment.schema).set("organization_id", to: SQLBind(to)).set("organization_path", to: SQLBind(heir.path))
                .where("id", .in, chunk).run()
        }
        if !tasks.isEmpty { try await TaskTallies.rebuild(taskIDs: Array(Set(tasks.map(\.task_id))), on: tx) }
        items += tasks.map { item("task", $0.id, $0.title, moved: $0.held == 0) }

        // Cases keep their limits; the heir handles them, a case about the
        // closed unit is about the heir, and a shield over the closed unit
        // now shields the heir (its staff are the closed unit's staff).
        let cases = try await CitizenCase.query(on: tx).filter(\.$stateRaw ~~ Open.openStates)
            .group(.or) { $0.filter(\.$handlingOrg.$id == from).filter(\.$subjectOrg.$id == from) }.sort(\.$receivedOn).all()
        for c in cases {
            var notes: [String] = []
            if c.$handlingOrg.id == from {
                c.$handlingOrg.id = to
                c.handlingPath = heir.path
                notes.append("đơn vị giải quyết")
            }
            if c.$subjectOrg.id == from {
                c.$subjectOrg.id = to
                c.subjectPath = heir.path
                notes.append("tổ chức được phản ánh")
            }
            if c.shieldedPath == org.path { c.shieldedPath = heir.path }
            try await c.save(on: tx)
            try await CaseEvents.add(c, "succession", note: "Tổ chức lại: \(org.name) kết thúc hoạt động; \(notes.joined(separator: " và ")) chuyển sang \(heir.name).",
                                     public: false, actor: actor, at: now, on: tx)
            items.append(item("case", c.id!, c.title))
        }

        items += try await moveRows("commitment", Commitment.schema, titles: "title", owner: "organization_id", path: "organization_path",
                                    open: Open.commitment, from: from, to: heir, db: tx).map { item("commitment", $0.id, $0.title) }
        items += try await moveRows("commitment", Commitment.schema, titles: "title", owner: "superior_id", path: "superior_path",
                                    open: Open.commitment, from: from, to: heir, db: tx).map { item("commitment", $0.id, $0.title) }
        items += try await moveRows("meeting", Meeting.schema, titles: "title", owner: "organization_id", path: "organization_path",
                                    open: Open.meeting,
                                    from: from, to: heir, db: tx).map { item("meeting", $0.id, $0.title) }
        items += try await moveRows("reviewRound", ReviewRound.schema, titles: "title", owner: "organization_id", path: "organization_path",
                                    open: Open.round,
                                    from: from, to: heir, db: tx).map { item("reviewRound", $0.id, $0.title) }
        let current = SQLBinaryExpression(SQLColumn("to_on"), .greaterThanOrEqual, SQLBind(day.iso))
        items += try await moveRows("follow", FollowAssignment.schema, titles: "note", owner: "organization_id", path: "organization_path",
                                    open: current, from: from, to: heir, db: tx).map { item("follow", $0.id, $0.title) }
        items += try await moveRows("follow", FollowAssignment.schema, titles: "note", owner: "assigned_by_organization_id", path: "assigned_by_path",
                                    open: current, from: from, to: heir, db: tx).map { item("follow", $0.id, $0.title) }
        if !items.isEmpty {
            trail.record("organization.handover", entity: "organization", id: from, path: org.path,
                         after: Summary(successorId: to, items: Dictionary(grouping: items, by: \.kind).mapValues { $0.map(\.id) }))
        }
        return items
    }

    struct Summary: Encodable {
        let successorId: UUID
        let items: [String: [UUID]]
    }

    private struct Row: Decodable { let id: UUID; let title: String }

    /// What "open" means for each kind of work: the handover moves these
    /// rows, and `openCount` counts them, by the same predicates.
    private enum Open {
        static var openStates: [String] { CaseState.allCases.filter(\.isOpen).map(\.rawValue) }
        static var task: any SQLExpression { SQLRaw("completed_on IS NULL") }
        static var caseState: any SQLExpression {
            SQLBinaryExpression(SQLColumn("state"), .in, SQLGroupExpression(SQLList(openStates.map { SQLBind($0) })))
        }
        static var commitment: any SQLExpression { SQLRaw("status <> '\(Commitment.assessed)'") }
        static var meeting: any SQLExpression { SQLBinaryExpression(SQLColumn("status"), .equal, SQLBind(MeetingStatus.scheduled.rawValue)) }
        static var round: any SQLExpression { SQLBinaryExpression(SQLColumn("status"), .equal, SQLBind(RoundStatus.open.rawValue)) }
    }

    /// Moves the open rows a unit owns in one table to the heir, and names them.
    private static func moveRows(_ kind: String, _ table: String, titles: String, owner: String, path: String, open: any SQLExpression,
                                 from: UUID, to heir: Organization, db: any Database) async throws -> [Row] {
        let rows = try await db.sql.select().column("id").column(SQLAlias(SQLColumn(titles), as: SQLIdentifier("title"))).from(table)
            .where(SQLColumn(owner), .equal, SQLBind(from)).where(open).all(decoding: Row.self)
        guard !rows.isEmpty else { return [] }
        try await db.sql.update(table).set(SQLIdentifier(owner), to: SQLBind(heir.id!)).set(SQLIdentifier(path), to: SQLBind(heir.path))
            .where(SQLColumn(owner), .equal, SQLBind(from)).where(open).run()
        return rows
    }

    /// How many open items a unit holds, for the check that a dissolved unit
    /// with work names a successor.
    static func openCount(of ids: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: Int] = [:]
        let queries: [(String, String, any SQLExpression)] = [
            (TaskAssignment.schema, "organization_id", Open.task),
            (CitizenCase.schema, "handling_org_id", Open.caseState),
            (CitizenCase.schema, "subject_org_id", Open.caseState),
            (Commitment.schema, "organization_id", Open.commitment),
            (Meeting.schema, "organization_id", Open.meeting),
            (ReviewRound.schema, "organization_id", Open.round),
        ]
        struct Count: Decodable { let owner: UUID; let n: Int }
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            for (table, owner, open) in queries {
                let rows = try await db.sql.select().column(SQLAlias(SQLColumn(owner), as: SQLIdentifier("owner")))
                    .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from(table)
                    .where(SQLColumn(owner), .in, SQLGroupExpression(SQLList(chunk.map { SQLBind($0) }))).where(open).groupBy(SQLColumn(owner)).all(decoding: Count.self)
                for r in rows { out[r.owner, default: 0] += r.n }
            }
        }
        return out
    }
}
