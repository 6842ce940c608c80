import CapuyCore
import Foundation
import Testing

// Issue 15, "Bad input": every problem of a reorganization plan is reported
// with its row, column and reason, and a plan with any yields no steps.
@Suite("Reorganization plan: checks row by row")
struct PlanSimulationTests {
    /// Province P (in scope) with communes A (cells A1, A2; members m1, m2 directly) and B; another province Q outside the scope.
    struct Tree {
        let p = UUID(), a = UUID(), a1 = UUID(), a2 = UUID(), b = UUID(), q = UUID()
        let m1 = UUID(), m2 = UUID()
        var snapshot: PlanSnapshot {
            var s = PlanSnapshot()
            let units = [
                PlanUnit(id: p, code: "P", name: "Tỉnh P", kind: .provincialCommittee, parent: nil, closed: false),
                PlanUnit(id: a, code: "A", name: "Xã A", kind: .communeCommittee, parent: p, closed: false),
                PlanUnit(id: a1, code: "A1", name: "Chi bộ 1", kind: .grassrootsCell, parent: a, closed: false),
                PlanUnit(id: a2, code: "A2", name: "Chi bộ 2", kind: .grassrootsCell, parent: a, closed: false),
                PlanUnit(id: b, code: "B", name: "Xã B", kind: .communeCommittee, parent: p, closed: false),
                PlanUnit(id: q, code: "Q", name: "Tỉnh Q", kind: .provincialCommittee, parent: nil, closed: false),
            ]
            for u in units { s.units[u.id] = u; s.refs[u.code] = u.id }
            s.childrenLoaded = Set(units.map(\.id))
            s.reachable = [p, a, a1, a2, b]
            s.manageable = [a, a1, a2, b]
            s.members[a] = [PlanMember(id: m1, card: "001", name: "Nguyễn Văn Một"), PlanMember(id: m2, card: "002", name: "Trần Thị Hai")]
            s.memberCounts = [a: 2]
            return s
        }
    }

    static let day = LocalDate(year: 2025, month: 7, day: 1)!

    func run(_ rows: [PlanRow], _ tree: Tree = Tree(), adjust: (inout PlanSnapshot) -> Void = { _ in }) -> ([PlanStep], [PlanIssue]) {
        var s = tree.snapshot
        adjust(&s)
        return PlanSimulation.run(rows, effectiveOn: Self.day, snapshot: s)
    }

    @Test("A valid plan: a commune created, a merger carries its cells, a split divides cells and members, in row order")
    func validPlan() throws {
        let t = Tree()
        let (steps, issues) = run([
            PlanRow(line: 2, action: .create, code: "N", name: "Xã Mới", kind: "Đảng bộ xã, phường, đặc khu", parent: "P"),
            PlanRow(line: 3, action: .split, unit: "A", successor: "N", cells: ["A1"], members: ["001"]),
            PlanRow(line: 4, action: .split, unit: "A", successor: "B", cells: ["A2"], members: ["002"]),
        ], t)
        #expect(issues.isEmpty, "\(issues)")
        guard case let .create(_, n, _, _, kind, _, parent) = steps.first else { Issue.record("no create"); return }
        #expect(kind == .communeCommittee && parent == t.p)
        #expect(steps.contains(.move(line: 3, unit: t.a1, parent: n, kind: .grassrootsCell)))
        #expect(steps.contains(.transfer(line: 4, members: [t.m2], from: t.a, to: t.b)))
        #expect(steps.last == .close(line: 4, unit: t.a, successors: [n, t.b], action: .split))
    }

