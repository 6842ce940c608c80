import CapuyCore
import Fluent
import Foundation
import SQLKit

/// What the signed-in user has to do today (issue 17): each line a count and
/// a link to the list or the thing itself. Every count is scoped like the
/// page it links to, and each reads an index range or a kept tally, never
/// the whole of a national table: the home is the page everyone opens.
struct TodayList {
    struct Item: Encodable, Equatable {
        let count: Int
        let label: String
        let url: String
        /// Past a limit (overdue), not only near one.
        let urgent: Bool
    }

    let db: any Database
    let principal: Principal
    let language: Language
    let today: LocalDate
    let cases: CaseService?
    /// Reception days required per unit kind (R-REC-1), for the month's shortfall.
    let receptionQuota: ReceptionQuota?

    /// How far ahead "due soon" looks for assignments and pledge items.
    static let soonDays = 7

    func items() async throws -> [Item] {
        var out: [Item] = []
        out += try await assignments()
        out += try await caseDeadlines()
        out += try await receptionShortfalls()
        out += try await meetings()
        out += try await reviews()
        out += try await pledgeItems()
        out += try await commitmentTargets()
        out += try await notices()
        return out.filter { $0.count > 0 }
    }

    // MARK: assignments, from the kept task tallies

    /// Open assignments of the granted units' subtrees, past or near their
    /// deadline. A grant's own row in `task_tallies` already counts its whole
    /// subtree, so one row per task and grant is read.
    func assignments() async throws -> [Item] {
        let roots = principal.scope(.viewDocuments).roots.map(\.value)
        guard !roots.isEmpty else { return [] }
        struct Row: Decodable { let overdue: Int?; let soon: Int? }
        let soon = today.adding(days: Self.soonDays).iso
        let row = try await db.sql.raw("""
            SELECT CAST(SUM(CASE WHEN deadline < \(bind: today.iso) THEN idle + active ELSE 0 END) AS BIGINT) AS overdue,
                   CAST(SUM(CASE WHEN deadline >= \(bind: today.iso) AND deadline <= \(bind: soon) THEN idle + active ELSE 0 END) AS BIGINT) AS soon
            FROM \(ident: TaskTallies.schema) WHERE organization_path IN \(SQLBind.group(roots)) AND idle + active > 0
            """).first(decoding: Row.self)
        let inbox = SiteURL.inbox.path
        return [
            item(row?.overdue ?? 0, "nhiệm vụ đã quá hạn mà chưa hoàn thành", "assignment past its deadline", "assignments past their deadline", inbox, urgent: true),
            item(row?.soon ?? 0, "nhiệm vụ đến hạn trong \(Self.soonDays) ngày tới", "assignment due within \(Self.soonDays) days",
                 "assignments due within \(Self.soonDays) days", inbox, urgent: false),
        ]
    }

    // MARK: cases

    /// Cases the user handles that are past or near their legal time limit.
    func caseDeadlines() async throws -> [Item] {
        guard let cases, !principal.scope(.handleCases).isEmpty else { return [] }
        let overdue = try await cases.count(filter: "overdue"), soon = try await cases.count(filter: "dueSoon")
        return [
            item(overdue, "đơn thư đã quá hạn giải quyết", "case past its time limit", "cases past their time limit",
                 SiteURL.cases.path + "?filter=overdue", urgent: true),
            item(soon, "đơn thư sắp đến hạn giải quyết", "case near its time limit", "cases near their time limit",
                 SiteURL.cases.path + "?filter=dueSoon", urgent: false),
        ]
    }

    /// Units in the case handlers' scope that have held fewer citizen
    /// reception days this month than R-REC-1 asks; counted up to 500.
    func receptionShortfalls() async throws -> [Item] {
        let scope = principal.scope(.handleCases)
        guard let receptionQuota, !scope.isEmpty else { return [] }
        let service = ReceptionService(db: db, actor: .system, today: today, scope: scope, quota: receptionQuota)
        let short = try await service.shortfalls(year: today.year, month: today.month, limit: 500)
        return [item(short.count, "đơn vị chưa đủ ngày tiếp công dân tháng \(YearMonth(today).display)",
                     "unit short of citizen reception days this month", "units short of citizen reception days this month",
                     SiteURL.reception.path, urgent: false)]
    }

    // MARK: meetings

