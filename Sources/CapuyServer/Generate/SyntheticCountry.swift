import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Writes a deterministic synthetic country straight into the database
/// (issue 7): the tree, members with believable names, dates and statuses,
/// cell secretaries and committee posts, and transfers. Rows go in with
/// multi-row inserts, one transaction per province, flushed every 20,000
/// rows so a national run stays within a few hundred megabytes.
struct SyntheticCountry {
    struct Summary: Encodable, Sendable {
        var rootID = UUID()
        var provinces = 0
        var communes = 0
        var grassroots = 0
        var cells = 0
        var members = 0
        var positions = 0
        var transfers = 0
    }

    let shape: SyntheticShape
    let seed: UInt64
    let today: LocalDate
    /// Prefixes unit codes when appending, so two datasets never share one.
    let codePrefix: String
    /// Prefixes party card numbers (then the province's two digits and eight more).
    let cardPrefix: String
    let db: any Database

    /// What the generation carries from one transaction to the next.
    struct State: Sendable {
        var r: SeededRandom
        var ids: SyntheticIDs
        var summary = Summary()
        var communesDone = 0
    }

    func generate(units: [AdminUnit], rootOrdinal: Int, progress: @escaping @Sendable (Int, Int) -> Void) async throws -> Summary {
        // Beside existing roots the stream shifts, so appended ids never repeat the first dataset's.
        var state = State(r: SeededRandom(seed: seed ^ (UInt64(rootOrdinal - 1) &* 0x9E37_79B9_7F4A_7C15)),
                          ids: SyntheticIDs(dataset: rootOrdinal))
        let chosen = chosen(units)
        let totalCommunes = chosen.reduce(0) { $0 + min($1.1.count, shape.communesPerProvince ?? .max) }
        let centralPath = TreePath.root(rootOrdinal)!
        var centralID: UUID?
        if shape.withCentral {
            let id = state.ids.next(.unit, tail: &state.r)
            state.summary.rootID = id
            let count = chosen.count
            try await db.transaction { tx in
                var w = SyntheticRows(db: tx, today: today)
                w.unit(id, code: codePrefix + "TW", name: "Đảng Cộng sản Việt Nam", kind: .central, sector: .agency, parent: nil,
                       path: centralPath, children: count)
                try await w.finish()
            }
            centralID = id
        }
        for (index, (code, list)) in chosen.enumerated() {
            let path = shape.withCentral ? centralPath.child(index + 1)! : TreePath.root(rootOrdinal + index)!
            let communes = Array(list.prefix(shape.communesPerProvince ?? list.count))
            let before = state
            state = try await db.transaction { [centralID] tx in
                var s = before
                var w = SyntheticRows(db: tx, today: today)
                w.cardPrefix = cardPrefix + (code < 10 ? "0\(code)" : "\(code)")
                w.ids = s.ids
                let pid = w.ids.next(.unit, tail: &s.r)
                if !shape.withCentral { s.summary.rootID = pid }
                w.unit(pid, code: codePrefix + "T\(code)", name: list[0].provinceParty,
                       kind: .provincialCommittee, sector: .agency, parent: centralID, path: path, children: communes.count)
                s.summary.provinces += 1
                var provinceOffice: [UUID] = []
                do {
                    for (ci, commune) in communes.enumerated() {
                        let office = try await writeCommune(commune, ordinal: ci + 1, parent: pid, parentPath: path, into: &w, &s.r, &s.summary)
                        if ci == 0 { provinceOffice = office }
                        s.communesDone += 1
                        progress(s.communesDone, totalCommunes)
                    }
                    // The provincial committee's posts, held by members of its first commune's office cell.
                    w.committee(of: pid, path: path.value, from: provinceOffice, &s.summary)
                } catch {
                    // Nothing queued may still be writing when the transaction rolls back.
                    try? await w.finish()
                    throw error
                }
                try await w.finish()
                s.ids = w.ids
                return s
            }
        }
        return state.summary
    }

    /// The provinces a country of this shape holds, with their communes.
    func chosen(_ units: [AdminUnit]) -> [(Int, [AdminUnit])] {
        let byProvince = Dictionary(grouping: units, by: \.provinceCode).sorted { $0.key < $1.key }
        return shape.provinces.map { n in
            // The seed picks which province a small or province-scale country is.
            (0..<n).map { byProvince[(Int(seed % UInt64(byProvince.count)) + $0) % byProvince.count] }
        } ?? byProvince.map { ($0.key, $0.value) }
    }

    /// One commune: its committee, its grassroots organizations and their
    /// cells and members. Returns the members of its office cell.
    /// `code` and `name` stand in for the real commune's own (the
    /// communes of a pre-2025 country).
    func writeCommune(_ commune: AdminUnit, ordinal: Int, parent: UUID, parentPath: TreePath, code: String? = nil, name: String? = nil,
                      into w: inout SyntheticRows, _ r: inout SeededRandom, _ summary: inout Summary) async throws -> [UUID] {
        let cid = w.ids.next(.unit, tail: &r)
        let cpath = parentPath.child(ordinal)!
        let grassrootsCount = r.int(shape.grassrootsPerCommune)
        let xcode = code ?? codePrefix + "X\(commune.communeCode)"
        w.startCommune(cid)
        w.unit(cid, code: xcode, name: name ?? commune.communeParty, kind: .communeCommittee,
               sector: .agency, parent: parent, path: cpath, children: grassrootsCount)
        summary.communes += 1
        var holders: [(UUID, String)] = []
        var office: [UUID] = []
        for g in 1...grassrootsCount {
            let gid = w.ids.next(.unit, tail: &r)
            let gpath = cpath.child(g)!
            summary.grassroots += 1
            if g == 1 {
                // Every commune has the cell of its committee's own office.
                w.unit(gid, code: "\(xcode)-\(g)", name: "Chi bộ Cơ quan Đảng ủy \(commune.communeName)", kind: .grassrootsCell,
                       sector: .agency, parent: cid, path: gpath, children: 0)
                office = try await w.members(of: gid, path: gpath.value, count: r.int(shape.membersPerCell), &summary)
                holders.append((gid, gpath.value))
                continue
            }
            let kind = r.pick(SyntheticUnits.grassroots)
            if r.chance(shape.committeeShare) {
                let cells = r.int(shape.cellsPerCommittee)
                w.unit(gid, code: "\(xcode)-\(g)", name: String(format: kind.committee, g), kind: .grassrootsCommittee,
                       sector: kind.sector, parent: cid, path: gpath, children: cells)
                let cellName = r.pick(SyntheticUnits.cellNames)
                for c in 1...cells {
                    let id = w.ids.next(.unit, tail: &r)
                    let path = gpath.child(c)!
                    w.unit(id, code: "\(xcode)-\(g)-\(c)", name: String(format: cellName, c), kind: .cell, sector: kind.sector,
                           parent: gid, path: path, children: 0)
                    _ = try await w.members(of: id, path: path.value, count: r.int(shape.membersPerCell), &summary)
                    holders.append((id, path.value))
                    summary.cells += 1
                }
            } else {
                w.unit(gid, code: "\(xcode)-\(g)", name: String(format: kind.cell, g), kind: .grassrootsCell, sector: kind.sector,
                       parent: cid, path: gpath, children: 0)
                _ = try await w.members(of: gid, path: gpath.value, count: r.int(shape.membersPerCell), &summary)
                holders.append((gid, gpath.value))
                summary.cells += 1
            }
        }
        w.committee(of: cid, path: cpath.value, from: office, &summary)
        w.transfers(within: holders, &summary)
        try await w.queueBuffered()
        return office
    }
}
