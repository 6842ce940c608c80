import Fluent
import Foundation

/// Where work and notices for a unit go once reorganizations have closed
/// units (issue 15: the scheduled jobs reminded and escalated to dissolved
/// districts): the unit itself while it is open; else the first unit named
/// to take over from it; else the unit above it; and so on up.
enum OpenUnits {
    /// Each id mapped to its open unit; an id with none (a whole branch
    /// dissolved without successors up to the top) is left out.
    static func resolve(_ ids: [UUID], on db: any Database) async throws -> [UUID: Organization] {
        var known = Dictionary(uniqueKeysWithValues: try await Organization.many(ids: ids, on: db).map { ($0.id!, $0) })
        var out: [UUID: Organization] = [:]
        for id in Set(ids) {
            var unit = known[id]
            var hops = 0
            while let current = unit, current.isClosed, hops < 32 {
                hops += 1
                let heir = try await OrganizationSuccessor.query(on: db).filter(\.$organization.$id == current.id!)
                    .sort(\.$position).first()?.$successor.id
                guard let next = heir ?? current.$parent.id else { unit = nil; break }
                if known[next] == nil { known[next] = try await Organization.find(next, on: db) }
                unit = known[next]
            }
            if let unit, !unit.isClosed { out[id] = unit }
        }
        return out
    }
}
