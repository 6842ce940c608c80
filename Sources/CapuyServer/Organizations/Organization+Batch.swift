import Fluent
import Foundation
import SQLKit

extension Organization {
    /// Units by id, read in chunks that stay far below the databases' limits
    /// on bound parameters (a cascade can name thousands of units).
    static func many(ids: [UUID], on db: any Database) async throws -> [Organization] {
        var out: [Organization] = []
        let unique = Array(Set(ids))
        for start in stride(from: 0, to: unique.count, by: 500) {
            out += try await Organization.query(on: db).filter(\.$id ~~ Array(unique[start..<min(start + 500, unique.count)])).all()
        }
        return out
    }

    /// Units by path, in the same chunks.
    static func many(paths: [String], on db: any Database) async throws -> [Organization] {
        var out: [Organization] = []
        let unique = Array(Set(paths))
        for start in stride(from: 0, to: unique.count, by: 500) {
            out += try await Organization.query(on: db).filter(\.$path ~~ Array(unique[start..<min(start + 500, unique.count)])).all()
        }
        return out
    }

    /// Units' names by id, as plain rows in the same chunks.
    static func names(ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        struct Row: Decodable { let id: UUID; let name: String }
        var out: [UUID: String] = [:]
        let unique = Array(Set(ids))
        for start in stride(from: 0, to: unique.count, by: 500) {
            for r in try await db.sql.select().columns("id", "name").from(Organization.schema)
                .where(SQLColumn("id"), .in, SQLBind.group(Array(unique[start..<min(start + 500, unique.count)]))).all(decoding: Row.self) {
                out[r.id] = r.name
            }
        }
        return out
    }

    /// Units by path as plain rows (list columns only), in the same chunks:
    /// a province's 168 communes decoded as models were a quarter of a roll-up page.
    static func briefs(paths: [String], on db: any Database) async throws -> [OrganizationService.Brief] {
        var out: [OrganizationService.Brief] = []
        let unique = Array(Set(paths))
        for start in stride(from: 0, to: unique.count, by: 500) {
            out += try await db.sql.select().columns("id", "code", "name", "kind", "sector", "closed_on", "path").from(Organization.schema)
                .where(SQLColumn("path"), .in, SQLBind.group(Array(unique[start..<min(start + 500, unique.count)]))).all(decoding: OrganizationService.Brief.self)
        }
        return out
    }
}
