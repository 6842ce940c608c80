import CapuyCore
import Fluent
import Foundation
import SQLKit

/// III. Citizens' cases handled in the subtree, the head's reception days
/// against the quota (R-REC-1), and the dialogues with their follow-ups.
struct ReportCasesSection: ReportSection {
    let key = "cases"
    let title = "Tiếp nhận, giải quyết đơn thư; tiếp công dân và đối thoại"
    let titleEn = "Citizens' cases, reception and dialogue"
    let permissions: [Permission] = [.handleCases]

    func tables(_ ctx: ReportContext, _ span: ReportSpan) async throws -> [ReportTableDTO] {
        let s = try await CaseStatistics(db: ctx.db, scope: ctx.scope(.handleCases), memberId: nil, today: ctx.today,
                                         longRunningDays: ctx.settings.caseLongRunningDays, calendar: ctx.calendar,
                                         acceptance: ctx.settings.caseTimeLimits.acceptance, within: ctx.unit.treePath)
            .compute(CaseStatisticsRange(from: span.from, to: span.to, period: .custom))
        let visible = SQLBinaryExpression(CaseVisibility.predicate(ctx.scope(.handleCases), memberId: nil), .and,
                                          ctx.inSubtree(column: "handling_path"))
        let escalated = try await ctx.db.sql.counts("""
            SELECT CAST(COUNT(*) AS BIGINT) AS n FROM cases WHERE \(visible) AND \(ReportContext.within("escalated_on", span))
            """, ["n"])["n"] ?? 0
        let stats = ReportLinks.caseStatistics(span)
        let handling: ReportTableDTO = .counts("cases.handling", "Tiếp nhận và giải quyết đơn thư", "Cases received and settled", [
            .count("cases.received", "Đơn thư tiếp nhận", "Cases received", s.total, link: stats),
            .count("cases.accepted", "Thụ lý trong kỳ", "Accepted in the period", s.accepted, link: stats),
            .count("cases.acceptedLate", "Thụ lý quá thời hạn", "Accepted after the time allowed", s.acceptedLate, indent: 1, link: stats),
            .count("cases.finished", "Giải quyết xong trong kỳ", "Settled in the period", s.finished, link: stats),
            .count("cases.onTime", "Đúng hạn", "On time", s.onTime, indent: 1, link: stats),
            .count("cases.settledLate", "Trễ hạn", "Late", s.settledLate, indent: 1, link: stats),
            .share("cases.onTime.share", "Tỷ lệ giải quyết đúng hạn", "On-time rate", s.onTimeRate),
            .count("cases.escalated", "Quá hạn, báo lên cấp trên", "Overdue and escalated to the level above", escalated,
                   link: ReportLinks.cases(filter: "escalated")),
            .count("cases.overdueNow", "Đang quá hạn (đến ngày lập)", "Overdue now (at the date made)", s.overdueTotal, snapshot: true,
                   link: ReportLinks.cases(filter: "overdue")),
            .count("cases.longRunningNow", "Tồn đọng, kéo dài (đến ngày lập)", "Long-running now (at the date made)", s.longRunningTotal,
                   snapshot: true, link: ReportLinks.cases(filter: "longRunning")),
        ])
        let channels: ReportTableDTO = .counts("cases.channel", "Đơn thư theo nguồn", "Cases by channel", s.byChannel.map {
            .count("cases.channel.\($0.key)", $0.label, $0.labelEn, $0.count, link: ReportLinks.cases(channel: $0.key))
        })
        let kinds: ReportTableDTO = .counts("cases.kind", "Đơn thư theo loại", "Cases by kind", s.byKind.map {
            .count("cases.kind.\($0.key)", $0.label, $0.labelEn, $0.count, link: ReportLinks.cases(kind: $0.key))
        })
        return [handling, channels, kinds, try await reception(ctx, span)]
    }

    private func reception(_ ctx: ReportContext, _ span: ReportSpan) async throws -> ReportTableDTO {
        let within = ReportContext.within("held_on", span)
        let own = try await ctx.db.sql.counts("""
            SELECT CAST(COUNT(DISTINCT held_on) AS BIGINT) AS days FROM reception_sessions
            WHERE organization_id = \(bind: ctx.id) AND \(within)
            """, ["days"])
        let sub = try await ctx.db.sql.counts("""
            SELECT CAST(COUNT(*) AS BIGINT) AS sessions, CAST(SUM(CASE WHEN extra = \(bind: true) THEN 1 ELSE 0 END) AS BIGINT) AS extra
            FROM reception_sessions WHERE \(ctx.inSubtree(column: "organization_path")) AND \(within)
            """, ["sessions", "extra"])
        let dialogues = try await ctx.db.sql.counts("""
            SELECT CAST(COUNT(DISTINCT d.id) AS BIGINT) AS held, CAST(COUNT(f.id) AS BIGINT) AS follow_ups,
              CAST(SUM(CASE WHEN f.done_on IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS done,
              CAST(SUM(CASE WHEN f.id IS NOT NULL AND f.done_on IS NULL AND f.due_on < \(bind: ctx.today.iso) THEN 1 ELSE 0 END) AS BIGINT) AS overdue
            FROM dialogues d LEFT JOIN dialogue_follow_ups f ON f.dialogue_id = d.id
            WHERE \(ctx.inSubtree(SQLColumn("organization_path", table: "d"))) AND \(ReportContext.within("d.held_on", span))
            """, ["held", "follow_ups", "done", "overdue"])
        let required = ctx.settings.receptionQuota.required(for: ctx.unit.kind) * span.monthsEnded(by: ctx.today, openedOn: ctx.unit.openedOn)
        var rows: [ReportRowDTO] = []
        if required > 0 {
            rows.append(.count("reception.headDays", "Ngày tiếp công dân của người đứng đầu cấp ủy", "Reception days by the committee's head",
                               own["days"] ?? 0, link: SiteURL.reception.path))
            rows.append(.count("reception.required", "Số ngày phải tiếp theo quy định (R-REC-1)", "Days required (R-REC-1)", required, indent: 1))
        }
        rows += [
            .count("reception.sessions", "Buổi tiếp công dân (toàn đảng bộ)", "Reception sessions (whole subtree)", sub["sessions"] ?? 0,
                   link: SiteURL.reception.path),
            .count("reception.extra", "Trong đó: tiếp đột xuất", "Of which extra sessions", sub["extra"] ?? 0, indent: 1, link: SiteURL.reception.path),
            .count("dialogues.held", "Buổi đối thoại", "Dialogues held", dialogues["held"] ?? 0, link: SiteURL.dialogues.path),
            .count("dialogues.followUps", "Việc cần giải quyết sau đối thoại", "Follow-ups of the dialogues", dialogues["follow_ups"] ?? 0, indent: 1,
                   link: SiteURL.dialogues.path),
            .count("dialogues.done", "Đã giải quyết", "Done", dialogues["done"] ?? 0, indent: 1, link: SiteURL.dialogues.path),
            .count("dialogues.overdue", "Quá hạn chưa giải quyết (đến ngày lập)", "Overdue (at the date made)", dialogues["overdue"] ?? 0,
                   indent: 1, link: SiteURL.dialogues.path),
        ]
        return .counts("cases.reception", "Tiếp công dân và đối thoại", "Reception and dialogue", rows)
    }
}
