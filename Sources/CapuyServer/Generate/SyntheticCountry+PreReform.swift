import CapuyCore
import Fluent
import Foundation
import SQLKit

/// The country as it stood before 1 July 2025 (issue 15), made from the real
/// 2025 units by undoing the reform deterministically: each 2025 province was
/// one, two or three provinces (11 + 17 × 2 + 6 × 3 = 63 nationally), each
/// 2025 commune was three communes, grouped into districts of up to 14, and
/// one commune in 25 was split between two 2025 communes. The reform plan
/// that takes it to the 2025 tree comes with it (`plan`).
struct PreReformLayout: Sendable {
    struct OldCommune: Sendable { let code: String, name: String, heir: AdminUnit, splitTo: AdminUnit? }
    struct District: Sendable { let code: String, name: String, communes: [OldCommune] }
    struct OldProvince: Sendable { let code: String, name: String, districts: [District] }
    struct NewProvince: Sendable { let code: String, name: String, communes: [AdminUnit], old: [OldProvince] }

    let centralCode: String
    let codePrefix: String
    let provinces: [NewProvince]

    static let districtSize = 14

    init(chosen: [(Int, [AdminUnit])], communesPerProvince: Int?, codePrefix: String) {
        centralCode = codePrefix + "TW"
        self.codePrefix = codePrefix
        provinces = chosen.enumerated().map { index, entry in
            let (code, list) = entry
            let communes = Array(list.prefix(communesPerProvince ?? list.count))
            let oldCount = chosen.count == 1 ? 2 : index < 11 ? 1 : index < 28 ? 2 : 3
            let size = max(1, (communes.count + oldCount - 1) / oldCount)
            let name = list[0].provinceParty
            var old: [OldProvince] = []
            for p in 0..<oldCount where p * size < communes.count {
                var olds: [OldCommune] = []
                for j in (p * size)..<min((p + 1) * size, communes.count) {
                    let c = communes[j]
                    let split = j % 25 == 1 && j + 1 < communes.count
                    for n in 1...3 {
                        olds.append(OldCommune(code: codePrefix + "XC\(c.communeCode)-\(n)", name: "\(c.communeParty) cũ \(n)",
                                               heir: c, splitTo: n == 3 && split ? communes[j + 1] : nil))
                    }
                }
                let districts = stride(from: 0, to: olds.count, by: Self.districtSize).enumerated().map { d, start in
                    District(code: codePrefix + "HC\(code)-\(p + 1)-\(d + 1)", name: "Đảng bộ huyện Số \(d + 1) (\(list[0].provinceName) cũ \(p + 1))",
                             communes: Array(olds[start..<min(start + Self.districtSize, olds.count)]))
                }
                old.append(OldProvince(code: codePrefix + "TC\(code)-\(p + 1)",
                                       name: oldCount == 1 ? "\(name) (trước 2025)" : "\(name) cũ \(p + 1)",
                                       districts: districts))
            }
            return NewProvince(code: codePrefix + "T\(code)", name: name, communes: communes, old: old)
        }
    }

    /// The reform as a plan: the 2025 provinces and communes founded; every
    /// old commune merged into its 2025 commune (or split between two, its
    /// grassroots organizations dealt out in turn); the districts dissolved
    /// into the new province; the old provinces merged into it.
    func plan(childCodes: [String: [String]]) -> [[String]] {
        var rows: [[String]] = [PlanColumn.allCases.map(\.title)]
        func row(_ action: PlanAction, unit: String = "", code: String = "", name: String = "", kind: String = "", parent: String = "",
                 successor: String = "", cells: [String] = []) {
            rows.append([action.label, unit, code, name, kind, "", parent, successor, cells.joined(separator: ";"), "", ""])
        }
        for p in provinces {
            row(.create, code: p.code, name: p.name, kind: OrganizationKind.provincialCommittee.rawValue, parent: centralCode)
            for c in p.communes {
                row(.create, code: code(of: c, in: p), name: c.communeParty,
                    kind: OrganizationKind.communeCommittee.rawValue, parent: p.code)
            }
            for old in p.old {
                for d in old.districts {
                    for c in d.communes {
                        let heir = code(of: c.heir, in: p)
                        let cells = childCodes[c.code] ?? []
                        // A commune with a single organization is merged whole.
                        guard let other = c.splitTo, cells.count > 1 else { row(.merge, unit: c.code, successor: heir); continue }
                        let first = cells.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                        let second = cells.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
                        row(.split, unit: c.code, successor: heir, cells: first)
                        row(.split, unit: c.code, successor: code(of: other, in: p), cells: second)
                    }
                }
                for d in old.districts { row(.dissolve, unit: d.code, successor: p.code) }
                row(.merge, unit: old.code, successor: p.code)
            }
        }
        return rows
    }

