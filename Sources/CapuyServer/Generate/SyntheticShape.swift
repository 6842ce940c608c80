import ArgumentParser
import CapuyCore
import Foundation

/// How big a synthetic country is. `national` follows the Party's real
/// proportions: 34 provinces, 3,321 communes, ~52,000 grassroots
/// organizations (about a third of them committees with their own cells),
/// ~220,000 cells and ~5.6 million members.
enum GenerateScale: String, CaseIterable, ExpressibleByArgument, Sendable {
    case small, province, national

    var shape: SyntheticShape {
        switch self {
        case .small:
            SyntheticShape(provinces: 1, communesPerProvince: 3, grassrootsPerCommune: 3...5, committeeShare: 0.34,
                           cellsPerCommittee: 2...4, membersPerCell: 5...12, withCentral: false)
        case .province:
            SyntheticShape(provinces: 1, communesPerProvince: nil, grassrootsPerCommune: 10...21, committeeShare: 0.3,
                           cellsPerCommittee: 6...18, membersPerCell: 12...40, withCentral: false)
        case .national:
            SyntheticShape(provinces: nil, communesPerProvince: nil, grassrootsPerCommune: 10...21, committeeShare: 0.3,
                           cellsPerCommittee: 6...18, membersPerCell: 12...41, withCentral: true)
        }
    }
}

struct SyntheticShape: Sendable {
    /// nil: all 34.
    let provinces: Int?
    /// nil: every real commune of the province.
    let communesPerProvince: Int?
    var grassrootsPerCommune: ClosedRange<Int>
    /// The share of grassroots organizations that are committees with cells
    /// below them; the rest are grassroots cells holding members themselves.
    let committeeShare: Double
    let cellsPerCommittee: ClosedRange<Int>
    var membersPerCell: ClosedRange<Int>
    /// A Central Committee root above the provinces; otherwise the province is the root.
    let withCentral: Bool

    /// Before 2025 a commune was about a third of a 2025 one: three of them
    /// hold as many grassroots organizations and members as it does.
    var preReform: SyntheticShape {
        var s = self
        s.grassrootsPerCommune = max(1, grassrootsPerCommune.lowerBound / 3)...max(1, grassrootsPerCommune.upperBound / 3)
        return s
    }
}

/// The kinds of grassroots organizations and cells, with names as the
/// committees write them and the sector each belongs to.
enum SyntheticUnits {
    struct Kind { let sector: Sector; let committee: String; let cell: String }
    /// Weighted: residential areas dominate, then agencies, schools and enterprises.
    static let grassroots: [Kind] = [
        Kind(sector: .residential, committee: "Đảng bộ Khu dân cư số %d", cell: "Chi bộ Thôn %d"),
        Kind(sector: .residential, committee: "Đảng bộ Khu dân cư số %d", cell: "Chi bộ Tổ dân phố %d"),
        Kind(sector: .residential, committee: "Đảng bộ Khu dân cư số %d", cell: "Chi bộ Khu phố %d"),
        Kind(sector: .residential, committee: "Đảng bộ Khu dân cư số %d", cell: "Chi bộ Thôn %d"),
        Kind(sector: .school, committee: "Đảng bộ Trường Trung học phổ thông số %d", cell: "Chi bộ Trường Tiểu học số %d"),
        Kind(sector: .school, committee: "Đảng bộ Trường Trung học cơ sở số %d", cell: "Chi bộ Trường Mầm non số %d"),
        Kind(sector: .agency, committee: "Đảng bộ Cơ quan số %d", cell: "Chi bộ Cơ quan số %d"),
        Kind(sector: .publicService, committee: "Đảng bộ Trung tâm Y tế số %d", cell: "Chi bộ Trạm Y tế số %d"),
        Kind(sector: .stateEnterprise, committee: "Đảng bộ Công ty Điện lực số %d", cell: "Chi bộ Công ty Cấp nước số %d"),
        Kind(sector: .privateEnterprise, committee: "Đảng bộ Công ty Cổ phần số %d", cell: "Chi bộ Công ty TNHH số %d"),
        Kind(sector: .armedForces, committee: "Đảng bộ Quân sự số %d", cell: "Chi bộ Công an số %d"),
    ]
    static let cellNames = ["Chi bộ %d", "Chi bộ Phòng %d", "Chi bộ Tổ %d", "Chi bộ Khối %d"]
    /// Kinh about 85%; then the larger minorities.
    static let ethnicities: [(String, Int)] = [("Kinh", 850), ("Tày", 30), ("Thái", 25), ("Mường", 22), ("Khmer", 18), ("Hoa", 10),
                                               ("Nùng", 12), ("H'Mông", 10), ("Dao", 8), ("Gia Rai", 5), ("Ê Đê", 5), ("Ba Na", 5)]
}
