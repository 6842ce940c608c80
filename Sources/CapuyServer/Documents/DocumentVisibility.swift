import CapuyCore
import Fluent
import SQLKit

/// Which documents a scope may read (issue 3): those its units issued, and,
/// once issued, those sent or assigned to its units or to a unit above them
/// (a document for a commune is for the cells below it too; a report sent up
/// to a unit outside the issuer's subtree is for that unit alone). Drafts
/// stay with the issuer.
enum DocumentVisibility {
    static func predicate(_ scope: Scope, table: String = PartyDocument.schema) -> any SQLExpression {
        // Nothing granted: match nothing (and never write the invalid `IN ()`).
        guard !scope.isEmpty else { return scope.predicate(SQLColumn("issuer_path", table: table)) }
        let docID = SQLColumn("id", table: table)
        let issued = SQLBinaryExpression(SQLColumn("status", table: table), .equal, SQLBind(DocumentStatus.issued.rawValue))
        // A task given to a unit reaches its whole subtree, like a recipient
        // inside the issuer's subtree: the units below carry it out too.
        let ancestors = SQLGroupExpression(scope.rootsAndAncestors.map { SQLBind($0) as any SQLExpression })
        let assignedPath = SQLColumn("organization_path", table: "va")
        let assigned = exists(TaskAssignment.schema, alias: "va", document: docID,
                              where: SQLGroupExpression(SQLBinaryExpression(scope.predicate(assignedPath), .or,
                                                                            SQLBinaryExpression(assignedPath, .in, ancestors))))
        let recipientPath = SQLColumn("organization_path", table: "vr")
        let reaches = SQLBinaryExpression(
            scope.predicate(recipientPath), .or,
            SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("includes_subtree", table: "vr"), .equal, SQLBind(true)), .and,
                SQLBinaryExpression(recipientPath, .in, ancestors))))
        let received = exists(DocumentRecipient.schema, alias: "vr", document: docID, where: SQLGroupExpression(reaches))
        let sent = SQLGroupExpression(SQLBinaryExpression(issued, .and, SQLGroupExpression(SQLBinaryExpression(assigned, .or, received))))
        return SQLGroupExpression(SQLBinaryExpression(scope.predicate(SQLColumn("issuer_path", table: table)), .or, sent))
    }

    private static func exists(_ table: String, alias: String, document: SQLColumn, where condition: any SQLExpression) -> any SQLExpression {
        SQLQueryString("EXISTS (SELECT 1 FROM \(ident: table) \(ident: alias) WHERE \(ident: alias).\(ident: "document_id") = \(document) AND \(condition))")
    }
}
