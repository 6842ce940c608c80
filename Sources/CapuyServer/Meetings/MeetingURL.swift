import Foundation

/// The meeting pages' links, reached as `SiteURL.meetings(…)`.
enum MeetingURL {
    case list
    case show(UUID)
    case roll(UUID)
    case guest(UUID)
    case hold(UUID)
    case cancel(UUID)
    case statistics(unit: UUID? = nil)
    case xlsx(unit: UUID)
    case follows

    var path: String {
        switch self {
        case .list: "/sinh-hoat"
        case .show(let id): "/sinh-hoat/\(id)"
        case .roll(let id): "/sinh-hoat/\(id)/diem-danh"
        case .guest(let id): "/sinh-hoat/\(id)/khach-moi"
        case .hold(let id): "/sinh-hoat/\(id)/da-hop"
        case .cancel(let id): "/sinh-hoat/\(id)/huy"
        case .statistics(let unit): "/sinh-hoat/thong-ke" + (unit.map { "?donVi=\($0)" } ?? "")
        case .xlsx(let unit): "/sinh-hoat/thong-ke.xlsx?donVi=\(unit)"
        case .follows: "/sinh-hoat/theo-doi"
        }
    }
}
