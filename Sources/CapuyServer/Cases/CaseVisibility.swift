import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Which cases a user may see (R-CASE-4, R-CASE-5): those handled inside the
/// scope, except
/// - a case whose subject unit's subtree is shielded (a denunciation sent up
///   a level) is hidden from grants rooted inside that subtree, and
/// - a case that excludes the user's own member record (the person
///   denounced, the subject unit's leadership) is hidden whatever the grant.
enum CaseVisibility {
    static func predicate(_ scope: Scope, memberId: UUID?) -> any SQLExpression {
        let handling = SQLColumn("handling_path", table: CitizenCase.schema)
        let shielded = SQLColumn("shielded_path", table: CitizenCase.schema)
        guard !scope.roots.isEmpty else { return SQLBinaryExpression(handling, .equal, SQLBind("")) }
        let perRoot: [any SQLExpression] = scope.roots.map { root in
            // The root lies inside the shielded subtree when the shielded
            // path is the root or one of its ancestors.
            var selfAndAbove: [String] = []
            var p: TreePath? = root
            while let path = p { selfAndAbove.append(path.value); p = path.parent }
            return joined([
                SQLBinaryExpression(handling, .greaterThanOrEqual, SQLBind(root.value)),
                SQLBinaryExpression(handling, .lessThan, SQLBind(root.value + "/")),
                SQLBinaryExpression(shielded, .notIn, SQLGroupExpression(SQLList(selfAndAbove.map { SQLBind($0) }))),
            ], " AND ")
        }
        let inScope = joined(perRoot, " OR ")
        guard let memberId else { return inScope }
        let notExcluded: SQLQueryString = """
            NOT EXISTS (SELECT 1 FROM \(ident: CaseExclusion.schema) x WHERE x.case_id = \(ident: CitizenCase.schema).id AND x.member_id = \(bind: memberId))
            """
        return joined([inScope, notExcluded], " AND ")
    }

    private static func joined(_ parts: [any SQLExpression], _ joiner: String) -> any SQLExpression {
        SQLGroupExpression(SQLList(parts, separator: SQLRaw(joiner)))
    }
}
