import CapuyCore
import Fluent
import Foundation

extension PlaceName {
    /// The place a unit dates its papers at: its own, if it set one, else
    /// what its name or the nearest unit above it gives ("Quảng Trị" for a
    /// cell of a provincial agency); the unit's name as the last resort.
    static func of(_ org: Organization, on db: any Database) async throws -> String {
        if let own = org.placeName?.nilIfEmpty { return own }
        return try await implied(for: org, on: db)
    }

    /// The place the unit's name, or the nearest unit above it, gives.
    static func implied(for org: Organization, on db: any Database) async throws -> String {
        if let named = derived(fromUnitName: org.name) { return named }
        let above = try await Organization.many(paths: Rollups.pathAndAncestors(org.path), on: db).sorted { $0.path.count > $1.path.count }
        for unit in above where unit.id != org.id {
            if let own = unit.placeName?.nilIfEmpty { return own }
            if let named = derived(fromUnitName: unit.name) { return named }
        }
        return org.name
    }

    /// A place name as typed: one line, at most 100 characters, no digits
    /// only. Nil when it is fine.
    static func problem(_ raw: String) -> String? {
        let clean = VietnameseText.normalizeSpaces(raw)
        if clean.count > 100 { return "Địa danh dài quá 100 ký tự." }
        if !clean.isEmpty && !clean.contains(where: \.isLetter) { return "Địa danh phải có chữ." }
        return nil
    }
}
