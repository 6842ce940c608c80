import CapuyCore
import Fluent
import Foundation
import SQLKit

extension OrganizationService {
    /// Creates a unit under `parentId` (inside the caller's scope) or, for the
    /// system actor only, a root unit.
    func create(_ input: OrganizationCreateInput, scope: Scope?) async throws -> Organization {
        // Authorize before validating: a caller outside the scope learns nothing about the input.
        if let scope {
            guard let parentID = input.parentId else {
                throw ValidationFailure(field: "parentId", "Cần chọn đơn vị cấp trên.", en: "Choose a parent unit.")
            }
            _ = try await find(parentID, in: scope)
        }
        var c = IssueCollector()
        let name = VietnameseText.normalizeSpaces(input.name)
        if name.isEmpty { c.add("name", "Tên đơn vị không được để trống.", en: "The unit's name is required.") }
        if name.count > 200 { c.add("name", "Tên đơn vị dài quá 200 ký tự.", en: "The name is longer than 200 characters.") }
        let kind = OrganizationKind(rawValue: input.kind)
        if kind == nil { c.add("kind", "Loại đơn vị không hợp lệ.", en: "Unknown kind of unit.") }
        let sector = Sector(rawValue: input.sector ?? Sector.other.rawValue)
        if sector == nil { c.add("sector", "Loại hình không hợp lệ.", en: "Unknown sector.") }
        let opened = try parseOptionalDate(input.openedOn, field: "openedOn", into: &c)
        let code = try await checkedCode(input.code, excluding: nil, into: &c)
        try c.throwIfAny()
        guard let kind, let sector else { throw ValidationFailure(c.issues) }

        return try await db.write(as: actor) { tx, trail in
            if let parentID = input.parentId {
                guard let parent = try await Organization.query(on: tx).filter(\.$id == parentID).first(),
                      scope?.contains(path: parent.path) ?? true else { throw Refusal.notFound }
                try throwIfAny(TreeRules.checkPlacement(kind: kind, parentKind: parent.kind, parentClosed: parent.isClosed))
                return try await Self.insert(UUID(), name: name, kind: kind, sector: sector, code: code ?? Self.generatedCode(kind: kind),
                                             openedOn: opened, under: parent, db: tx, trail: trail)
            }
            guard scope == nil else {
                throw ValidationFailure(field: "parentId", "Cần chọn đơn vị cấp trên.", en: "Choose a parent unit.")
            }
            try throwIfAny(TreeRules.checkPlacement(kind: kind, parentKind: nil, parentClosed: false))
            let last = try await Organization.query(on: tx).filter(\.$depth == 0).sort(\.$path, .descending).first()
            let next = (last.flatMap { Int($0.path) } ?? 0) + 1
            guard let path = TreePath.root(next) else { throw Refusal(.conflict, "Đã đủ số đơn vị gốc.", en: "Too many roots.") }
            return try await Self.insert(UUID(), name: name, kind: kind, sector: sector, code: code ?? Self.generatedCode(kind: kind),
                                         openedOn: opened, at: path, parentID: nil, db: tx, trail: trail)
        }
    }

    /// Creates a checked unit under `parent` inside the caller's transaction;
    /// shared by the create request and reorganization plans.
    static func insert(_ id: UUID, name: String, kind: OrganizationKind, sector: Sector, code: String, openedOn: LocalDate?,
                       under parent: Organization, db tx: any Database, trail: AuditTrail) async throws -> Organization {
        parent.childSeq += 1
        guard let path = parent.treePath.child(parent.childSeq) else {
            throw ValidationFailure(field: "parentId", "Đơn vị cấp trên đã đủ số đơn vị trực thuộc tối đa.",
                                    en: "The parent unit has reached the maximum number of sub-units.")
        }
        try await parent.save(on: tx)
        return try await insert(id, name: name, kind: kind, sector: sector, code: code, openedOn: openedOn, at: path,
                                parentID: parent.id, db: tx, trail: trail)
    }

