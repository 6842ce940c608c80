import CapuyCore
import Fluent
import Foundation
import SQLKit

extension MemberService {
    /// A page of the member list, with the cursors of its neighbours.
    struct ListPage {
        let items: [MemberDTO]
        let total: Int
        /// The last row shown, when more follow; the first, when some precede.
        let next: ListCursor?
        let previous: ListCursor?
        /// A search that found more than `searchCap` members lists the first
        /// `searchCap` found, and says so: `total` is then a lower bound.
        var capped = false
        /// The name of the unit whose subtree is listed, when it is one unit.
        var unitName: String? = nil
    }

    /// A search across a large subtree lists at most this many members, in name order.
    static let searchCap = 1_000

    /// Above this many members in the listed subtree, a page walks the name
    /// index (`members_sort`) and keeps the subtree's rows: at a province or
    /// the nation that reads a few thousand entries, where sorting the
    /// subtree read hundreds of thousands. Below it, the subtree's own index
    /// (`members_list`) holds the rows already in name order.
    static let walkNameOrderAbove = 20_000

    /// Offset paging stays for small lists; in a large one a page past this
    /// many rows is refused with a pointer to the cursors (the middle page of
    /// the nation by offset took 8.4 s, by cursor 6 ms).
    static let maxOffset = 10_000

    /// Members in Vietnamese name order; a unit filter means its whole subtree.
    /// Pages by offset (`page`) or, at any depth, by keyset (`keyset`, issue
    /// 16). Read as plain rows: a page of models decoded by reflection cost
    /// more than the query.
    func list(_ q: ListQuery, in scope: Scope) async throws -> ListPage {
        try SearchText.check(q.text)
        // The unit asked for, or the scope's one root: the subtree listed, with its counts.
        let whole = try await listedSubtree(q.organizationId, in: scope)
        // A unit found in scope has its whole subtree in scope: one range, which the index serves.
        var listed = scope
        if q.organizationId != nil {
            guard let whole else { throw Refusal.notFound }
            listed = Scope([whole.path])
        }
        let within = listed.predicate(column: "organization_path")
        var conditions: [any SQLExpression] = [within]
        if let status = q.status { conditions.append(SQLBinaryExpression(SQLColumn("status"), .equal, SQLBind(status.rawValue))) }
        // `%` and `_` mean nothing in a name or a card; dropped, they cannot widen a LIKE.
        let folded = q.text.map(VietnameseText.fold) ?? ""
        let text = folded.filter { $0 != "%" && $0 != "_" }
        var matched: Int?
        // Text that was only wildcards finds no one (not everyone).
        if text.isEmpty, !folded.isEmpty {
            matched = 0
            conditions = [SQLRaw("1 = 0")]
        }
        if !text.isEmpty {
            if (whole?.tally.members ?? .max) > q.walkNameOrderAbove {
                // Issue 16: the trigram index finds the matches; the first `searchCap` of them are paged in name order.
                guard text.count >= MemberSearchIndex.shortest else {
                    throw ValidationFailure(field: "q", "Gõ ít nhất 3 ký tự để tìm trong danh sách lớn.",
                                            en: "Type at least 3 characters to search a large list.")
                }
                let hits = try await searchHits(text, within: Self.all(conditions))
                var found = try await searchPage(Array(hits.prefix(Self.searchCap)).sorted(by: Self.inNameOrder), q, capped: hits.count > Self.searchCap)
                found.unitName = whole?.name
                return found
            } else {
                conditions.append(SQLBinaryExpression(SQLRaw("(\(MemberSearchIndex.text))"), .like, SQLBind("%\(text)%")))
            }
        }
        let predicate = Self.all(conditions)
        let total: Int
        if let matched { total = matched } else { total = try await count(predicate, subtree: whole, text: text, status: q.status) }
        let per = min(max(q.per, 1), 200)

        // Clamped so that the offset can never overflow, whatever a client sends.
        let offset = q.keyset == nil ? (min(max(q.page, 1), Self.maxPage) - 1) * per : 0
        if offset > Self.maxOffset, total > q.walkNameOrderAbove {
            throw ValidationFailure(field: "page", "Trang quá sâu trong danh sách lớn: hãy đi tiếp bằng con trỏ (after, before) của trang trước.",
                                    en: "That page is too deep in a large list: page on with the previous page's cursor (after, before).")
        }
        // Walking the name index reads about (offset + per) ÷ (the subtree's share of all members)
        // entries; sorting the subtree reads the subtree. A cursor page seeks, so it always walks.
        var walk = text.isEmpty && total > q.walkNameOrderAbove && matched == nil
        if walk, offset > 0 {
            let everyone = try await membersInTree()
            walk = Double(offset + per) * Double(everyone) / Double(max(total, 1)) < Double(total)
        }
        // One row more than the page tells whether another follows (or precedes).
        let ids = db.sql.select().column("id").from(table(walkingNames: walk))
        var backwards = false
        switch q.keyset {
        case .after(let c)?:
            ids.where(Self.all([predicate, SQLBinaryExpression(Self.rowKey, .greaterThan, Self.key(of: c))]))
        case .before(let c)?:
            ids.where(Self.all([predicate, SQLBinaryExpression(Self.rowKey, .lessThan, Self.key(of: c))]))
            backwards = true
        case nil:
            ids.where(predicate).offset(offset)
        }
        let order: SQLDirection = backwards ? .descending : .ascending
        ids.orderBy(SQLColumn("sort_key"), order).orderBy(SQLColumn("id"), order).limit(per + 1)
        let found = try await MemberRowQuery.select(on: db).column("sort_key").where(SQLColumn("id"), .in, SQLGroupExpression(ids.select))
            .orderBy(SQLColumn("sort_key"), order).orderBy(SQLColumn("id"), order).all()
        let rows = try found.map { (row: try $0.decode(model: MemberRowQuery.Row.self), key: try $0.decode(column: "sort_key", as: String.self)) }
        var result = Self.page(rows, q, per: per, backwards: backwards, total: total, capped: false)
        result.unitName = whole?.name
        return result
    }

