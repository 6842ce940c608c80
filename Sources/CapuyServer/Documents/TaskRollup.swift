import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Counts of a document's assignments by standing, in total and per unit
/// directly below the unit drilled into; optionally over its whole cascade
/// (every document implementing it, at every level).
struct TaskRollup {
    let db: any Database
    let today: LocalDate

    struct Sum: Decodable {
        let organization_path: String
        let deadline: String
        let idle: Int
        let active: Int
        let on_time: Int
        let late: Int
    }

    enum Source {
        case documents([UUID])
        case program(UUID)
    }

    /// A document's roll-up (or its whole cascade's) from where the viewer
    /// stands, with the unit it was drilled into.
    func document(_ doc: PartyDocument, under: UUID?, cascade: Bool, view: Scope,
                  organizations: OrganizationService) async throws -> (rollup: RollupDTO, start: Organization) {
        let start = try await Self.start(for: doc, under: under, view: view, organizations: organizations)
        return (try await rollup(.documents(try await documentIDs(of: doc, cascade: cascade)), under: start), start)
    }

    /// Reads the tallies of `under` and of the units directly below it. The
    /// caller has checked that `under` is in the viewer's scope, and so is
    /// every unit below it.
    func rollup(_ source: Source, under: Organization) async throws -> RollupDTO {
        let childDepth = under.treePath.depth + 1
        let place = SQLGroupExpression(SQLBinaryExpression(
            SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("depth"), .equal, SQLBind(childDepth)), .and,
                Scope([under.treePath]).predicate(column: "organization_path"))),
            .or, SQLBinaryExpression(SQLColumn("organization_path"), .equal, SQLBind(under.path))))
        var sums: [Sum] = []
        func select(_ filter: any SQLExpression) async throws -> [Sum] {
            try await db.sql.select().column("organization_path").column("deadline")
                .column(Self.sum("idle"), as: "idle")
                .column(Self.sum("active"), as: "active")
                .column(Self.sum("on_time"), as: "on_time")
                .column(Self.sum("late"), as: "late")
                .from(TaskTallies.schema).where(filter).where(place)
                .groupBy("organization_path").groupBy("deadline")
                .all(decoding: Sum.self)
        }
        switch source {
        case .documents(let ids):
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let part = ids[chunk..<min(chunk + 500, ids.count)].map { SQLBind($0) as any SQLExpression }
                sums += try await select(SQLBinaryExpression(SQLColumn("document_id"), .in, SQLGroupExpression(part)))
            }
        case .program(let id):
            sums = try await select(SQLBinaryExpression(SQLColumn("program_id"), .equal, SQLBind(id)))
        }
        var total = TaskTally()
        var children: [String: TaskTally] = [:]
        for s in sums {
            let tally = Self.tally(s, today: today)
            if s.organization_path == under.path { total.add(tally) } else { children[s.organization_path, default: TaskTally()].add(tally) }
        }
        return try await tallied(total: total, children: children, under: under)
    }

    /// SUM of a BIGINT is NUMERIC on PostgreSQL; cast back to read an Int.
    static func sum(_ column: String) -> any SQLExpression {
        SQLFunction("CAST", args: SQLAlias(SQLFunction("SUM", args: SQLColumn(column)), as: SQLRaw("BIGINT")))
    }

    /// Open assignments are overdue once the task's deadline has passed.
    static func tally(_ s: Sum, today: LocalDate) -> TaskTally {
        var t = TaskTally()
        if s.deadline < today.iso {
            t.add(.overdue, count: s.idle + s.active)
        } else {
            t.add(.notStarted, count: s.idle)
            t.add(.inProgress, count: s.active)
        }
        t.add(.done, count: s.on_time)
        t.add(.doneLate, count: s.late)
        return t
    }

    private func tallied(total: TaskTally, children: [String: TaskTally], under: Organization) async throws -> RollupDTO {
        let units = try await Organization.briefs(paths: Array(children.keys), on: db)
        var rows = units.sorted { $0.path < $1.path }.map {
            RollupDTO.Row(organizationId: $0.id, name: $0.name, kind: OrganizationKind(rawValue: $0.kind) ?? .cell, tally: children[$0.path] ?? TaskTally())
        }
        // What the unit itself received: its subtree's tally less its sub-units'.
        var own = total
        for s in TaskStanding.allCases {
            own.add(s, count: -rows.reduce(0) { $0 + $1.tally.count(s) })
        }
        if own.total > 0 {
            rows.insert(RollupDTO.Row(organizationId: under.id!, name: under.name, kind: under.kind, tally: own), at: 0)
        }
        return RollupDTO(organizationId: under.id!, total: total, rows: rows)
    }

    /// The unit a roll-up starts from: the one asked for (in the viewer's
    /// scope), else the issuer when the viewer sees it, else the viewer's own
    /// top unit (a recipient below the issuer drills from where it stands).
    private static func start(for doc: PartyDocument, under: UUID?, view: Scope, organizations: OrganizationService) async throws -> Organization {
        if let under { return try await organizations.find(under, in: view) }
        if view.contains(path: doc.issuerPath) { return try await organizations.find(doc.$issuer.id, in: view) }
        guard let top = try await organizations.roots(in: view).first else { throw Refusal.notFound }
        return top
    }

    /// The document and, for a cascade, every document implementing it.
    func documentIDs(of doc: PartyDocument, cascade: Bool) async throws -> [UUID] {
        guard cascade else { return [doc.id!] }
        return [doc.id!] + (try await DocumentChain(db: db).levels(below: doc.id!).map(\.id))
    }
}
