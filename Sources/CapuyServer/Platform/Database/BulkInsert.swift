import Fluent
import SQLKit

/// Multi-row INSERT in batches small enough for SQLite's bound-parameter
/// limit (32,766) and PostgreSQL's (65,535).
enum BulkInsert {
    static func rows(_ rows: [[any SQLExpression]], columns: [String], into table: String,
                     on db: any Database) async throws {
        guard !rows.isEmpty else { return }
        let perBatch = max(1, 30_000 / columns.count)
        var start = 0
        while start < rows.count {
            let end = min(start + perBatch, rows.count)
            try await db.sql.insert(into: table).columns(columns).rows(rows[start..<end]).run()
            start = end
        }
    }
}
