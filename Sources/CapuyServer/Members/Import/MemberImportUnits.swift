import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Every unit by code and by path, for resolving a list's "Chi bộ" column,
/// kept compact: two small dictionaries of positions into plain arrays. The
/// nation's 230,000 units held as `[String: UnitRef]` took most of the
/// import's memory (issue 16: under 256 MB for any file).
struct MemberImportUnits: Sendable {
    private var byCode: [String: Int32] = [:]
    private var byPath: [String: Int32] = [:]
    private var ids: [UUID] = []
    private var paths: [String] = []
    private var closed: [Bool] = []

    static func load(on db: any Database) async throws -> MemberImportUnits {
        struct Row: Decodable { let id: UUID; let code: String; let path: String; let closed_on: String? }
        var units = MemberImportUnits()
        let count = try await Organization.query(on: db).count()
        units.byCode.reserveCapacity(count)
        units.byPath.reserveCapacity(count)
        units.ids.reserveCapacity(count)
        units.paths.reserveCapacity(count)
        units.closed.reserveCapacity(count)
        var after = ""
        // In pages by path: all units read at once held every row's decoded copy together.
        while true {
            let rows = try await db.sql.select().columns("id", "code", "path", "closed_on").from(Organization.schema)
                .where("path", .greaterThan, after).orderBy("path").limit(20_000).all(decoding: Row.self)
            guard let last = rows.last else { break }
            after = last.path
            for row in rows {
                guard let position = Int32(exactly: units.ids.count) else { break }
                units.ids.append(row.id)
                units.paths.append(row.path)
                units.closed.append(row.closed_on != nil)
                units.byCode[row.code] = position
                units.byPath[row.path] = position
            }
        }
        return units
    }

    /// The unit named by `key`: its code (in any case) or its path.
    func unit(named key: String) -> MemberImport.UnitRef? {
        guard let position = byCode[key] ?? byPath[key] ?? byCode[key.uppercased()] else { return nil }
        let i = Int(position)
        return MemberImport.UnitRef(id: ids[i], path: paths[i], isClosed: closed[i])
    }
}
