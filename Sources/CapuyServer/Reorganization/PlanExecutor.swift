import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Applies a checked plan's steps inside one transaction (issue 15, "Apply at
/// once"): the same operations as the single requests, so a moved unit keeps
/// its id and history, members keep a transfer row each, and open work
/// passes to the heirs. Nothing is committed unless every step succeeds, so
/// no reader ever sees half a plan, and a crash leaves the tree as it was.
struct PlanExecutor {
    let effectiveOn: LocalDate
    let title: String
    let actor: Actor
    let now: Date

    func run(_ steps: [PlanStep], rows: Int, db tx: any Database, trail: AuditTrail) async throws -> PlanPreview {
        var preview = PlanPreview(effectiveOn: effectiveOn.iso, rows: rows)
        let touched = Self.touched(steps)
        let before = try await Rollups.tallies(of: touched, on: tx)
        var created: Set<UUID> = []
        var closed: Set<UUID> = []
        var index = 0
        while index < steps.count {
            let step = steps[index]
            index += 1
            // A merger's or split's sub-units going to one heir move together.
            if case let .move(line, _, parentID, _) = step {
                var run = [step]
                while index < steps.count, case let .move(l, _, p, _) = steps[index], l == line, p == parentID {
                    run.append(steps[index])
                    index += 1
                }
                try await moveTogether(run, line: line, to: parentID, into: &preview, db: tx, trail: trail)
                continue
            }
            switch step {
            case let .create(line, id, code, name, kind, sector, parentID):
                let parent = try await unit(parentID, on: tx)
                let org = try await OrganizationService.insert(id, name: name, kind: kind, sector: sector, code: code, openedOn: effectiveOn,
                                                               under: parent, db: tx, trail: trail)
                created.insert(id)
                preview.changes.append(.init(row: line, action: PlanAction.create.rawValue, unitId: id, unit: org.name,
                                             detail: "Thành lập \(org.name) (\(kind.label)) trực thuộc \(parent.name)"))
            case .move:
                break  // moved together above
            case let .transfer(line, memberIDs, fromID, toID):
                let heir = try await unit(toID, on: tx)
                let from = try await unit(fromID, on: tx)
                for chunk in PlanSnapshotLoader.chunks(memberIDs) {
                    for m in try await Member.query(on: tx).filter(\.$id ~~ chunk).all() {
                        _ = try await MemberService.recordTransfer(m, to: heir, on: effectiveOn, reason: "Tổ chức lại (\(title)): chia tách \(from.name)",
                                                               db: tx, trail: trail)
                    }
                }
                preview.memberMoves.append(.init(row: line, count: memberIDs.count, fromId: fromID, from: from.name, toId: toID, to: heir.name, withUnit: nil))
            case let .rename(line, id, name):
                let org = try await unit(id, on: tx)
                let before = OrganizationDTO(org)
                let old = org.name
                org.name = name
                org.nameFolded = VietnameseText.fold(name)
                try await org.save(on: tx)
                trail.record("organization.update", entity: "organization", id: id, path: org.path, before: before, after: OrganizationDTO(org))
                preview.changes.append(.init(row: line, action: PlanAction.rename.rawValue, unitId: id, unit: name, detail: "Đổi tên \(old) thành \(name)"))
            case let .close(line, id, successorIDs, action):
                let org = try await unit(id, on: tx)
                var heirs: [Organization] = []
                for sid in successorIDs { heirs.append(try await unit(sid, on: tx)) }
                let heir = heirs.first
                if let heir {
                    preview.handovers += try await UnitHandover.run(from: org, to: heir, on: effectiveOn, actor: actor, now: now, db: tx, trail: trail)
                    let left = try await Member.query(on: tx).filter(\.$organization.$id == id).count()
                    if left > 0 {
                        preview.memberMoves.append(.init(row: line, count: left, fromId: id, from: org.name, toId: heir.id!, to: heir.name, withUnit: nil))
                    }
                }
                try await OrganizationService.shut(org, on: effectiveOn, successors: successorIDs, heir: heir,
                                                   note: "Tổ chức lại: \(title)", db: tx, trail: trail)
                closed.insert(id)
                let names = heirs.map(\.name).joined(separator: ", ")
                let detail = switch action {
                case .merge: "Sáp nhập \(org.name) vào \(names)"
                case .split: "Chia tách \(org.name) cho \(names)"
                default: heirs.isEmpty ? "Giải thể \(org.name)" : "Giải thể \(org.name); kế thừa: \(names)"
                }
                preview.changes.append(.init(row: line, action: action.rawValue, unitId: id, unit: org.name, detail: detail))
            }
        }
        let after = try await Rollups.tallies(of: touched, on: tx)
        let units = try await Organization.many(ids: touched, on: tx)
        preview.counts = units.sorted { $0.path < $1.path }.map { u in
            let b = before[u.id!] ?? UnitTally(), a = after[u.id!] ?? UnitTally()
            return .init(id: u.id!, code: u.code, name: u.name, membersBefore: created.contains(u.id!) ? 0 : b.members, membersAfter: a.members,
                         openUnitsBefore: created.contains(u.id!) ? 0 : b.openUnits, openUnitsAfter: a.openUnits,
                         state: created.contains(u.id!) ? "created" : closed.contains(u.id!) ? "closed" : "changed")
        }
        return preview
    }

