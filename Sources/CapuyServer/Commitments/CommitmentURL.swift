import Foundation

/// The commitment and pledge pages' links, reached as `SiteURL.commitments(…)`.
enum CommitmentURL {
    case list
    case year(Int)
    case new
    case show(UUID)
    case progress(UUID)
    case assessment(UUID)
    case reopen(UUID)
    case pledge(member: UUID, year: Int)
    case pledgeItemDone(member: UUID, year: Int, item: UUID)
    case pledgeReview(member: UUID, year: Int)

    var path: String {
        switch self {
        case .list: "/cam-ket"
        case .year(let year): "/cam-ket?nam=\(year)"
        case .new: "/cam-ket/moi"
        case .show(let id): "/cam-ket/\(id)"
        case .progress(let id): "/cam-ket/\(id)/tien-do"
        case .assessment(let id): "/cam-ket/\(id)/danh-gia"
        case .reopen(let id): "/cam-ket/\(id)/mo-lai"
        case .pledge(let member, let year): "/dang-vien/\(member)/cam-ket/\(year)"
        case .pledgeItemDone(let member, let year, let item): "/dang-vien/\(member)/cam-ket/\(year)/viec/\(item)/xong"
        case .pledgeReview(let member, let year): "/dang-vien/\(member)/cam-ket/\(year)/tu-danh-gia"
        }
    }
}
