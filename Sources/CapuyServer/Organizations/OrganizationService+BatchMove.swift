import CapuyCore
import Fluent
import Foundation
import SQLKit

extension OrganizationService {
    /// Moves sibling units, each with its subtree and kind, under one new
    /// parent inside the caller's transaction: what `place` does for one, in
    /// a statement per table for all of them (issue 15: a merger carries a
    /// commune's organizations, and the national reform carries 150,000).
    /// Every moved path keeps its length, so one CASE on the old prefix
    /// rewrites each table.
    static func placeAll(_ units: [Organization], under parent: Organization, on day: LocalDate, note: String,
                         db tx: any Database, trail: AuditTrail) async throws -> [Organization] {
        guard let first = units.first, let oldParent = first.treePath.parent,
              units.allSatisfy({ $0.treePath.parent == oldParent }) else {
            var out: [Organization] = []
            for u in units { out.append(try await place(u, under: parent, kind: u.kind, on: day, note: note, db: tx, trail: trail)) }
            return out
        }
        guard parent.childSeq + units.count <= TreePath.maxSegment else {
            throw ValidationFailure(field: "parentId", "Đơn vị cấp trên đã đủ số đơn vị trực thuộc tối đa.",
                                    en: "The parent unit has reached the maximum number of sub-units.")
        }
        let ids = units.map { $0.id! }
        var moves: [(old: TreePath, new: TreePath)] = []
        for (i, u) in units.enumerated() { moves.append((u.treePath, parent.treePath.child(parent.childSeq + i + 1)!)) }
        parent.childSeq += units.count
        try await parent.save(on: tx)
        let before = units.map(OrganizationDTO.init)
        // Counts leave the old parent's chain and reach the new one's.
        let tallies = try await Rollups.tallies(of: ids, on: tx)
        let carried = ids.reduce(UnitTally()) { $0 + (tallies[$1] ?? UnitTally()) + .oneOpenUnit }
        try await Rollups.add([(oldParent.value, -carried), (parent.path, carried)], on: tx)
        try await RatingRollups.moveAll(units: ids, from: oldParent.value, to: parent.path, on: tx)
        for chunk in stride(from: 0, to: moves.count, by: 200).map({ Array(moves[$0..<min($0 + 200, moves.count)]) }) {
            try await rebase(chunk, on: tx)
        }
        let newScope = Scope(moves.map(\.new))
        try await tx.sql.update(Organization.schema).set("parent_id", to: SQLBind(parent.id!)).where("id", .in, ids).run()
        let touched = try await tx.sql.select().distinct().column("task_id").from(TaskAssignment.schema)
            .where(newScope.predicate(column: "organization_path")).all(decoding: TaskRow.self).map(\.task_id)
        if !touched.isEmpty { try await TaskTallies.rebuild(taskIDs: touched, on: tx) }
        try await recordMovedWithParent(subtrees: newScope, note: note, on: day, db: tx)
        let moved = try await Organization.query(on: tx).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: moved.map { ($0.id!, $0) })
        for (i, id) in ids.enumerated() {
            guard let m = byID[id] else { throw Refusal.notFound }
            trail.record("organization.move", entity: "organization", id: id, path: m.path, before: before[i], after: OrganizationDTO(m))
        }
        return ids.compactMap { byID[$0] }
    }

    private struct TaskRow: Decodable { let task_id: UUID }

    /// Rewrites every stored path under each old prefix to lie under its new
    /// one; all old prefixes have one length, and all new ones another.
    static func rebase(_ moves: [(old: TreePath, new: TreePath)], on db: any Database) async throws {
        guard let first = moves.first else { return }
        let oldLength = first.old.value.count
        let delta = first.new.depth - first.old.depth
        for (table, column, hasDepth) in subtreeColumns {
            let col = SQLColumn(column)
            let cases = moves.map { "WHEN \(SQLStatementText.literal($0.old)) THEN \(SQLStatementText.literal($0.new))" }.joined(separator: " ")
            var update = db.sql.update(table).set(SQLIdentifier(column), to: SQLRaw(
                "(CASE substr(\(column), 1, \(oldLength)) \(cases) END) || substr(\(column), \(oldLength + 1))"))
            if hasDepth {
                update = update.set(SQLIdentifier("depth"), to: SQLBinaryExpression(SQLColumn("depth"), .add, SQLRaw(String(delta))))
            }
            try await update.where(Scope(moves.map(\.old)).predicate(col)).run()
        }
    }
}

/// A tree path is digits and dots by construction (`TreePath.init`
/// refuses anything else), so its literal is safe to write inline, which
/// keeps a 200-branch CASE within every driver's limit on bound values.
enum SQLStatementText {
    static func literal(_ path: TreePath) -> String { "'" + path.value + "'" }
}
