import CapuyCore
import Fluent
import SQLKit

/// The union of subtrees a user may act on for one permission (DESIGN.md,
/// Scope). Every protected query is built from one; there is no unscoped
/// query helper outside admin maintenance code.
struct Scope: Sendable, Equatable {
    /// Minimal set of subtree roots: none lies within another.
    let roots: [TreePath]

    init(_ paths: [TreePath]) {
        var kept: [TreePath] = []
        for path in paths.sorted() where !kept.contains(where: { path.isWithin($0) }) {
            kept.append(path)
        }
        roots = kept
    }

    static let nothing = Scope([])

    var isEmpty: Bool { roots.isEmpty }

    /// Whether the unit at `path` is inside one of the granted subtrees.
    func contains(_ path: TreePath) -> Bool {
        roots.contains { path.isWithin($0) }
    }

    func contains(path: String) -> Bool {
        TreePath(path).map(contains) ?? false
    }

    /// Whether the unit at `path` lies strictly below a granted root: acting on
    /// a unit itself (rename, move, close) is the business of the level above.
    func containsStrictly(_ path: TreePath) -> Bool {
        roots.contains { path.isStrictlyBelow($0) }
    }

    /// Restricts a Fluent query to rows whose path column lies in the scope.
    /// Each subtree is one index range: `[root, root + "/")`.
    func filter<M: Model>(_ query: QueryBuilder<M>, _ field: KeyPath<M, FieldProperty<M, String>>) -> QueryBuilder<M> {
        guard !roots.isEmpty else {
            // No valid path is empty, so this matches nothing.
            return query.filter(field == "")
        }
        return query.group(.or) { or in
            for root in roots {
                or.group(.and) { and in
                    and.filter(field >= root.value).filter(field < root.value + "/")
                }
            }
        }
    }

    /// The same restriction as an SQL predicate for SQLKit reports.
    func predicate(column: String) -> any SQLExpression {
        predicate(SQLColumn(column))
    }

    /// The restriction on any column expression (a qualified column of a subquery).
    func predicate(_ column: any SQLExpression) -> any SQLExpression {
        guard !roots.isEmpty else {
            return SQLBinaryExpression(column, .equal, SQLBind(""))
        }
        let parts: [any SQLExpression] = roots.map { root in
            SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(column, .greaterThanOrEqual, SQLBind(root.value)),
                .and,
                SQLBinaryExpression(column, .lessThan, SQLBind(root.value + "/"))))
        }
        return SQLGroupExpression(parts.dropFirst().reduce(parts[0]) { SQLBinaryExpression($0, .or, $1) })
    }

    /// Every unit above the roots, each root included: the units whose
    /// documents "for the whole subtree" reach this scope.
    var rootsAndAncestors: [String] {
        var seen = Set<String>()
        for root in roots {
            var p: TreePath? = root
            while let path = p { seen.insert(path.value); p = path.parent }
        }
        return seen.sorted()
    }
}
