import CapuyCore
import Fluent
import Foundation
import SQLKit

/// IV. Cell meetings against the cadence (R-MEET-1), their levels and
/// scores, the cells no superior follows, and the meeting-quality survey.
struct ReportMeetingsSection: ReportSection {
    let key = "meetings"
    let title = "Sinh hoạt chi bộ và khảo sát chất lượng sinh hoạt"
    let titleEn = "Cell meetings and meeting-quality surveys"
    let permissions: [Permission] = [.viewOrganizations]

    private static let cellKinds = [OrganizationKind.cell.rawValue, OrganizationKind.grassrootsCell.rawValue]

    func tables(_ ctx: ReportContext, _ span: ReportSpan) async throws -> [ReportTableDTO] {
        let kinds = SQLGroupExpression(Self.cellKinds.map { SQLBind($0) as any SQLExpression })
        // Open cells by the day they opened: a few dates even nationally, and
        // each cell's cadence runs from its opening (R-MEET-1).
        let opened = try await ctx.db.sql.grouped("""
            SELECT opened_on AS k, CAST(COUNT(*) AS BIGINT) AS n FROM organizations
            WHERE \(ctx.inSubtree(column: "path")) AND kind IN \(kinds) AND closed_on IS NULL GROUP BY opened_on
            """)
        let cells = opened.values.reduce(0, +)
        var cellMonths = 0, cellQuarters = 0
        for (day, n) in opened {
            let months = span.monthsEnded(by: ctx.today, openedOn: day.isEmpty ? nil : day)
            cellMonths += n * months
            cellQuarters += n * (months / 3)
        }
        let held = try await ctx.db.sql.counts("""
            SELECT CAST(SUM(CASE WHEN kind = 'regular' THEN 1 ELSE 0 END) AS BIGINT) AS regular,
                   CAST(SUM(CASE WHEN kind = 'thematic' THEN 1 ELSE 0 END) AS BIGINT) AS thematic,
                   CAST(COUNT(score) AS BIGINT) AS scored,
                   CAST(COUNT(attendance_rate) AS BIGINT) AS rated
            FROM meetings WHERE \(ctx.inSubtree(column: "organization_path")) AND status = 'held' AND \(ReportContext.within("held_on", span))
            """, ["regular", "thematic", "scored", "rated"])
        struct Averages: Decodable { let score: Double?; let attendance: Double? }
        let averages = try await ctx.db.sql.raw("""
            SELECT AVG(score) AS score, AVG(attendance_rate) AS attendance
            FROM meetings WHERE \(ctx.inSubtree(column: "organization_path")) AND status = 'held' AND \(ReportContext.within("held_on", span))
            """).first(decoding: Averages.self)
        let levels = try await ctx.db.sql.grouped("""
            SELECT level AS k, CAST(COUNT(*) AS BIGINT) AS n FROM meetings
            WHERE \(ctx.inSubtree(column: "organization_path")) AND status = 'held' AND level IS NOT NULL AND \(ReportContext.within("held_on", span))
            GROUP BY level
            """)
        let followed = try await ctx.db.sql.counts("""
            SELECT CAST(COUNT(DISTINCT f.organization_id) AS BIGINT) AS n FROM follow_assignments f
            JOIN organizations o ON o.id = f.organization_id
            WHERE \(ctx.inSubtree(SQLColumn("organization_path", table: "f"))) AND o.kind IN \(kinds) AND o.closed_on IS NULL
              AND f.from_on <= \(bind: span.to.iso) AND f.to_on >= \(bind: span.from.iso)
            """, ["n"])["n"] ?? 0
        let link = SiteURL.meetings(.statistics(unit: ctx.id)).path + "&tu=\(span.from.iso)&den=\(min(span.to, ctx.today).iso)"
        let regular = held["regular"] ?? 0, thematic = held["thematic"] ?? 0
        var rows: [ReportRowDTO] = [
            .count("meetings.cells", "Chi bộ đang hoạt động (đến ngày lập)", "Cells open now", cells, snapshot: true, link: link),
            .count("meetings.regular", "Sinh hoạt thường kỳ đã họp", "Regular meetings held", regular, link: link),
            .count("meetings.regularExpected", "Theo quy định (mỗi chi bộ mỗi tháng, R-MEET-1)", "Required (each cell monthly, R-MEET-1)",
                   cellMonths, indent: 1),
            .share("meetings.regular.share", "Tỷ lệ so với quy định", "Share of the required", cellMonths == 0 ? nil : Double(regular) / Double(cellMonths),
                   indent: 1),
            .count("meetings.thematic", "Sinh hoạt chuyên đề đã họp", "Thematic meetings held", thematic, link: link),
            .count("meetings.thematicExpected", "Theo quy định (mỗi chi bộ mỗi quý)", "Required (each cell quarterly)", cellQuarters, indent: 1),
        ]
        for level in MeetingLevel.allCases {
            rows.append(.count("meetings.level.\(level.rawValue)", "Buổi họp xếp mức \(level.label)", "Meetings rated \(level.labelEn)",
                               levels[level.rawValue] ?? 0, indent: 1, link: link))
        }
        rows += [
            ReportRowDTO(key: "meetings.average.score", label: "Điểm bình quân một buổi sinh hoạt", labelEn: "Average score of a meeting",
                         values: [averages?.score.map { ($0 * 10).rounded() / 10 }], link: link),
            .share("meetings.attendance.share", "Tỷ lệ đảng viên dự họp bình quân", "Average attendance", averages?.attendance),
            .count("meetings.unfollowed", "Chi bộ chưa có cấp ủy viên cấp trên theo dõi", "Cells no superior follows", max(0, cells - followed),
                   link: SiteURL.meetings(.follows).path),
        ]
        let meetings = ReportTableDTO.counts("meetings.held", "Sinh hoạt chi bộ", "Cell meetings", rows)
        return [meetings] + (try await survey(ctx, span).map { [$0] } ?? [])
    }

