import CapuyCore
import Foundation

/// Vietnam's 34 provinces and 3,321 communes of 2025, from the project's
/// copy of the public list (Resources/data/vn-admin-units-2025.csv).
struct AdminUnit: Sendable {
    let provinceCode: Int
    let provinceName: String
    let provinceType: String
    let communeCode: Int
    let communeName: String
    let communeType: String

    /// "Đảng bộ phường Hoàn Kiếm": the names carry their type ("Phường
    /// Hoàn Kiếm"), so it is not written twice.
    var communeParty: String { Self.party(communeName) }
    /// Cities carry "Thành phố" in their name; provinces only in their type.
    var provinceParty: String {
        provinceName.hasPrefix("Thành phố") ? Self.party(provinceName) : "Đảng bộ \(provinceType) \(provinceName)"
    }

    static func party(_ name: String) -> String {
        guard let first = name.first else { return "Đảng bộ" }
        return "Đảng bộ " + first.lowercased() + name.dropFirst()
    }
}

enum AdminUnits {
    static func load(root: String) throws -> [AdminUnit] {
        let path = root + "Resources/data/vn-admin-units-2025.csv"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CleanExit.message("Missing \(path): the list of administrative units ships with the project.")
        }
        let table = try CSVTable.parse(data)
        return table.rows.compactMap { r in
            guard r.count >= 6, let p = Int(r[0]), let c = Int(r[3]) else { return nil }
            return AdminUnit(provinceCode: p, provinceName: r[1], provinceType: r[2], communeCode: c, communeName: r[4], communeType: r[5])
        }
    }
}
