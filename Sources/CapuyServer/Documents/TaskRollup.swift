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

    /// The standing of each assignment in SQL; the same rule as
    /// TaskRules.standing (ISO dates compare as text).
    static func standingSQL(today: LocalDate) -> SQLQueryString {
        """
        CASE WHEN completed_on IS NOT NULL THEN (CASE WHEN completed_on <= deadline THEN 'done' ELSE 'doneLate' END) \
        WHEN deadline < \(bind: today.iso) THEN 'overdue' WHEN percent > 0 THEN 'inProgress' ELSE 'notStarted' END
        """
    }

    struct Branch: Decodable {
        let branch: String
        let standing: String
        let n: Int
    }

    func rollup(documentIDs: [UUID], under: Organization, view: Scope) async throws -> RollupDTO {
        let cut = under.path.count + 5
        var rows: [Branch] = []
        for chunk in stride(from: 0, to: documentIDs.count, by: 500) {
            let ids = documentIDs[chunk..<min(chunk + 500, documentIDs.count)].map { SQLBind($0) as any SQLExpression }
            rows += try await db.sql.select()
                .column(SQLFunction("substr", args: SQLColumn("organization_path"), SQLLiteral.numeric("1"), SQLLiteral.numeric(String(cut))), as: "branch")
                .column(Self.standingSQL(today: today), as: "standing")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(TaskAssignment.schema)
                .where(SQLColumn("document_id"), .in, SQLGroupExpression(ids))
                .where(Scope([under.treePath]).predicate(column: "organization_path"))
                .where(view.predicate(column: "organization_path"))
                .groupBy("branch").groupBy("standing")
                .all(decoding: Branch.self)
        }
        return try await tallied(rows, under: under)
    }

    /// Same shape for the tasks of a work program.
    func rollup(programID: UUID, under: Organization, view: Scope) async throws -> RollupDTO {
        let cut = under.path.count + 5
        let rows = try await db.sql.select()
            .column(SQLFunction("substr", args: SQLColumn("organization_path"), SQLLiteral.numeric("1"), SQLLiteral.numeric(String(cut))), as: "branch")
            .column(Self.standingSQL(today: today), as: "standing")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(TaskAssignment.schema)
            .where("program_id", .equal, programID)
            .where(view.predicate(column: "organization_path"))
            .groupBy("branch").groupBy("standing")
            .all(decoding: Branch.self)
        return try await tallied(rows, under: under)
    }

    private func tallied(_ rows: [Branch], under: Organization) async throws -> RollupDTO {
        var total = TaskTally()
        var byBranch: [String: TaskTally] = [:]
        for r in rows {
            guard let s = TaskStanding(rawValue: r.standing) else { continue }
            total.add(s, count: r.n)
            byBranch[r.branch, default: TaskTally()].add(s, count: r.n)
        }
        var orgs: [Organization] = []
        let paths = Array(byBranch.keys)
        for chunk in stride(from: 0, to: paths.count, by: 500) {
            orgs += try await Organization.query(on: db).filter(\.$path ~~ Array(paths[chunk..<min(chunk + 500, paths.count)])).all()
        }
        let rowsOut = orgs.sorted { $0.path < $1.path }.map {
            RollupDTO.Row(organizationId: $0.id!, name: $0.name, kind: $0.kind, tally: byBranch[$0.path] ?? TaskTally())
        }
        return RollupDTO(organizationId: under.id!, total: total, rows: rowsOut)
    }

    /// The document and, for a cascade, every document implementing it.
    func documentIDs(of doc: PartyDocument, cascade: Bool) async throws -> [UUID] {
        guard cascade else { return [doc.id!] }
        return [doc.id!] + (try await DocumentChain(db: db).levels(below: doc.id!).map(\.id))
    }
}