    private static func insert(_ id: UUID, name: String, kind: OrganizationKind, sector: Sector, code: String, openedOn: LocalDate?,
                               at path: TreePath, parentID: UUID?, db tx: any Database, trail: AuditTrail) async throws -> Organization {
        let org = Organization()
        org.id = id
        org.$parent.id = parentID
        org.path = path.value
        org.depth = path.depth
        org.name = name
        org.nameFolded = VietnameseText.fold(name)
        org.kindRaw = kind.rawValue
        org.sectorRaw = sector.rawValue
        org.code = code
        org.openedOn = openedOn?.iso
        org.childSeq = 0
        try await org.create(on: tx)
        if let parentPath = org.treePath.parent { try await Rollups.add(.oneOpenUnit, at: parentPath.value, on: tx) }
        trail.record("organization.create", entity: "organization", id: id, path: org.path, after: OrganizationDTO(org))
        return org
    }

    /// Renames a unit or changes its sector or code. Acting on a unit itself
    /// is the business of the level above: the scope must hold it strictly.
    func update(_ id: UUID, _ input: OrganizationUpdateInput, view: Scope, manage: Scope) async throws -> Organization {
        let current = try await find(id, in: view)
        guard manage.containsStrictly(current.treePath) else { throw Refusal.forbidden }
        var c = IssueCollector()
        let name = input.name.map(VietnameseText.normalizeSpaces)
        if let name, name.isEmpty { c.add("name", "Tên đơn vị không được để trống.", en: "The unit's name is required.") }
        if let name, name.count > 200 { c.add("name", "Tên đơn vị dài quá 200 ký tự.", en: "The name is longer than 200 characters.") }
        let sector = input.sector.map { Sector(rawValue: $0) }
        if let sector, sector == nil { c.add("sector", "Loại hình không hợp lệ.", en: "Unknown sector.") }
        let code = try await checkedCode(input.code, excluding: id, into: &c)
        let place = input.placeName.map(VietnameseText.normalizeSpaces)
        if let place, let problem = PlaceName.problem(place) { c.add("placeName", problem, en: "Write a place name of letters, at most 100 characters.") }
        try c.throwIfAny()
        let kind = try Self.kind(input.kind)
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(id, on: tx) else { throw Refusal.notFound }
            guard !org.isClosed else {
                throw Refusal(.conflict, "Đơn vị đã giải thể hoặc sáp nhập, không thể sửa.", en: "The unit is closed and cannot be edited.")
            }
            let before = OrganizationDTO(org)
            // A new kind must fit under the parent and over the sub-units
            // (issue 15: it used to be ignored without a word).
            if let kind, kind != org.kind {
                let parent = try await org.$parent.id.asyncMap { try await Organization.find($0, on: tx) } ?? nil
                try throwIfAny(TreeRules.checkPlacement(kind: kind, parentKind: parent?.kind, parentClosed: false))
                try await Self.checkChildren(fit: kind, under: org, on: tx)
                org.kindRaw = kind.rawValue
            }
            if let name { org.name = name; org.nameFolded = VietnameseText.fold(name) }
            if let sector = sector ?? nil { org.sectorRaw = sector.rawValue }
            if let code { org.code = code }
            if let place { org.placeName = place.nilIfEmpty }
            try await org.save(on: tx)
            trail.record("organization.update", entity: "organization", id: id, path: org.path, before: before, after: OrganizationDTO(org))
            return org
        }
    }

    func checkedCode(_ raw: String?, excluding id: UUID?, into c: inout IssueCollector) async throws -> String? {
        guard let code = raw?.trimmingCharacters(in: .whitespaces), !code.isEmpty else { return nil }
        guard code.count <= 40, code.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            c.add("code", "Mã đơn vị chỉ gồm chữ, số và dấu - _ . (tối đa 40 ký tự).", en: "A unit code has letters, digits and - _ . only (at most 40).")
            return nil
        }
        var q = Organization.query(on: db).filter(\.$code == code)
        if let id { q = q.filter(\.$id != id) }
        if try await q.count() > 0 {
            c.add("code", "Mã đơn vị “\(code)” đã được dùng.", en: "The unit code “\(code)” is already used.")
        }
        return code
    }

    func parseOptionalDate(_ raw: String?, field: String, into c: inout IssueCollector) throws -> LocalDate? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let date = LocalDate(parsing: raw) else {
            c.add(field, "Ngày không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid date: use day/month/year.")
            return nil
        }
        return date
    }

    static func generatedCode(kind: OrganizationKind) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return "DV-" + String((0..<8).map { _ in alphabet.randomElement()! })
    }
}

func throwIfAny(_ issues: [FieldIssue]) throws {
    if !issues.isEmpty { throw ValidationFailure(issues) }
}
