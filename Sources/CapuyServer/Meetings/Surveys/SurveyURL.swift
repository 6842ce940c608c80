import Foundation

/// The survey pages' links, reached as `SiteURL.surveys(…)`.
enum SurveyURL {
    case list
    case show(UUID, unit: UUID? = nil)
    case close(UUID)
    case assign(UUID)
    case evaluate(UUID, cell: UUID)
    case xlsx(UUID, unit: UUID)

    var path: String {
        switch self {
        case .list: "/khao-sat"
        case .show(let id, let unit): "/khao-sat/\(id)" + (unit.map { "?donVi=\($0)" } ?? "")
        case .close(let id): "/khao-sat/\(id)/dong"
        case .assign(let id): "/khao-sat/\(id)/phan-cong"
        case .evaluate(let id, let cell): "/khao-sat/\(id)/chi-bo/\(cell)"
        case .xlsx(let id, let unit): "/khao-sat/\(id)/ket-qua.xlsx?donVi=\(unit)"
        }
    }
}
