import CapuyCore
import Fluent
import Foundation
import Vapor

struct PledgeInput: Content {
    struct Item: Content {
        /// An existing item to keep (and edit); a new one when left out.
        var id: UUID?
        var text: String
        var dueOn: String
    }

    var pledgeText: String
    /// The whole action program. Items left out are removed unless already
    /// done; nil keeps the program as it is.
    var items: [Item]?
    /// The "I will not…" list; the default list when a new pledge leaves it
    /// out, unchanged when an existing one does.
    var checklist: [String]?
}

struct PledgeItemDoneInput: Content {
    /// Today when left out.
    var doneOn: String?
    var result: String?
}

struct PledgeReviewInput: Content {
    struct Answer: Content {
        var id: UUID
        var kept: Bool
    }

    var checklist: [Answer]
    var selfReview: String
}

struct PledgeDTO: Content {
    struct Item: Content {
        let id: UUID
        let text: String
        let dueOn: String
        let doneOn: String?
        let result: String?
    }

    struct ChecklistItem: Content {
        let id: UUID
        let text: String
        let kept: Bool?
    }

    let id: UUID
    let memberId: UUID
    let memberName: String
    let year: Int
    let pledgeText: String
    let items: [Item]
    let checklist: [ChecklistItem]
    let reviewed: Bool
    let selfReview: String?
    let reviewedOn: String?
    let summary: PledgeSummary
}

/// A pledge with its program and checklist, as read from the database.
struct PledgeRecord: Sendable {
    let pledge: Pledge
    let items: [PledgeItem]
    let checklist: [PledgeChecklistItem]

    static func load(_ pledge: Pledge, on db: any Database) async throws -> PledgeRecord {
        let items = try await PledgeItem.query(on: db).filter(\.$pledge.$id == pledge.id!).sort(\.$position).all()
        let checklist = try await PledgeChecklistItem.query(on: db).filter(\.$pledge.$id == pledge.id!).sort(\.$position).all()
        return PledgeRecord(pledge: pledge, items: items, checklist: checklist)
    }

    var summary: PledgeSummary {
        let done = items.filter { $0.doneOn != nil }.count
        return PledgeSummary(items: items.count, done: done, percent: PledgeMath.percentDone(done: done, items: items.count),
                             reviewed: pledge.reviewed, selfReview: pledge.selfReview,
                             breachedPledges: checklist.filter { $0.kept == false }.map(\.text))
    }

    func dto(memberName: String) -> PledgeDTO {
        PledgeDTO(id: pledge.id!, memberId: pledge.$member.id, memberName: memberName, year: pledge.year, pledgeText: pledge.pledgeText,
                  items: items.map { .init(id: $0.id!, text: $0.text, dueOn: $0.dueOn, doneOn: $0.doneOn, result: $0.result) },
                  checklist: checklist.map { .init(id: $0.id!, text: $0.text, kept: $0.kept) },
                  reviewed: pledge.reviewed, selfReview: pledge.selfReview, reviewedOn: pledge.reviewedOn, summary: summary)
    }
}
