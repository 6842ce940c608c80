import CapuyCore
import Foundation
import Vapor

struct SelfAssessmentInput: Content {
    var form: String?
    var scores: [String: Double]
    var note: String?
    var tasks: Int?
    var tasksOnTime: Int?
    var tasksBeyond: Int?
    var level: String
}

struct CellReviewInput: Content {
    struct Entry: Content {
        var memberId: UUID
        var level: String
        /// The total the cell agreed on, when it differs from the self-assessment.
        var total: Double?
        var discussion: String?
        var present: Int
        var agree: Int
    }

    var entries: [Entry]
}

struct DecisionInput: Content {
    struct Entry: Content {
        var memberId: UUID
        var level: String
        var note: String?
        /// R-EVAL-4 conclusions only the deciding body can state.
        var degradation: Bool?
        var exampleBreach: Bool?
    }

    var decisions: [Entry]
}

struct MemberReviewDTO: Content {
    let id: UUID
    let roundId: UUID
    let memberId: UUID
    let memberName: String?
    let organizationId: UUID
    let form: String
    let stage: String
    let selfScores: [String: Double]
    let selfTotal: Double
    let selfLevel: String
    let selfNote: String
    let tasks: Int
    let tasksOnTime: Int
    let tasksBeyond: Int
    let unitTotal: Double?
    let unitLevel: String?
    let unitDiscussion: String?
    let votesPresent: Int?
    let votesAgree: Int?
    let decidedLevel: String?
    let decisionNote: String?
    /// Why a higher level was out of reach (R-EVAL-3, R-EVAL-4), as rule keys.
    let bars: [String]

    init(_ r: MemberReview, memberName: String? = nil) {
        id = r.id!
        roundId = r.$round.id
        memberId = r.$member.id
        self.memberName = memberName
        organizationId = r.organizationId
        form = r.formRaw
        stage = r.stageRaw
        selfScores = Self.scores(r.selfScores)
        selfTotal = r.selfTotal
        selfLevel = r.selfLevel
        selfNote = r.selfNote
        tasks = r.tasks
        tasksOnTime = r.tasksOnTime
        tasksBeyond = r.tasksBeyond
        unitTotal = r.unitTotal
        unitLevel = r.unitLevel
        unitDiscussion = r.unitDiscussion
        votesPresent = r.votesPresent
        votesAgree = r.votesAgree
        decidedLevel = r.decidedLevel
        decisionNote = r.decisionNote
        bars = StoredBars.keys(r.bars)
    }

    /// A stored score sheet (JSON, criterion code → points), as members and units keep it.
    static func scores(_ json: String) -> [String: Double] {
        (try? JSONDecoder().decode([String: Double].self, from: Data(json.utf8))) ?? [:]
    }
}

/// R-EVAL-5 in one grassroots organization of one round.
struct QuotaStatusDTO: Content {
    let organizationId: UUID
    let organizationName: String
    let excellent: Int
    let good: Int
    let fulfilled: Int
    let notFulfilled: Int
    let maxExcellent: Int
    let excess: Int
}

/// What the self-assessment form shows before it is sent: the sheet, the
/// facts the system already knows and the highest level they allow.
struct SelfAssessmentContext: Content {
    let round: ReviewRoundDTO
    let memberId: UUID
    let memberName: String
    let form: String
    let sheet: CriteriaSheet
    let disciplined: Bool
    let pledge: PledgeSummary?
    let review: MemberReviewDTO?
}

/// The bars of a decision as the reviews store them: rule keys joined by commas.
enum StoredBars {
    static func encode(_ bars: [RatingBar]) -> String? { bars.isEmpty ? nil : bars.map(\.rawValue).joined(separator: ",") }
    static func keys(_ stored: String?) -> [String] { stored.map { $0.split(separator: ",").map(String.init) } ?? [] }
    static func decode(_ stored: String?) -> [RatingBar] { keys(stored).compactMap(RatingBar.init(rawValue:)) }
}

enum ReviewMessages {
    /// "too high" for a level above what the score and facts allow.
    static func tooHigh(_ field: String, ceiling: RatingCeiling, who: String? = nil) -> FieldIssue {
        let why = ceiling.bars.map(\.message).joined(separator: "; ")
        let whyEn = ceiling.bars.map(\.messageEn).joined(separator: "; ")
        let prefix = who.map { "\($0): " } ?? ""
        return FieldIssue(field: field,
                          prefix + "Mức xếp loại cao hơn mức điểm và điều kiện cho phép (tối đa: \(ceiling.level.label))" + (why.isEmpty ? " (R-EVAL-2)." : ": \(why)."),
                          en: prefix + "The level is above what the score and the facts allow (at most: \(ceiling.level.labelEn))" + (whyEn.isEmpty ? " (R-EVAL-2)." : ": \(whyEn)."))
    }

    /// A member the user may not review, or who has no review in the round:
    /// the same words for both, by row, so the answer names no one and does
    /// not tell whether the id exists (issue 14, item 2).
    static func notReviewable(_ field: String, row: Int) -> FieldIssue {
        FieldIssue(field: field, "Dòng \(row + 1): đảng viên chưa tự đánh giá trong đợt này hoặc ngoài phạm vi của bạn (R-EVAL-6).",
                   en: "Row \(row + 1): the member has no self-assessment in this round, or is outside your scope (R-EVAL-6).")
    }

    static let closed = Refusal(.conflict, "Đợt đánh giá đã đóng: không sửa được kết quả. Cấp mở đợt có thể mở lại kèm lý do.",
                                en: "The round is closed: results cannot change. The unit that opened it may reopen it with a reason.")

    static func level(_ raw: String, field: String, into c: inout IssueCollector) -> RatingLevel? {
        guard let level = RatingLevel(rawValue: raw) else {
            c.add(field, "Chọn một trong bốn mức xếp loại.", en: "Choose one of the four levels.")
            return nil
        }
        return level
    }
}
