import Fluent
import Foundation

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
}
