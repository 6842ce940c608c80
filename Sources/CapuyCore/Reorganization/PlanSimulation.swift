import Foundation

/// Plays a plan over a snapshot of the tree, row after row, as the apply
/// will: each row is checked against the tree as the rows before it left it
/// (a commune created in row 2 can take cells in row 9). Every problem is
/// reported with its row, column and reason (issue 15, "Bad input"); a plan
/// with none becomes the steps the server applies.
public struct PlanSimulation {
    private var units: [UUID: PlanUnit]
    private var children: [UUID: Set<UUID>] = [:]
    private var refs: [String: UUID]
    private var memberCounts: [UUID: Int]
    private var receivedMembers: Set<UUID> = []
    private var manageable: Set<UUID>
    private var reachable: Set<UUID>
    private let snapshot: PlanSnapshot
    private let effectiveOn: LocalDate
    private var issues: [PlanIssue] = []
    private var steps: [PlanStep] = []
    private var createdCodes: [String: Int] = [:]
    private var laterCodes: Set<String> = []

    public static func run(_ rows: [PlanRow], effectiveOn: LocalDate, snapshot: PlanSnapshot) -> (steps: [PlanStep], issues: [PlanIssue]) {
        var sim = PlanSimulation(snapshot: snapshot, effectiveOn: effectiveOn)
        sim.laterCodes = Set(rows.filter { $0.action == .create }.map { $0.code.uppercased() })
        if let latest = snapshot.latestApplied, effectiveOn < latest {
            sim.issues.append(PlanIssue(row: 0, column: nil,
                                        "Ngày hiệu lực \(effectiveOn.display) sớm hơn một kế hoạch đã áp dụng (ngày \(latest.display)).",
                                        en: "The effective date \(effectiveOn.display) precedes a plan already applied (\(latest.display))."))
        }
        var splitsDone: Set<UUID> = []
        for (index, row) in rows.enumerated() {
            switch row.action {
            case .create: sim.create(row)
            case .move: sim.move(row)
            case .merge: sim.merge(row)
            case .rename: sim.rename(row)
            case .dissolve: sim.dissolve(row)
            case .split:
                guard let unit = sim.lookup(row.unit) else { _ = sim.resolve(row.unit, row: row, column: .unit); continue }
                guard splitsDone.insert(unit).inserted else { continue }
                // The rows that split the same unit, wherever they stand, are one split.
                let group = rows[index...].filter { $0.action == .split && sim.lookup($0.unit) == unit }
                sim.split(unit, group)
            }
        }
        return (sim.issues.isEmpty ? sim.steps : [], sim.issues)
    }

    private init(snapshot: PlanSnapshot, effectiveOn: LocalDate) {
        self.snapshot = snapshot
        self.effectiveOn = effectiveOn
        units = snapshot.units
        refs = snapshot.refs
        memberCounts = snapshot.memberCounts
        manageable = snapshot.manageable
        reachable = snapshot.reachable
        for unit in snapshot.units.values where !unit.closed {
            if let parent = unit.parent { children[parent, default: []].insert(unit.id) }
        }
    }

    // MARK: the actions