    /// Moves one row's units under one new parent: those keeping their kind
    /// and parent in one batch, a unit changing kind on its own.
    private func moveTogether(_ run: [PlanStep], line: Int, to parentID: UUID, into preview: inout PlanPreview,
                              db tx: any Database, trail: AuditTrail) async throws {
        let parent = try await unit(parentID, on: tx)
        var units: [(Organization, OrganizationKind)] = []
        for case let .move(_, id, _, kind) in run { units.append((try await unit(id, on: tx), kind)) }
        let note = "Tổ chức lại (\(title)): chuyển về trực thuộc \(parent.name)"
        let tallies = try await Rollups.tallies(of: units.map { $0.0.id! }, on: tx)
        var fromNames: [UUID: String] = [:]
        for case let fromID? in Set(units.map { $0.0.$parent.id }) { fromNames[fromID] = try await unit(fromID, on: tx).name }
        for (org, kind) in units {
            let from = org.$parent.id.flatMap { fromNames[$0] } ?? ""
            let kindNote = kind == org.kind ? "" : ", thành \(kind.label)"
            preview.changes.append(.init(row: line, action: PlanAction.move.rawValue, unitId: org.id!, unit: org.name,
                                         detail: "Chuyển \(org.name) từ \(from) về trực thuộc \(parent.name)\(kindNote)"))
            if let fromID = org.$parent.id, let carried = tallies[org.id!]?.members, carried > 0 {
                preview.memberMoves.append(.init(row: line, count: carried, fromId: fromID, from: from, toId: parentID, to: parent.name, withUnit: org.name))
            }
        }
        let together = units.filter { $0.1 == $0.0.kind }.map(\.0)
        let grouped = Dictionary(grouping: together) { $0.$parent.id }
        for (_, siblings) in grouped.sorted(by: { ($0.value.first?.path ?? "") < ($1.value.first?.path ?? "") }) {
            _ = try await OrganizationService.placeAll(siblings.sorted { $0.path < $1.path }, under: parent, on: effectiveOn, note: note, db: tx, trail: trail)
        }
        for (org, kind) in units where kind != org.kind {
            _ = try await OrganizationService.place(org, under: parent, kind: kind, on: effectiveOn, note: note, db: tx, trail: trail)
        }
    }

    private func unit(_ id: UUID, on db: any Database) async throws -> Organization {
        guard let org = try await Organization.find(id, on: db) else { throw Refusal.notFound }
        return org
    }

    /// Every unit a step changes: the one acted on, its new parent, its heirs.
    static func touched(_ steps: [PlanStep]) -> [UUID] {
        var seen: [UUID] = []
        var set = Set<UUID>()
        func add(_ id: UUID) { if set.insert(id).inserted { seen.append(id) } }
        for step in steps {
            switch step {
            case let .create(_, id, _, _, _, _, parent): add(parent); add(id)
            case let .move(_, id, parent, _): add(id); add(parent)
            case let .transfer(_, _, from, to): add(from); add(to)
            case let .rename(_, id, _): add(id)
            case let .close(_, id, successors, _): add(id); successors.forEach(add)
            }
        }
        return seen
    }
}
