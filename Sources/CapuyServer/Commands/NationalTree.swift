import CapuyCore
import Fluent
import Foundation
import SQLKit

/// A synthetic national tree for benchmarks: the Central Committee, the 34
/// real provinces and 3,321 real communes of 2025, and N grassroots
/// organizations under each commune (about 52,000 nationwide at N = 16),
/// written with the generator's bulk rows (`capuy generate` builds the full country).
enum NationalTree {
    struct Built {
        let central: UUID
        let communes: Int
        let grassroots: Int
    }

    static func build(units: [AdminUnit], grassrootsPerCommune: Int, on db: any Database) async throws -> Built {
        let centralID = UUID()
        let centralPath = TreePath.root(1)!
        let provinces = Dictionary(grouping: units, by: \.provinceCode).sorted { $0.key < $1.key }
        let sectors: [Sector] = [.residential, .residential, .school, .agency, .stateEnterprise, .privateEnterprise]
        let communes = try await db.transaction { tx in
            var w = SyntheticRows(db: tx, today: LocalDate.today(in: .vietnam))
            w.unit(centralID, code: "TW", name: "Đảng Cộng sản Việt Nam", kind: .central, sector: .agency, parent: nil, path: centralPath,
                   children: provinces.count)
            var communes = 0
            for (pi, (code, list)) in provinces.enumerated() {
                let pid = UUID()
                let ppath = centralPath.child(pi + 1)!
                w.unit(pid, code: "P\(code)", name: list[0].provinceParty, kind: .provincialCommittee,
                       sector: .agency, parent: centralID, path: ppath, children: list.count)
                for (ci, commune) in list.enumerated() {
                    let cid = UUID()
                    let cpath = ppath.child(ci + 1)!
                    communes += 1
                    w.unit(cid, code: "X\(commune.communeCode)", name: commune.communeParty,
                           kind: .communeCommittee, sector: .agency, parent: pid, path: cpath, children: grassrootsPerCommune)
                    for g in 0..<grassrootsPerCommune {
                        w.unit(UUID(), code: "X\(commune.communeCode)-\(g + 1)", name: "Chi bộ số \(g + 1) \(commune.communeName)",
                               kind: .grassrootsCell, sector: sectors[g % sectors.count], parent: cid, path: cpath.child(g + 1)!, children: 0)
                    }
                }
            }
            try await w.finish()
            _ = try await Rollups.rebuild(year: LocalDate.today(in: .vietnam).year, on: tx)
            return communes
        }
        return Built(central: centralID, communes: communes, grassroots: communes * grassrootsPerCommune)
    }
}