    @Test("Unknown units, a code used twice or already in use, and a unit created only in a later row")
    func references() {
        let (steps, issues) = run([
            PlanRow(line: 2, action: .move, unit: "KHONG-CO", parent: "P"),
            PlanRow(line: 3, action: .create, code: "B", name: "Trùng mã", kind: "communeCommittee", parent: "P"),
            PlanRow(line: 4, action: .create, code: "X", name: "Xã X", kind: "communeCommittee", parent: "P"),
            PlanRow(line: 5, action: .create, code: "x", name: "Xã X hai", kind: "communeCommittee", parent: "P"),
            PlanRow(line: 6, action: .merge, unit: "A", successor: "LATER"),
            PlanRow(line: 7, action: .create, code: "LATER", name: "Xã sau", kind: "communeCommittee", parent: "P"),
        ])
        #expect(steps.isEmpty)
        #expect(issues.contains { $0.row == 2 && $0.column == "Đơn vị" && $0.message.contains("KHONG-CO") })
        #expect(issues.contains { $0.row == 3 && $0.column == "Mã mới" && $0.message.contains("đã được dùng") })
        #expect(issues.contains { $0.row == 5 && $0.column == "Mã mới" && $0.message.contains("dòng 4") })
        #expect(issues.contains { $0.row == 6 && $0.column == "Kế thừa" && $0.message.contains("dòng sau") })
    }

    @Test("A unit cannot move under its own subtree, nor under a kind that cannot hold it")
    func moves() {
        let (_, issues) = run([
            PlanRow(line: 2, action: .move, unit: "A", parent: "A1"),
            PlanRow(line: 3, action: .move, unit: "A1", kind: "cell", parent: "P"),
        ])
        #expect(issues.contains { $0.row == 2 && $0.column == "Cấp trên" && $0.message.contains("chính nó") })
        #expect(issues.contains { $0.row == 3 && $0.column == "Loại" })
    }

    @Test("Successors outside the planner's scope, closed, or the unit itself are refused")
    func successors() {
        let t = Tree()
        let (_, issues) = run([
            PlanRow(line: 2, action: .merge, unit: "A", successor: "Q"),
            PlanRow(line: 3, action: .dissolve, unit: "B", successor: "A"),
            PlanRow(line: 4, action: .merge, unit: "A2", successor: "A2"),
        ], t) { s in s.units[t.a]?.closed = true; s.units[t.a2]?.parent = t.b }
        #expect(issues.contains { $0.row == 2 && $0.message.contains("đã giải thể") })  // A itself is closed
        #expect(issues.contains { $0.row == 3 && $0.column == "Kế thừa" && $0.message.contains("đã giải thể") })
        #expect(issues.contains { $0.row == 4 && $0.message.contains("chính nó") })
        let (_, outside) = run([PlanRow(line: 2, action: .merge, unit: "B", successor: "Q")])
        #expect(outside.contains { $0.row == 2 && $0.column == "Kế thừa" && $0.message.contains("ngoài phạm vi") })
        let (_, notMine) = run([PlanRow(line: 2, action: .rename, unit: "P", name: "Tên mới")])
        #expect(notMine.contains { $0.row == 2 && $0.column == "Đơn vị" && $0.message.contains("ngoài phạm vi") })
    }

    @Test("A split that leaves a member or a cell out, or names one twice, is refused")
    func splitCoverage() {
        let (_, left) = run([PlanRow(line: 2, action: .split, unit: "A", successor: "B", cells: ["A1", "A2"], members: ["001"])])
        #expect(left.contains { $0.row == 2 && $0.column == "Đảng viên chuyển" && $0.message.contains("Trần Thị Hai") })
        let (_, twice) = run([
            PlanRow(line: 2, action: .split, unit: "A", successor: "B", cells: ["A1", "A2"], members: ["001", "002"]),
            PlanRow(line: 3, action: .split, unit: "A", successor: "P", cells: ["A1"], members: ["002"]),
        ])
        #expect(twice.contains { $0.row == 3 && $0.column == "Chi bộ chuyển" && $0.message.contains("dòng 2") })
        #expect(twice.contains { $0.row == 3 && $0.column == "Đảng viên chuyển" && $0.message.contains("dòng 2") })
        let (_, cellsLeft) = run([PlanRow(line: 2, action: .split, unit: "A", successor: "B", cells: ["A1"], members: ["001", "002"])])
        #expect(cellsLeft.contains { $0.column == "Chi bộ chuyển" && $0.message.contains("Chi bộ 2") })
    }