    /// The survey rounds of the span that reach this unit: a round at or
    /// above it, counting only the evaluations inside its subtree.
    private func survey(_ ctx: ReportContext, _ span: ReportSpan) async throws -> ReportTableDTO? {
        let above = Set(Rollups.pathAndAncestors(ctx.path))
        let years = Array(span.from.year...max(span.from.year, span.to.year))
        let rounds = try await SurveyRound.query(on: ctx.db).filter(\.$year ~~ years).sort(\.$title).all()
            .filter { above.contains($0.organizationPath) || ctx.subtree.contains(path: $0.organizationPath) }
        guard !rounds.isEmpty else { return nil }
        let ids = SQLGroupExpression(rounds.map { SQLBind($0.id!) as any SQLExpression })
        let levels = try await ctx.db.sql.grouped("""
            SELECT level AS k, CAST(COUNT(*) AS BIGINT) AS n FROM survey_evaluations
            WHERE round_id IN \(ids) AND \(ctx.inSubtree(column: "organization_path")) GROUP BY level
            """)
        struct Average: Decodable { let total: Double?; let cells: Int64 }
        let avg = try await ctx.db.sql.raw("""
            SELECT AVG(total) AS total, CAST(COUNT(DISTINCT organization_id) AS BIGINT) AS cells FROM survey_evaluations
            WHERE round_id IN \(ids) AND \(ctx.inSubtree(column: "organization_path"))
            """).first(decoding: Average.self)
        let link = SiteURL.surveys(.list).path
        var rows: [ReportRowDTO] = [
            .words("surveys.rounds", "Đợt khảo sát", "Survey rounds", rounds.map(\.title).joined(separator: "; "), link: link),
            .count("surveys.cells", "Chi bộ được khảo sát", "Cells surveyed", Int(avg?.cells ?? 0), link: link),
        ]
        for level in MeetingLevel.allCases {
            rows.append(.count("surveys.level.\(level.rawValue)", "Đánh giá mức \(level.label)", "Rated \(level.labelEn)",
                               levels[level.rawValue] ?? 0, indent: 1, link: link))
        }
        rows.append(ReportRowDTO(key: "surveys.average.score", label: "Điểm khảo sát bình quân", labelEn: "Average survey score",
                                 values: [avg?.total.map { ($0 * 10).rounded() / 10 }], link: link))
        return .counts("meetings.survey", "Khảo sát chất lượng sinh hoạt chi bộ", "Meeting-quality survey", rows)
    }
}
