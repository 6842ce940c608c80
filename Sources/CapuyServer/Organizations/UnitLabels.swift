import Fluent
import Foundation
import SQLKit

/// Units named with their parent ("Chi bộ Văn phòng · Đảng bộ xã Nam Ba
/// Đồn"), as they are shown wherever names repeat (issue 16).
enum UnitLabels {
    struct Label: Sendable {
        let code: String
        let label: String
    }

    static func label(name: String, parentName: String?) -> String {
        parentName.map { "\(name) · \($0)" } ?? name
    }

    /// Every unit of `org`'s subtree (and `org` itself), with its code and label.
    static func subtree(of org: Organization, on db: any Database) async throws -> [UUID: Label] {
        struct Row: Decodable { let id: UUID; let code: String; let name: String; let parent_id: UUID? }
        var rows = try await db.sql.select().columns("id", "code", "name", "parent_id").from(Organization.schema)
            .where(Scope([org.treePath]).predicate(column: "path")).all(decoding: Row.self)
        if let parent = org.$parent.id {
            rows += try await db.sql.select().columns("id", "code", "name", "parent_id").from(Organization.schema)
                .where("id", .equal, parent).all(decoding: Row.self)
        }
        let names = Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return Dictionary(rows.map { r in (r.id, Label(code: r.code, label: label(name: r.name, parentName: r.parent_id.flatMap { names[$0] }))) },
                          uniquingKeysWith: { a, _ in a })
    }

    /// The names that stand more than once in a list.
    static func repeated(_ names: [String]) -> Set<String> {
        Set(Dictionary(names.map { ($0, 1) }, uniquingKeysWith: +).filter { $0.value > 1 }.keys)
    }

    /// Units' names as one list shows them: a name that repeats in the list
    /// carries its parent's ("Chi bộ Khu phố 1 · Đảng bộ phường An Hòa").
    static func distinct(_ units: [Organization], on db: any Database) async throws -> [String] {
        let twice = repeated(units.map(\.name))
        let parentIDs = units.filter { twice.contains($0.name) }.compactMap { $0.$parent.id }
        guard !parentIDs.isEmpty else { return units.map(\.name) }
        let parents = try await Organization.names(ids: parentIDs, on: db)
        return units.map { u in twice.contains(u.name) ? label(name: u.name, parentName: u.$parent.id.flatMap { parents[$0] }) : u.name }
    }
}