    @Test("A dissolved unit must have no open sub-units left, and names a successor when it has members or open work")
    func dissolve() {
        let t = Tree()
        let (_, children) = run([PlanRow(line: 2, action: .dissolve, unit: "A")])
        #expect(children.contains { $0.row == 2 && $0.message.contains("2 đơn vị trực thuộc") })
        let (_, work) = run([PlanRow(line: 2, action: .dissolve, unit: "B")], t) { $0.openWork[t.b] = 3 }
        #expect(work.contains { $0.row == 2 && $0.column == "Kế thừa" && $0.message.contains("3 việc") })
        let (steps, none) = run([PlanRow(line: 2, action: .dissolve, unit: "B")], t)
        #expect(none.isEmpty && steps == [.close(line: 2, unit: t.b, successors: [], action: .dissolve)])
    }

    @Test("An effective date earlier than a plan already applied, or than a unit's founding, is refused")
    func dates() {
        let t = Tree()
        let (_, issues) = run([PlanRow(line: 2, action: .rename, unit: "B", name: "Xã B mới")], t) { s in
            s.latestApplied = LocalDate(year: 2025, month: 8, day: 1)
            s.units[t.b]?.openedOn = LocalDate(year: 2025, month: 9, day: 1)
        }
        #expect(issues.contains { $0.row == 0 && $0.message.contains("01/08/2025") })
        #expect(issues.contains { $0.row == 2 && $0.message.contains("01/09/2025") })
    }

    @Test("A merger carries the closing unit's cells only under a kind that can hold them")
    func mergeKinds() {
        let (_, issues) = run([PlanRow(line: 2, action: .merge, unit: "A", successor: "P")])
        #expect(issues.isEmpty)
        let (_, misfit) = run([
            PlanRow(line: 2, action: .create, code: "GC", name: "Chi bộ cơ sở mới", kind: "grassrootsCell", parent: "B"),
            PlanRow(line: 3, action: .merge, unit: "A", successor: "GC"),
        ])
        #expect(misfit.contains { $0.row == 3 && $0.column == "Kế thừa" && $0.message.contains("Chi bộ 1") })
    }
}

@Suite("Reorganization plan: reading the file")
struct PlanTableTests {
    @Test("Vietnamese headings and actions, with or without accents; lists split on semicolons")
    func reads() {
        let header = ["Thao tác", "Don vi", "Mã mới", "Tên", "Loại", "Cấp trên", "Kế thừa", "Chi bộ chuyển", "Đảng viên chuyển"]
        let (rows, issues) = PlanTable.rows(header: header, cells: [
            ["Thành lập", "", "N", "Xã  Mới", "Đảng bộ xã", "P", "", "", ""],
            ["chia tach", "A", "", "", "", "", "N", "A1; A2", "001;002"],
            ["", "", "", "", "", "", "", "", ""],
            ["xoá", "A", "", "", "", "", "", "", ""],
        ], lines: [2, 3, 4, 5])
        #expect(rows.count == 2)
        #expect(rows[0].action == .create && rows[0].name == "Xã Mới" && PlanTable.kind(rows[0].kind) == .communeCommittee)
        #expect(rows[1].action == .split && rows[1].cells == ["A1", "A2"] && rows[1].members == ["001", "002"])
        #expect(issues.map(\.row) == [5] && issues[0].column == "Thao tác")
    }

    @Test("Each action names the columns it needs")
    func shape() {
        let (_, issues) = PlanTable.rows(header: ["action", "unit", "successor"], cells: [["merge", "A", ""], ["create", "", ""]], lines: [2, 3])
        #expect(issues.contains { $0.row == 2 && $0.column == "Kế thừa" })
        #expect(Set(issues.filter { $0.row == 3 }.map(\.column)) == ["Mã mới", "Tên", "Loại", "Cấp trên"])
        let (_, noHeader) = PlanTable.rows(header: ["foo"], cells: [["bar"]], lines: [2])
        #expect(noHeader.count == 1 && noHeader[0].row == 1)
    }
}
