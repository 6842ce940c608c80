import CapuyCore
import Fluent
import SQLKit

/// Which documents a scope may read (issue 3): those its units issued, those
/// sent or assigned to them once issued, and those issued above them to
/// their whole subtree. Drafts stay with the issuer.
enum DocumentVisibility {
    static func predicate(_ scope: Scope, table: String = PartyDocument.schema) -> any SQLExpression {
        // Nothing granted: match nothing (and never write the invalid `IN ()`).
        guard !scope.isEmpty else { return scope.predicate(SQLColumn("issuer_path", table: table)) }
        let docID = SQLColumn("id", table: table)
        let issued = SQLBinaryExpression(SQLColumn("status", table: table), .equal, SQLBind(DocumentStatus.issued.rawValue))
        let assigned = exists(TaskAssignment.schema, alias: "va", document: docID,
                              where: scope.predicate(SQLColumn("organization_path", table: "va")))
        let recipientPath = SQLColumn("organization_path", table: "vr")
        let reaches = SQLBinaryExpression(
            scope.predicate(recipientPath), .or,
            SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("includes_subtree", table: "vr"), .equal, SQLBind(true)), .and,
                SQLBinaryExpression(recipientPath, .in, SQLGroupExpression(scope.rootsAndAncestors.map { SQLBind($0) as any SQLExpression })))))
        let received = exists(DocumentRecipient.schema, alias: "vr", document: docID, where: SQLGroupExpression(reaches))
        let sent = SQLGroupExpression(SQLBinaryExpression(issued, .and, SQLGroupExpression(SQLBinaryExpression(assigned, .or, received))))
        return SQLGroupExpression(SQLBinaryExpression(scope.predicate(SQLColumn("issuer_path", table: table)), .or, sent))
    }

    private static func exists(_ table: String, alias: String, document: SQLColumn, where condition: any SQLExpression) -> any SQLExpression {
        SQLQueryString("EXISTS (SELECT 1 FROM \(ident: table) \(ident: alias) WHERE \(ident: alias).\(ident: "document_id") = \(document) AND \(condition))")
    }
}