    /// Meetings in scope whose day has passed and that were neither held nor
    /// cancelled, held meetings not yet scored, and granted cells with no
    /// regular meeting this month.
    func meetings() async throws -> [Item] {
        let scope = principal.scope(.manageMeetings)
        guard !scope.isEmpty else { return [] }
        struct Row: Decodable { let unclosed: Int; let unscored: Int }
        let row = try await db.sql.raw("""
            SELECT CAST(COUNT(CASE WHEN status = \(bind: MeetingStatus.scheduled.rawValue) AND held_on < \(bind: today.iso) THEN 1 END) AS BIGINT) AS unclosed,
                   CAST(COUNT(CASE WHEN status = \(bind: MeetingStatus.held.rawValue) AND score IS NULL THEN 1 END) AS BIGINT) AS unscored
            FROM \(ident: Meeting.schema) WHERE \(scope.predicate(column: "organization_path")) AND held_on >= \(bind: today.adding(days: -366).iso)
            """).first(decoding: Row.self)
        let list = SiteURL.meetings(.list).path
        var out = [
            item(row?.unclosed ?? 0, "cuộc họp đã qua ngày, chưa điểm danh và ghi kết quả", "meeting past its day, not yet recorded",
                 "meetings past their day, not yet recorded", list, urgent: true),
            item(row?.unscored ?? 0, "cuộc họp đã họp, chưa chấm điểm chất lượng", "held meeting not yet scored", "held meetings not yet scored", list, urgent: false),
        ]
        out.append(item(try await cellsWithoutRegularMeeting(), "chi bộ chưa lên lịch sinh hoạt thường kỳ tháng \(YearMonth(today).display)",
                        "cell without a regular meeting scheduled this month", "cells without a regular meeting scheduled this month", list, urgent: false))
        return out
    }

    /// The user's own cells (granted directly, not every cell below a
    /// committee) that have no regular meeting, scheduled or held, this month.
    private func cellsWithoutRegularMeeting() async throws -> Int {
        let cells = principal.grants.filter { AccessPolicy.allows($0.role, .manageMeetings) }.map(\.organizationId)
        guard !cells.isEmpty else { return 0 }
        struct Row: Decodable { let n: Int }
        let month = YearMonth(today)
        return try await db.sql.raw("""
            SELECT CAST(COUNT(*) AS BIGINT) AS n FROM \(ident: Organization.schema) o
            WHERE o.id IN \(SQLBind.group(cells)) AND o.kind IN \(SQLBind.group([OrganizationKind.cell.rawValue, OrganizationKind.grassrootsCell.rawValue]))
              AND o.closed_on IS NULL
              AND NOT EXISTS (SELECT 1 FROM \(ident: Meeting.schema) m WHERE m.organization_id = o.id AND m.kind = \(bind: MeetingKind.regular.rawValue)
                              AND m.status <> \(bind: MeetingStatus.cancelled.rawValue)
                              AND m.held_on >= \(bind: month.first.iso) AND m.held_on < \(bind: month.adding(months: 1).first.iso))
            """).first(decoding: Row.self)?.n ?? 0
    }

    // MARK: reviews

    /// The member's own self-assessments of open rounds not yet filled in,
    /// and, for the units reviewed or decided, forms waiting at their stage.
    func reviews() async throws -> [Item] {
        var out: [Item] = []
        if let memberId = principal.memberId {
            out += try await ownSelfAssessments(memberId)
        }
        for (permission, stage, vi, one, many) in [
            (Permission.reviewUnits, ReviewStage.selfAssessed, "phiếu tự đánh giá chờ chi bộ nhận xét", "self-assessment waiting for the cell's review",
             "self-assessments waiting for the cell's review"),
            (Permission.manageReviews, ReviewStage.unitReviewed, "phiếu chờ cấp ủy quyết định xếp loại", "review waiting for the committee's decision",
             "reviews waiting for the committee's decision"),
        ] {
            let scope = principal.scope(permission)
            guard !scope.isEmpty else { continue }
            struct Row: Decodable { let round_id: UUID; let n: Int }
            let rows = try await db.sql.raw("""
                SELECT mr.round_id, CAST(COUNT(*) AS BIGINT) AS n FROM \(ident: MemberReview.schema) mr
                JOIN \(ident: ReviewRound.schema) r ON r.id = mr.round_id
                WHERE r.status = \(bind: RoundStatus.open.rawValue) AND mr.stage = \(bind: stage.rawValue)
                  AND \(scope.predicate(SQLColumn("organization_path", table: "mr")))
                GROUP BY mr.round_id
                """).all(decoding: Row.self)
            let total = rows.reduce(0) { $0 + $1.n }
            // One round: straight to it; several: the list of rounds.
            let url = rows.count == 1 ? SiteURL.reviewRound(rows[0].round_id).path : SiteURL.reviews.path
            out.append(item(total, vi, one, many, url, urgent: false))
        }
        return out
    }

    private func ownSelfAssessments(_ memberId: UUID) async throws -> [Item] {
        struct Path: Decodable { let organization_path: String }
        guard let path = try await db.sql.select().column("organization_path").from(Member.schema).where("id", .equal, memberId)
            .first(decoding: Path.self)?.organization_path else { return [] }
        struct Row: Decodable { let id: UUID; let title: String; let self_to: String }
        let rounds = try await db.sql.raw("""
            SELECT r.id, r.title, r.self_to FROM \(ident: ReviewRound.schema) r
            WHERE r.status = \(bind: RoundStatus.open.rawValue) AND r.organization_path IN \(SQLBind.group(TaskTallies.chain(from: path)))
              AND r.self_from <= \(bind: today.iso)
              AND NOT EXISTS (SELECT 1 FROM \(ident: MemberReview.schema) mr WHERE mr.round_id = r.id AND mr.member_id = \(bind: memberId))
            ORDER BY r.self_to
            """).all(decoding: Row.self)
        return rounds.map { r in
            let until = LocalDate(parsing: r.self_to)
            let late = until.map { $0 < today } ?? false
            let due = until.map { language.pick(" (hạn \($0.display))", " (due \($0.display))") } ?? ""
            return Item(count: 1, label: language.pick("Tự đánh giá, xếp loại: ", "Self-assessment: ") + r.title + due,
                        url: SiteURL.reviewSelf(r.id, member: memberId).path, urgent: late)
        }
    }

