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
        let overdue = try await cases.count(filter: "overdue", upTo: Self.countCap)
        let soon = try await cases.count(filter: "dueSoon", upTo: Self.countCap)
        return [
            item(overdue, "đơn thư đã quá hạn giải quyết", "case past its time limit", "cases past their time limit",
                 SiteURL.cases.path + "?filter=overdue", urgent: true),
            item(soon, "đơn thư sắp đến hạn giải quyết", "case near its time limit", "cases near their time limit",
                 SiteURL.cases.path + "?filter=dueSoon", urgent: false),
        ]
    }

    /// Units in the case handlers' scope that have held fewer citizen
    /// reception days this month than R-REC-1 asks, counted up to
    /// `countCap` in one query: the (kind, path) index gives the few
    /// thousand committees of the country, and each one's days this month
    /// come from its sessions' (path, day) index.
    func receptionShortfalls() async throws -> [Item] {
        let scope = principal.scope(.handleCases)
        guard let receptionQuota, !scope.isEmpty else { return [] }
        let kinds = receptionQuota.daysPerMonth.filter { $0.value > 0 }.sorted { $0.key.rawValue < $1.key.rawValue }
        guard !kinds.isEmpty else { return [] }
        // Kinds are the enum's own names and days are numbers from the settings, not input.
        let required = "CASE o.kind " + kinds.map { "WHEN '\($0.key.rawValue)' THEN \($0.value)" }.joined(separator: " ") + " ELSE 0 END"
        let month = YearMonth(today)
        let n = try await bounded(in: Organization.schema, as: "o", where: """
            o.kind IN \(SQLBind.group(kinds.map(\.key.rawValue))) AND o.closed_on IS NULL AND \(scope.predicate(SQLColumn("path", table: "o")))
            AND (SELECT COUNT(DISTINCT s.held_on) FROM \(ident: ReceptionSession.schema) s WHERE s.organization_path = o.path
                 AND s.held_on >= \(bind: month.first.iso) AND s.held_on < \(bind: month.adding(months: 1).first.iso)) < \(unsafeRaw: required)
            """)
        return [item(n, "đơn vị chưa đủ ngày tiếp công dân tháng \(month.display)",
                     "unit short of citizen reception days this month", "units short of citizen reception days this month",
                     SiteURL.reception.path, urgent: false)]
    }

    // MARK: meetings

    /// Meetings in scope whose day has passed and that were neither held
    /// nor cancelled (marking one held is what scores it), and the user's
    /// own cells with no regular meeting this month.
    func meetings() async throws -> [Item] {
        let scope = principal.scope(.manageMeetings)
        guard !scope.isEmpty else { return [] }
        // Read by (status, day): meetings still "scheduled" are few, held ones many.
        let unclosed = try await bounded(in: Meeting.schema, where: """
            status = \(bind: MeetingStatus.scheduled.rawValue) AND held_on < \(bind: today.iso)
            AND held_on >= \(bind: today.adding(days: -366).iso) AND \(scope.predicate(column: "organization_path"))
            """)
        let list = SiteURL.meetings(.list).path
        return [
            item(unclosed, "cuộc họp đã qua ngày, chưa ghi kết quả và chấm điểm", "meeting past its day, not yet recorded and scored",
                 "meetings past their day, not yet recorded and scored", list, urgent: true),
            item(try await cellsWithoutRegularMeeting(), "chi bộ chưa lên lịch sinh hoạt thường kỳ tháng \(YearMonth(today).display)",
                 "cell without a regular meeting scheduled this month", "cells without a regular meeting scheduled this month", list, urgent: false),
        ]
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
        // Read once for both stages, and only for those who review or decide.
        let reviewing = !principal.scope(.reviewUnits).isEmpty || !principal.scope(.manageReviews).isEmpty
        let open = reviewing ? try await openRounds() : []
        for (permission, stage, vi, one, many) in [
            (Permission.reviewUnits, ReviewStage.selfAssessed, "phiếu tự đánh giá chờ chi bộ nhận xét", "self-assessment waiting for the cell's review",
             "self-assessments waiting for the cell's review"),
            (Permission.manageReviews, ReviewStage.unitReviewed, "phiếu chờ cấp ủy quyết định xếp loại", "review waiting for the committee's decision",
             "reviews waiting for the committee's decision"),
        ] {
            let scope = principal.scope(permission)
            guard !scope.isEmpty else { continue }
            // Round by round, each count bounded and read from the (round, stage, path)
            // index: a national round holds five million forms, and one grouped count
            // over them took 1.2 s.
            var total = 0, rounds: [UUID] = []
            for round in open {
                let n = try await bounded(in: MemberReview.schema, where: """
                    round_id = \(bind: round) AND stage = \(bind: stage.rawValue) AND \(scope.predicate(column: "organization_path"))
                    """)
                if n > 0 { total += n; rounds.append(round) }
            }
            // One round: straight to it; several: the list of rounds.
            let url = rounds.count == 1 ? SiteURL.reviewRound(rounds[0]).path : SiteURL.reviews.path
            out.append(item(min(total, Self.countCap), vi, one, many, url, urgent: false))
        }
        return out
    }

    /// The open review rounds, at most 20 (a year has one or two).
    private func openRounds() async throws -> [UUID] {
        struct Row: Decodable { let id: UUID }
        return try await db.sql.select().column("id").from(ReviewRound.schema).where("status", .equal, RoundStatus.open.rawValue)
            .limit(20).all(decoding: Row.self).map(\.id)
    }

    /// Counts past which a line says "1.000+": past that the number changes nothing one does today.
    static let countCap = 1_000

    /// The rows of `table` matching `condition`, counted up to `countCap`.
    private func bounded(in table: String, as alias: String = "t", where condition: SQLQueryString) async throws -> Int {
        try await db.sql.boundedCount(in: table, as: alias, where: condition, upTo: Self.countCap)
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
        let n = try await bounded(in: Notice.schema, where: "\(scope.predicate(column: "organization_path")) AND read_at IS NULL")
        return [item(n, "thông báo chưa đọc", "unread notice", "unread notices", SiteURL.inbox.path + "#notices", urgent: false)]
    }

    // MARK: wording

    /// "3 nhiệm vụ …" in Vietnamese; "1 assignment …" / "3 assignments …" in English.
    private func item(_ count: Int, _ vi: String, _ one: String, _ many: String, _ url: String, urgent: Bool) -> Item {
        let plus = count >= Self.countCap ? "+" : ""
        let label = language.pick("\(DisplayFormat.whole(count, .vi))\(plus) \(vi)", "\(DisplayFormat.whole(count, .en))\(plus) \(count == 1 ? one : many)")
        return Item(count: count, label: label, url: url, urgent: urgent && count > 0)
    }
}

/// The home's counts at the national root (issue 17): forms waiting at a
/// stage of a round, read by (round, stage, path) instead of every form of
/// the round; meetings by (status, day); committees by (kind, path).
struct AddTodayIndexes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.create(index: "member_reviews_stage").on(MemberReview.schema)
            .column("round_id").column("stage").column("organization_path").run()
        try await db.sql.create(index: "meetings_status").on(Meeting.schema).column("status").column("held_on").run()
        try await db.sql.create(index: "organizations_kind").on(Organization.schema).column("kind").column("path").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "organizations_kind").run()
        try await db.sql.drop(index: "meetings_status").run()
        try await db.sql.drop(index: "member_reviews_stage").run()
    }
}