    var splitCommunes: [String] {
        provinces.flatMap { $0.old.flatMap { $0.districts.flatMap { $0.communes.filter { $0.splitTo != nil }.map(\.code) } } }
    }

    /// A 2025 commune's code, the same as `capuy generate` gives it.
    private func code(of c: AdminUnit, in p: NewProvince) -> String {
        codePrefix + "X\(c.communeCode)"
    }
}

extension SyntheticCountry {
    /// Writes the pre-2025 country: the Central Committee, the old provinces,
    /// their districts and communes with grassroots organizations, cells and
    /// members, a transaction an old province.
    func generatePreReform(_ layout: PreReformLayout, rootOrdinal: Int, progress: @escaping @Sendable (Int, Int) -> Void) async throws -> Summary {
        var state = State(r: SeededRandom(seed: seed ^ (UInt64(rootOrdinal - 1) &* 0x9E37_79B9_7F4A_7C15)), ids: SyntheticIDs(dataset: rootOrdinal))
        let centralPath = TreePath.root(rootOrdinal)!
        let central = state.ids.next(.unit, tail: &state.r)
        state.summary.rootID = central
        let olds = layout.provinces.flatMap(\.old)
        let total = olds.reduce(0) { $0 + $1.districts.reduce(0) { $0 + $1.communes.count } }
        try await db.transaction { tx in
            var w = SyntheticRows(db: tx, today: today)
            w.openedOn = "2015-01-01"
            w.unit(central, code: layout.centralCode, name: "Đảng Cộng sản Việt Nam", kind: .central, sector: .agency, parent: nil,
                   path: centralPath, children: olds.count)
            try await w.finish()
        }
        for (index, old) in olds.enumerated() {
            let path = centralPath.child(index + 1)!
            let before = state
            state = try await db.transaction { tx in
                var s = before
                var w = SyntheticRows(db: tx, today: today)
                w.openedOn = "2015-01-01"
                w.cardPrefix = cardPrefix + String(format: "%02d", (index + 1) % 100)
                w.ids = s.ids
                let pid = w.ids.next(.unit, tail: &s.r)
                w.unit(pid, code: old.code, name: old.name, kind: .provincialCommittee, sector: .agency, parent: central, path: path,
                       children: old.districts.count)
                s.summary.provinces += 1
                var provinceOffice: [UUID] = []
                do {
                    for (di, district) in old.districts.enumerated() {
                        let did = w.ids.next(.unit, tail: &s.r)
                        let dpath = path.child(di + 1)!
                        w.unit(did, code: district.code, name: district.name, kind: .districtCommittee, sector: .agency, parent: pid, path: dpath,
                               children: district.communes.count)
                        var districtOffice: [UUID] = []
                        for (ci, commune) in district.communes.enumerated() {
                            let office = try await writeCommune(commune.heir, ordinal: ci + 1, parent: did, parentPath: dpath, code: commune.code,
                                                                name: commune.name, into: &w, &s.r, &s.summary)
                            if ci == 0 { districtOffice = office }
                            s.communesDone += 1
                            progress(s.communesDone, total)
                        }
                        w.committee(of: did, path: dpath.value, from: districtOffice, &s.summary)
                        if di == 0 { provinceOffice = districtOffice }
                    }
                    w.committee(of: pid, path: path.value, from: provinceOffice, &s.summary)
                } catch {
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

    /// The plan's rows as CSV, with the sub-units of every split commune read back.
    func preReformPlanCSV(_ layout: PreReformLayout) async throws -> String {
        struct Row: Decodable { let code: String; let parent: String }
        var children: [String: [String]] = [:]
        for chunk in PlanSnapshotLoader.chunks(layout.splitCommunes) {
            let rows = try await db.sql.raw("""
                SELECT c.code, p.code AS parent FROM \(ident: Organization.schema) c JOIN \(ident: Organization.schema) p ON p.id = c.parent_id
                WHERE p.code IN (\(SQLList(chunk.map { SQLBind($0) }))) ORDER BY c.path
                """).all(decoding: Row.self)
            for r in rows { children[r.parent, default: []].append(r.code) }
        }
        return layout.plan(childCodes: children).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == ";" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