    // MARK: pledges

    /// The member's own pledge items of this year not done and due within a week or past due.
    func pledgeItems() async throws -> [Item] {
        guard let memberId = principal.memberId else { return [] }
        struct Row: Decodable { let overdue: Int?; let soon: Int? }
        let soon = today.adding(days: Self.soonDays).iso
        let row = try await db.sql.raw("""
            SELECT CAST(SUM(CASE WHEN i.due_on < \(bind: today.iso) THEN 1 ELSE 0 END) AS BIGINT) AS overdue,
                   CAST(SUM(CASE WHEN i.due_on >= \(bind: today.iso) AND i.due_on <= \(bind: soon) THEN 1 ELSE 0 END) AS BIGINT) AS soon
            FROM \(ident: PledgeItem.schema) i JOIN \(ident: Pledge.schema) p ON p.id = i.pledge_id
            WHERE p.member_id = \(bind: memberId) AND p.year = \(bind: today.year) AND i.done_on IS NULL
            """).first(decoding: Row.self)
        let url = SiteURL.commitments(.pledge(member: memberId, year: today.year)).path
        return [
            item(row?.overdue ?? 0, "việc trong bản cam kết của tôi đã quá hạn", "item of my pledge past due", "items of my pledge past due", url, urgent: true),
            item(row?.soon ?? 0, "việc trong bản cam kết của tôi đến hạn trong \(Self.soonDays) ngày tới", "item of my pledge due within \(Self.soonDays) days",
                 "items of my pledge due within \(Self.soonDays) days", url, urgent: false),
        ]
    }

    // MARK: commitments

    /// Targets of the responsibility commitments the user's units report on,
    /// not yet assessed, whose date is past or within a fortnight.
    func commitmentTargets() async throws -> [Item] {
        let scope = principal.scope(.reviewUnits)
        guard !scope.isEmpty else { return [] }
        struct Row: Decodable { let overdue: Int?; let soon: Int? }
        let soon = today.adding(days: 14).iso
        let row = try await db.sql.raw("""
            SELECT CAST(SUM(CASE WHEN i.due_on < \(bind: today.iso) THEN 1 ELSE 0 END) AS BIGINT) AS overdue,
                   CAST(SUM(CASE WHEN i.due_on >= \(bind: today.iso) AND i.due_on <= \(bind: soon) THEN 1 ELSE 0 END) AS BIGINT) AS soon
            FROM \(ident: CommitmentIndicator.schema) i JOIN \(ident: Commitment.schema) c ON c.id = i.commitment_id
            WHERE c.status = \(bind: Commitment.open) AND i.assessed_value IS NULL AND i.due_on <= \(bind: soon)
              AND \(scope.predicate(SQLColumn("organization_path", table: "c")))
            """).first(decoding: Row.self)
        let url = SiteURL.commitments(.list).path
        return [
            item(row?.overdue ?? 0, "chỉ tiêu cam kết đã quá hạn, chưa đánh giá", "commitment target past its date, not yet assessed",
                 "commitment targets past their date, not yet assessed", url, urgent: true),
            item(row?.soon ?? 0, "chỉ tiêu cam kết đến hạn trong 14 ngày tới", "commitment target due within 14 days",
                 "commitment targets due within 14 days", url, urgent: false),
        ]
    }

    // MARK: notices

    /// Unread notices of the user's units; the list itself is one click away.
    func notices() async throws -> [Item] {
        let scope = principal.scope(.viewDocuments)
        guard !scope.isEmpty else { return [] }
        struct Row: Decodable { let n: Int }
        // Counted up to 1,000: past that the number says nothing more.
        let n = try await db.sql.raw("""
            SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT 1 FROM \(ident: Notice.schema)
            WHERE \(scope.predicate(column: "organization_path")) AND read_at IS NULL LIMIT 1000) AS unread
            """).first(decoding: Row.self)?.n ?? 0
        return [item(n, "thông báo chưa đọc", "unread notice", "unread notices", SiteURL.inbox.path + "#notices", urgent: false)]
    }

    // MARK: wording

    /// "3 nhiệm vụ …" in Vietnamese; "1 assignment …" / "3 assignments …" in English.
    private func item(_ count: Int, _ vi: String, _ one: String, _ many: String, _ url: String, urgent: Bool) -> Item {
        let label = language.pick("\(Self.number(count, .vi)) \(vi)", "\(Self.number(count, .en)) \(count == 1 ? one : many)")
        return Item(count: count, label: label, url: url, urgent: urgent && count > 0)
    }

    /// A whole number with the language's thousands separator: 14.707 / 14,707.
    static func number(_ n: Int, _ language: Language) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(language == .vi ? "." : ",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
