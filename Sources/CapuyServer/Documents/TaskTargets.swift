import CapuyCore
import Fluent
import Foundation
import SQLKit

/// The units a task goes to, resolved from a TaskTargetInput. Every one must
/// lie within the issuer's subtree and be open.
struct TaskTargets {
    struct Unit: Decodable, Sendable {
        let id: UUID
        let path: String
    }

    static func resolve(_ input: TaskTargetInput, issuer: Organization, on db: any Database) async throws -> [Unit] {
        let issuerPath = issuer.treePath
        if let ids = input.organizationIds, !ids.isEmpty {
            guard input.kind == nil else {
                throw ValidationFailure(field: "targets", "Chọn hoặc danh sách đơn vị, hoặc loại đơn vị, không chọn cả hai.",
                                        en: "Give either a list of units or a kind of unit, not both.")
            }
            let unique = Array(Set(ids))
            let orgs = try await Organization.many(ids: unique, on: db)
            let within = Set(orgs.filter { $0.treePath.isWithin(issuerPath) }.compactMap(\.id))
            guard within.count == unique.count else {
                // Positions in the request, never names: a unit outside the
                // issuer's subtree may be outside the user's scope too (issue 14, item 2).
                let rows = ids.indices.filter { !within.contains(ids[$0]) }.map { String($0 + 1) }.joined(separator: ", ")
                throw ValidationFailure(field: "targets.organizationIds",
                                        "Chỉ giao nhiệm vụ cho đơn vị thuộc \(issuer.name); đơn vị thứ \(rows) không tồn tại hoặc không thuộc.",
                                        en: "Tasks go only to units under \(issuer.name); unit no. \(rows) does not exist or is outside.")
            }
            if let closed = orgs.first(where: \.isClosed) {
                throw ValidationFailure(field: "targets.organizationIds", "\(closed.name) đã giải thể hoặc sáp nhập.",
                                        en: "\(closed.name) is closed.")
            }
            return orgs.sorted { $0.path < $1.path }.map { Unit(id: $0.id!, path: $0.path) }
        }
        let under = try await unit(under: input.under, issuer: issuer, on: db)
        if input.children == true {
            guard input.kind == nil else {
                throw ValidationFailure(field: "targets", "Chọn các đơn vị trực thuộc hoặc loại đơn vị, không chọn cả hai.",
                                        en: "Give either the direct sub-units or a kind of unit, not both.")
            }
            let units = try await db.sql.select().column("id").column("path").from(Organization.schema)
                .where("parent_id", .equal, under.id!).where("closed_on", .is, SQLLiteral.null)
                .orderBy("path").all(decoding: Unit.self)
            guard !units.isEmpty else {
                throw ValidationFailure(field: "targets", "\(under.name) không có đơn vị trực thuộc đang hoạt động.",
                                        en: "\(under.name) has no open sub-units.")
            }
            return units
        }
        guard let kindRaw = input.kind else {
            throw ValidationFailure(field: "targets", "Cần chọn đơn vị nhận nhiệm vụ.", en: "Choose the units that receive the task.")
        }
        guard let kind = OrganizationKind(rawValue: kindRaw) else {
            throw ValidationFailure(field: "targets.kind", "Loại đơn vị không hợp lệ.", en: "Unknown kind of unit.")
        }
        let units = try await db.sql.select().column("id").column("path").from(Organization.schema)
            .where(Scope([under.treePath]).predicate(column: "path"))
            .where("kind", .equal, kind.rawValue).where("closed_on", .is, SQLLiteral.null)
            .orderBy("path").all(decoding: Unit.self)
        guard !units.isEmpty else {
            throw ValidationFailure(field: "targets.kind", "Không có đơn vị nào loại “\(kind.label)” thuộc \(under.name).",
                                    en: "No unit of kind “\(kind.labelEn)” under \(under.name).")
        }
        return units
    }

    /// The unit the targets are chosen under: the issuer, or a unit within its subtree.
    private static func unit(under id: UUID?, issuer: Organization, on db: any Database) async throws -> Organization {
        guard let id, id != issuer.id else { return issuer }
        guard let u = try await Organization.find(id, on: db), u.treePath.isWithin(issuer.treePath) else {
            throw ValidationFailure(field: "targets.under", "Chỉ giao nhiệm vụ cho đơn vị thuộc \(issuer.name).",
                                    en: "Tasks go only to units under \(issuer.name).")
        }
        return u
    }
}