    /// A page from its rows (one more than `per` when another follows, or
    /// precedes going back), with the cursors of its neighbours.
    private static func page(_ fetched: [(row: MemberRowQuery.Row, key: String)], _ q: ListQuery, per: Int, backwards: Bool,
                             total: Int, capped: Bool) -> ListPage {
        let more = fetched.count > per
        var rows = Array(fetched.prefix(per))
        if backwards { rows.reverse() }
        let cursor = { (r: (row: MemberRowQuery.Row, key: String)) in ListCursor(sortKey: r.key, id: r.row.id) }
        // Going forward, rows precede unless this is the first page; going back, rows follow the cursor's.
        let hasPrevious = backwards ? more : (q.keyset != nil || q.page > 1)
        let hasNext = backwards ? true : more
        return ListPage(items: rows.map(\.row.dto), total: total,
                        next: hasNext ? rows.last.map(cursor) : nil, previous: hasPrevious ? rows.first.map(cursor) : nil,
                        capped: capped)
    }

    /// One member the search found, with its place in name order.
    struct SearchHit {
        let id: UUID
        let sortKey: String
    }

    /// Name order, then id, as bytes: how the hits of a search are paged,
    /// in memory (a search lists at most `searchCap` members).
    static func inNameOrder(_ a: SearchHit, _ b: SearchHit) -> Bool {
        if a.sortKey != b.sortKey { return a.sortKey.utf8.lexicographicallyPrecedes(b.sortKey.utf8) }
        return withUnsafeBytes(of: a.id.uuid) { x in withUnsafeBytes(of: b.id.uuid) { y in x.lexicographicallyPrecedes(y) } }
    }

    /// A page of a large search's hits, sorted: its place found in memory by
    /// cursor or offset, then only the page's rows read (reading the
    /// thousand hits back by id to sort them cost some 8 ms a search).
    private func searchPage(_ hits: [SearchHit], _ q: ListQuery, capped: Bool) async throws -> ListPage {
        let per = min(max(q.per, 1), 200)
        var slice: [SearchHit]
        var backwards = false
        switch q.keyset {
        case .after(let c)?:
            let key = SearchHit(id: c.id, sortKey: c.sortKey)
            slice = Array(hits.drop { !Self.inNameOrder(key, $0) }.prefix(per + 1))
        case .before(let c)?:
            let key = SearchHit(id: c.id, sortKey: c.sortKey)
            slice = Array(hits.prefix { Self.inNameOrder($0, key) }.suffix(per + 1).reversed())
            backwards = true
        case nil:
            let offset = (min(max(q.page, 1), Self.maxPage) - 1) * per
            slice = Array(hits.dropFirst(min(offset, hits.count)).prefix(per + 1))
        }
        let rows = slice.isEmpty ? [] : try await MemberRowQuery.select(on: db)
            .where(SQLColumn("id"), .in, SQLBind.group(slice.map(\.id))).all(decoding: MemberRowQuery.Row.self)
        let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let fetched = slice.compactMap { h in byID[h.id].map { (row: $0, key: h.sortKey) } }
        return Self.page(fetched, q, per: per, backwards: backwards, total: hits.count, capped: capped)
    }

    /// The subtree a list covers, with its counts from the rollups.
    struct ListedSubtree {
        let id: UUID
        let name: String
        let path: TreePath
        let tally: UnitTally
    }