    private mutating func create(_ row: PlanRow) {
        let code = row.code.uppercased()
        let kind = PlanTable.kind(row.kind)
        if kind == nil { add(row, .kind, "Loại đơn vị “\(row.kind)” không hợp lệ.", en: "Unknown kind “\(row.kind)”.") }
        let sector = row.sector.isEmpty ? Sector.other : Sector.allCases.first { $0.rawValue.lowercased() == row.sector.lowercased() || VietnameseText.fold($0.label) == VietnameseText.fold(row.sector) }
        if sector == nil { add(row, .sector, "Loại hình “\(row.sector)” không hợp lệ.", en: "Unknown sector “\(row.sector)”.") }
        if !row.code.isEmpty {
            if !row.code.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) || row.code.count > 40 {
                add(row, .code, "Mã đơn vị chỉ gồm chữ, số và dấu - _ . (tối đa 40 ký tự).", en: "A unit code has letters, digits and - _ . only (at most 40).")
            } else if snapshot.usedCodes.contains(code) || (refs[code] != nil && createdCodes[code] == nil) {
                add(row, .code, "Mã đơn vị “\(row.code)” đã được dùng.", en: "The unit code “\(row.code)” is already used.")
            } else if let first = createdCodes[code] {
                add(row, .code, "Mã đơn vị “\(row.code)” trùng với dòng \(first).", en: "The unit code “\(row.code)” repeats row \(first).")
            }
        }
        createdCodes[code] = createdCodes[code] ?? row.line
        guard let parentID = resolve(row.parent, row: row, column: .parent), let parent = units[parentID] else { return }
        guard inScope(parentID, ref: row.parent, row: row, column: .parent) else { return }
        guard let kind, let sector, !row.code.isEmpty else { return }
        if parent.closed || !parent.kind.mayContain(kind) {
            for issue in TreeRules.checkPlacement(kind: kind, parentKind: parent.kind, parentClosed: parent.closed) {
                add(row, issue.field == "kind" ? .kind : .parent, issue.message, en: issue.messageEn)
            }
            return
        }
        let id = UUID()
        units[id] = PlanUnit(id: id, code: row.code, name: row.name, kind: kind, parent: parentID, closed: false, openedOn: effectiveOn)
        children[parentID, default: []].insert(id)
        refs[code] = id
        manageable.insert(id)
        reachable.insert(id)
        memberCounts[id] = 0
        steps.append(.create(line: row.line, id: id, code: row.code, name: row.name, kind: kind, sector: sector, parent: parentID))
    }

    private mutating func move(_ row: PlanRow) {
        guard let unitID = actedOn(row), let parentID = resolve(row.parent, row: row, column: .parent),
              let unit = units[unitID], let parent = units[parentID] else { return }
        guard inScope(parentID, ref: row.parent, row: row, column: .parent) else { return }
        var kind = unit.kind
        if !row.kind.isEmpty {
            guard let k = PlanTable.kind(row.kind) else {
                return add(row, .kind, "Loại đơn vị “\(row.kind)” không hợp lệ.", en: "Unknown kind “\(row.kind)”.")
            }
            kind = k
        }
        if isWithin(parentID, unitID) {
            return add(row, .parent, "Không thể chuyển \(unit.name) vào chính nó hoặc vào đơn vị trực thuộc của nó.",
                       en: "A unit cannot be moved into itself or one of its own sub-units.")
        }
        if unit.parent == parentID && kind == unit.kind {
            return add(row, .parent, "\(unit.name) đã trực thuộc \(parent.name).", en: "The unit is already under this parent.")
        }
        if parent.closed || !parent.kind.mayContain(kind) {
            for issue in TreeRules.checkPlacement(kind: kind, parentKind: parent.kind, parentClosed: parent.closed) {
                add(row, issue.field == "kind" ? .kind : .parent, issue.message, en: issue.messageEn)
            }
            return
        }
        if kind != unit.kind {
            let childKinds = Set((children[unitID] ?? []).compactMap { units[$0]?.kind })
            for issue in TreeRules.checkKindChange(to: kind, childKinds: childKinds) { add(row, .kind, issue.message, en: issue.messageEn) }
        }
        place(unitID, under: parentID, kind: kind, line: row.line)
    }

    private mutating func merge(_ row: PlanRow) {
        guard let unitID = actedOn(row), let heirID = successor(of: unitID, row.successor, row: row),
              let heir = units[heirID] else { return }
        // Its open sub-units move under the successor, each keeping its kind.
        for childID in sortedChildren(of: unitID) {
            guard let child = units[childID] else { continue }
            if !heir.kind.mayContain(child.kind) {
                add(row, .successor, "\(heir.name) (\(heir.kind.label)) không thể nhận \(child.name) (\(child.kind.label)): thêm một dòng Chuyển có đổi loại trước dòng này.",
                    en: "\(heir.name) cannot hold \(child.name) (\(child.kind.labelEn)): move it with a new kind first.")
                continue
            }
            place(childID, under: heirID, kind: child.kind, line: row.line)
        }
        close(unitID, successors: [heirID], action: .merge, line: row.line)
    }

    private mutating func split(_ unitID: UUID, _ group: [PlanRow]) {
        guard let first = group.first, actedOn(first) == unitID, let unit = units[unitID] else { return }
        let cellsBefore = children[unitID] ?? []
        let members = snapshot.members[unitID] ?? []
        if receivedMembers.contains(unitID) {
            add(first, .members, "\(unit.name) nhận thêm đảng viên ở dòng trước rồi lại bị chia tách: hãy chia tách trước.",
                en: "\(unit.name) receives members in an earlier row and is then split: split it first.")
        }
        var cellSeen: [UUID: Int] = [:]
        var memberSeen: [UUID: Int] = [:]
        var heirs: [UUID] = []
        var portions: [(row: PlanRow, heir: UUID, cells: [UUID], members: [UUID])] = []
        for row in group {
            guard let heirID = successor(of: unitID, row.successor, row: row) else { continue }
            if !heirs.contains(heirID) { heirs.append(heirID) }
            var cells: [UUID] = []
            for ref in row.cells {
                guard let cellID = resolve(ref, row: row, column: .cells) else { continue }
                if !cellsBefore.contains(cellID) {
                    add(row, .cells, "“\(ref)” không phải đơn vị trực thuộc đang hoạt động của \(unit.name).", en: "“\(ref)” is not an open sub-unit of \(unit.name).")
                } else if let earlier = cellSeen[cellID] {
                    add(row, .cells, "“\(ref)” đã được chia ở dòng \(earlier).", en: "“\(ref)” is already assigned in row \(earlier).")
                } else {
                    cellSeen[cellID] = row.line
                    cells.append(cellID)
                }
            }
            var listed: [UUID] = []
            for ref in row.members {
                guard let member = members.first(where: { $0.card == ref || $0.id.uuidString.lowercased() == ref.lowercased() }) else {
                    add(row, .members, "“\(ref)” không phải đảng viên sinh hoạt trực tiếp tại \(unit.name).", en: "“\(ref)” is not a member of \(unit.name).")
                    continue
                }
                if let earlier = memberSeen[member.id] {
                    add(row, .members, "Đảng viên \(member.name) (\(ref)) đã được chia ở dòng \(earlier).", en: "Member \(ref) is already assigned in row \(earlier).")
                } else {
                    memberSeen[member.id] = row.line
                    listed.append(member.id)
                }
            }
            portions.append((row, heirID, cells, listed))
        }
        let leftCells = cellsBefore.subtracting(cellSeen.keys).compactMap { units[$0]?.name }.sorted()
        if !leftCells.isEmpty {
            add(first, .cells, "Chia tách \(unit.name) còn sót \(leftCells.count) đơn vị trực thuộc: \(leftCells.prefix(5).joined(separator: ", ")).",
                en: "The split of \(unit.name) leaves out \(leftCells.count) sub-units.")
        }
        let leftMembers = members.filter { memberSeen[$0.id] == nil }
        if !leftMembers.isEmpty {
            let names = leftMembers.prefix(5).map { m in m.card.map { "\(m.name) (\($0))" } ?? m.name }.joined(separator: ", ")
            add(first, .members, "Chia tách \(unit.name) còn sót \(leftMembers.count) đảng viên: \(names).",
                en: "The split of \(unit.name) leaves out \(leftMembers.count) members.")
        }
        for portion in portions {
            guard let heir = units[portion.heir] else { continue }
            for cellID in portion.cells {
                guard let cell = units[cellID] else { continue }
                if !heir.kind.mayContain(cell.kind) {
                    add(portion.row, .cells, "\(heir.name) không thể nhận \(cell.name) (\(cell.kind.label)).", en: "\(heir.name) cannot hold \(cell.name).")
                    continue
                }
                place(cellID, under: portion.heir, kind: cell.kind, line: portion.row.line)
            }
            if !portion.members.isEmpty {
                steps.append(.transfer(line: portion.row.line, members: portion.members, from: unitID, to: portion.heir))
                memberCounts[portion.heir, default: 0] += portion.members.count
                memberCounts[unitID, default: 0] -= portion.members.count
                receivedMembers.insert(portion.heir)
            }
        }
        close(unitID, successors: heirs, action: .split, line: group.last?.line ?? first.line)
    }

    private mutating func rename(_ row: PlanRow) {
        guard let unitID = actedOn(row) else { return }
        units[unitID]?.name = row.name
        steps.append(.rename(line: row.line, unit: unitID, name: row.name))
    }

    private mutating func dissolve(_ row: PlanRow) {
        guard let unitID = actedOn(row), let unit = units[unitID] else { return }
        var heirs: [UUID] = []
        if !row.successor.isEmpty {
            guard let heir = successor(of: unitID, row.successor, row: row) else { return }
            heirs = [heir]
        }
        let open = sortedChildren(of: unitID)
        if !open.isEmpty {
            let names = open.prefix(5).compactMap { units[$0]?.name }.joined(separator: ", ")
            return add(row, .unit, "\(unit.name) còn \(open.count) đơn vị trực thuộc đang hoạt động (\(names)): chuyển hoặc sáp nhập chúng ở các dòng trước.",
                       en: "\(unit.name) still has \(open.count) open sub-units: move or merge them in earlier rows.")
        }
        let members = memberCounts[unitID] ?? 0
        let work = snapshot.openWork[unitID] ?? 0
        if heirs.isEmpty && (members > 0 || work > 0) {
            return add(row, .successor, "\(unit.name) còn \(members) đảng viên và \(work) việc đang mở: cần đơn vị kế thừa.",
                       en: "\(unit.name) still has \(members) members and \(work) open items: name a successor.")
        }
        close(unitID, successors: heirs, action: .dissolve, line: row.line)
    }

    // MARK: the simulated tree

    private mutating func place(_ id: UUID, under parentID: UUID, kind: OrganizationKind, line: Int) {
        if let old = units[id]?.parent { children[old]?.remove(id) }
        units[id]?.parent = parentID
        units[id]?.kind = kind
        children[parentID, default: []].insert(id)
        steps.append(.move(line: line, unit: id, parent: parentID, kind: kind))
    }

    private mutating func close(_ id: UUID, successors: [UUID], action: PlanAction, line: Int) {
        units[id]?.closed = true
        if let parent = units[id]?.parent { children[parent]?.remove(id) }
        if let heir = successors.first, let left = memberCounts[id], left > 0 {
            memberCounts[heir, default: 0] += left
            receivedMembers.insert(heir)
        }
        memberCounts[id] = 0
        steps.append(.close(line: line, unit: id, successors: successors, action: action))
    }

    private func sortedChildren(of id: UUID) -> [UUID] {
        (children[id] ?? []).sorted { (units[$0]?.code ?? "") < (units[$1]?.code ?? "") }
    }

    /// Whether `id` is `ancestor` or lies below it in the tree as simulated so far.
    private func isWithin(_ id: UUID, _ ancestor: UUID) -> Bool {
        var current: UUID? = id
        var hops = 0
        while let c = current, hops < 64 {
            if c == ancestor { return true }
            current = units[c]?.parent
            hops += 1
        }
        return false
    }

    // MARK: references

    /// The unit a row acts on: known, open, inside the planner's scope and
    /// not founded after the plan takes effect.
    private mutating func actedOn(_ row: PlanRow) -> UUID? {
        guard let id = resolve(row.unit, row: row, column: .unit), let unit = units[id] else { return nil }
        guard inScope(id, ref: row.unit, row: row, column: .unit) else { return nil }
        if !manageable.contains(id) {
            add(row, .unit, "\(unit.name) nằm ngoài phạm vi quản lý của bạn.", en: "\(unit.name) is outside your scope.")
            return nil
        }
        if unit.closed {
            add(row, .unit, "\(unit.name) đã giải thể hoặc sáp nhập.", en: "\(unit.name) is already closed.")
            return nil
        }
        if let opened = unit.openedOn, effectiveOn < opened {
            add(row, .unit, "\(unit.name) thành lập ngày \(opened.display), sau ngày hiệu lực của kế hoạch.",
                en: "\(unit.name) was founded on \(opened.display), after the plan's effective date.")
        }
        return id
    }

    private mutating func successor(of unitID: UUID, _ ref: String, row: PlanRow) -> UUID? {
        guard let id = resolve(ref, row: row, column: .successor), let heir = units[id],
              inScope(id, ref: ref, row: row, column: .successor) else { return nil }
        if id == unitID {
            add(row, .successor, "Đơn vị không thể kế thừa chính nó.", en: "A unit cannot succeed itself.")
            return nil
        }
        if heir.closed {
            add(row, .successor, "Đơn vị kế thừa \(heir.name) đã giải thể hoặc sáp nhập.", en: "The successor \(heir.name) is closed.")
            return nil
        }
        if isWithin(id, unitID) {
            add(row, .successor, "Đơn vị kế thừa \(heir.name) trực thuộc chính đơn vị bị đóng.", en: "The successor lies inside the closing unit.")
            return nil
        }
        return id
    }

    /// A unit outside the planner's scope is answered as one that does not
    /// exist, by the reference as written: nothing about it (its name, that
    /// it is closed, that it exists) reaches the planner (DESIGN.md, Scope).
    @discardableResult
    private mutating func inScope(_ id: UUID, ref: String, row: PlanRow, column: PlanColumn) -> Bool {
        guard !reachable.contains(id) else { return true }
        add(row, column, Self.notFound(ref), en: "No unit “\(ref)” in your scope.")
        return false
    }

    static func notFound(_ ref: String) -> String {
        "Không tìm thấy đơn vị “\(ref.trimmingCharacters(in: .whitespaces))”: không có, hoặc nằm ngoài phạm vi của bạn."
    }

    /// A unit by code, path or id, as the rows before have left the tree.
    private func lookup(_ ref: String) -> UUID? {
        let key = ref.trimmingCharacters(in: .whitespaces)
        return refs[key] ?? refs[key.uppercased()] ?? refs[key.lowercased()]
    }

    private mutating func resolve(_ ref: String, row: PlanRow, column: PlanColumn) -> UUID? {
        if let id = lookup(ref) { return id }
        let key = ref.trimmingCharacters(in: .whitespaces)
        if laterCodes.contains(key.uppercased()) {
            add(row, column, "Đơn vị “\(key)” chỉ được thành lập ở một dòng sau: hãy đặt dòng thành lập lên trước.",
                en: "“\(key)” is created in a later row: put its creation first.")
        } else {
            add(row, column, Self.notFound(key), en: "No unit “\(key)” in your scope.")
        }
        return nil
    }

    private mutating func add(_ row: PlanRow, _ column: PlanColumn?, _ message: String, en: String) {
        issues.append(PlanIssue(row: row.line, column: column, message, en: en))
    }
}
