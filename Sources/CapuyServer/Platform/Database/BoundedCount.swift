import SQLKit

/// The one column a bounded count reads.
private struct BoundedCountRow: Decodable { let n: Int }

extension SQLDatabase {
    /// The rows of `table` (named `alias` in `condition`) that match, counted
    /// only up to `limit`: the database stops at the limit instead of
    /// counting a national table through, for lines that say "1.000+".
    func boundedCount(in table: String, as alias: String = "t", where condition: any SQLExpression, upTo limit: Int) async throws -> Int {
        try await raw("""
            SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT 1 FROM \(ident: table) AS \(ident: alias) WHERE \(condition)
            LIMIT \(unsafeRaw: String(max(1, limit)))) AS bounded
            """).first(decoding: BoundedCountRow.self)?.n ?? 0
    }
}