    /// The unit `id` (`Refusal.notFound` outside `scope`), or without one the
    /// scope's single root; nil for a scope of several roots. One plain
    /// query: the list API runs it on every page.
    private func listedSubtree(_ id: UUID?, in scope: Scope) async throws -> ListedSubtree? {
        let unit: any SQLExpression
        if let id { unit = SQLBinaryExpression(SQLColumn("id", table: "o"), .equal, SQLBind(id)) }
        else if scope.roots.count == 1 { unit = SQLBinaryExpression(SQLColumn("path", table: "o"), .equal, SQLBind(scope.roots[0].value)) }
        else { return nil }
        let row = try await db.sql.select().column(SQLColumn("id", table: "o")).column(SQLColumn("name", table: "o")).column(SQLColumn("path", table: "o"))
            .columns(Rollups.countColumns.map { SQLColumn($0, table: "r") })
            .from(SQLAlias(SQLIdentifier(Organization.schema), as: SQLIdentifier("o")))
            .join(SQLAlias(SQLIdentifier(Rollups.schema), as: SQLIdentifier("r")), method: SQLJoinMethod.left,
                  on: SQLColumn("organization_id", table: "r"), .equal, SQLColumn("id", table: "o"))
            .where(unit).first()
        guard let row, let path = TreePath(try row.decode(column: "path", as: String.self)), scope.contains(path) else {
            if id != nil { throw Refusal.notFound }
            return nil
        }
        return ListedSubtree(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self), path: path,
                             tally: try Rollups.tally(joined: row))
    }

    /// Up to `searchCap + 1` members matching `text` under `condition`, read
    /// from the search index as it yields them (at the root a common name has
    /// millions of matches; the first thousand are read, not all).
    private func searchHits(_ text: String, within condition: any SQLExpression) async throws -> [SearchHit] {
        let sql = db.sql
        let limit = SQLRaw(String(Self.searchCap + 1))
        let rows: [any SQLRow]
        if sql.dialect.name == "sqlite" {
            // The search table drives (CROSS JOIN keeps that order) with the text's rarest
            // trigrams; each candidate's member row confirms the whole text.
            let terms = try await MemberSearchTerms.query(for: text, on: db)
            rows = try await sql.raw("""
                SELECT m.id, m.sort_key FROM \(ident: MemberSearchIndex.table) f CROSS JOIN \(ident: Member.schema) m ON m.rowid = f.rowid
                WHERE f.\(ident: MemberSearchIndex.table) MATCH \(bind: terms)
                AND (\(unsafeRaw: MemberSearchIndex.text)) LIKE \(bind: "%\(text)%") AND \(condition) LIMIT \(limit)
                """).all()
        } else {
            rows = try await sql.select().column("id").column("sort_key").from(Member.schema)
                .where(SQLBinaryExpression(SQLRaw("(\(MemberSearchIndex.text))"), .like, SQLBind("%\(text)%")))
                .where(condition).limit(Self.searchCap + 1).all()
        }
        return try rows.map { SearchHit(id: try $0.decode(column: "id", as: UUID.self), sortKey: try $0.decode(column: "sort_key", as: String.self)) }
    }

    /// The list's count: the maintained rollup for a whole subtree by status
    /// (at a province it saves a scan of hundreds of thousands of rows), a
    /// count of the rows otherwise.
    private func count(_ predicate: any SQLExpression, subtree whole: ListedSubtree?, text: String,
                       status: MemberStatus?) async throws -> Int {
        if text.isEmpty, let t = whole?.tally {
            return switch status { case nil: t.members; case .full: t.fullMembers; case .probationary: t.probationaryMembers }
        }
        struct Count: Decodable { let n: Int }
        return try await db.sql.select().column(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: "n").from(Member.schema)
            .where(predicate).first(decoding: Count.self)?.n ?? 0
    }

    /// Every member in the tree, from the top units' rollups.
    private func membersInTree() async throws -> Int {
        struct Sum: Decodable { let n: Int? }
        return try await db.sql.raw("""
            SELECT CAST(SUM(r.members) AS BIGINT) AS n FROM \(ident: Rollups.schema) r
            JOIN \(ident: Organization.schema) o ON o.id = r.organization_id WHERE o.depth = 0
            """).first(decoding: Sum.self)?.n ?? 0
    }

    /// SQLite's planner cannot tell a province's path range from a cell's,
    /// so a large subtree names the name index; PostgreSQL's statistics choose.
    private func table(walkingNames: Bool) -> any SQLExpression {
        walkingNames && db.sql.dialect.name == "sqlite" ? SQLRaw("\"\(Member.schema)\" INDEXED BY members_sort") : SQLIdentifier(Member.schema)
    }

    /// `(sort_key, id)` as one row value: both databases seek the index to it.
    private static let rowKey = SQLGroupExpression([SQLColumn("sort_key"), SQLColumn("id")])

    private static func key(of c: ListCursor) -> any SQLExpression {
        SQLGroupExpression([SQLBind(c.sortKey), SQLBind(c.id)])
    }

    private static func all(_ conditions: [any SQLExpression]) -> any SQLExpression {
        conditions.dropFirst().reduce(conditions[0]) { SQLBinaryExpression($0, .and, $1) }
    }
}

/// The name order's own index, for lists of large subtrees (issue 16): a
/// page of the nation or a province walks it and stops after a page's rows.
/// It carries the path and status, so the walk tests each entry against the
/// subtree and the status filter without reading the row (a province's page
/// walks some thousand entries: 16 ms p50 reading each row).
struct CreateMemberSortIndex: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.create(index: "members_sort").on(Member.schema)
            .column("sort_key").column("id").column("organization_path").column("status").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "members_sort").run()
    }
}
