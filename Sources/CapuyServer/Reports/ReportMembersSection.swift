import CapuyCore
import Fluent
import Foundation
import SQLKit

/// VIII. Members: admitted, moved in and out, expelled in the period, and
/// the roll's structure by sex, ethnicity and age from the rollups.
struct ReportMembersSection: ReportSection {
    let key = "members"
    let title = "Công tác đảng viên"
    let titleEn = "Members"
    let permissions: [Permission] = [.viewMembers]

    func tables(_ ctx: ReportContext, _ span: ReportSpan) async throws -> [ReportTableDTO] {
        // The (admission_date, organization_path) index: a year's admissions, not the roll.
        let admitted = try await ctx.db.sql.counts("""
            SELECT CAST(COUNT(*) AS BIGINT) AS n FROM members
            WHERE \(ReportContext.within("admission_date", span)) AND \(ctx.inSubtree(column: "organization_path"))
            """, ["n"])["n"] ?? 0
        let from = SQLColumn("path", table: "fo"), to = SQLColumn("path", table: "too")
        let moves = try await ctx.db.sql.counts("""
            SELECT CAST(SUM(CASE WHEN \(ctx.inSubtree(from)) AND NOT (\(ctx.inSubtree(to))) THEN 1 ELSE 0 END) AS BIGINT) AS moved_out,
                   CAST(SUM(CASE WHEN \(ctx.inSubtree(to)) AND NOT (\(ctx.inSubtree(from))) THEN 1 ELSE 0 END) AS BIGINT) AS moved_in
            FROM transfers t JOIN organizations fo ON fo.id = t.from_organization_id JOIN organizations too ON too.id = t.to_organization_id
            WHERE \(ReportContext.within("t.transferred_on", span))
            """, ["moved_out", "moved_in"])
        let expelled = try await ctx.db.sql.counts("""
            SELECT CAST(COUNT(*) AS BIGINT) AS n FROM discipline_decisions
            WHERE \(ctx.inSubtree(column: "organization_path")) AND subject = 'member' AND form = \(bind: SanctionForm.expulsion.rawValue)
              AND status = 'decided' AND \(ReportContext.within("decided_on", span))
            """, ["n"])["n"] ?? 0
        let list = SiteURL.membersOf(ctx.id).path
        let changes: ReportTableDTO = .counts("members.changes", "Biến động đảng viên", "Changes in membership", [
            .count("members.admitted", "Kết nạp đảng viên mới", "New members admitted", admitted, link: list),
            .count("members.movedIn", "Chuyển sinh hoạt đến", "Transferred in", moves["moved_in"] ?? 0, link: list),
            .count("members.movedOut", "Chuyển sinh hoạt đi", "Transferred out", moves["moved_out"] ?? 0, link: list),
            .count("members.expelled", "Khai trừ (quyết định kỷ luật)", "Expelled (discipline decisions)", expelled,
                   link: SiteURL.inspections.path),
            ReportRowDTO(key: "members.deceased", label: "Từ trần, xóa tên", labelEn: "Deceased, removed from the list", values: [nil],
                         snapshot: true, note: "capuy chưa ghi nhận đảng viên từ trần hoặc xóa tên: số này lấy từ hồ sơ giấy.",
                         noteEn: "capuy does not yet record deceased or removed members: take this figure from the paper files."),
        ])
        let t = try await Rollups.tally(of: ctx.id, on: ctx.db)
        let ageYear = try await Rollups.ageYear(on: ctx.db)
        let dashboard = SiteURL.unitDashboard(ctx.id).path
        let share = { (part: Int) in t.members == 0 ? nil : Double(part) / Double(t.members) }
        let structure: ReportTableDTO = .counts("members.structure", "Cơ cấu đảng viên (đến ngày lập)", "The roll (at the date made)", [
            .count("members.total", "Tổng số đảng viên", "Members", t.members, snapshot: true, link: list),
            .count("members.full", "Chính thức", "Full members", t.fullMembers, indent: 1, snapshot: true, link: list),
            .count("members.probationary", "Dự bị", "Probationary members", t.probationaryMembers, indent: 1, snapshot: true, link: list),
            .count("members.women", "Nữ", "Women", t.women, snapshot: true, link: dashboard),
            .share("members.women.share", "Tỷ lệ nữ", "Share of women", share(t.women), indent: 1, snapshot: true),
            .count("members.minority", "Dân tộc thiểu số", "Ethnic minorities", t.minority, snapshot: true, link: dashboard),
            .share("members.minority.share", "Tỷ lệ dân tộc thiểu số", "Share of ethnic minorities", share(t.minority), indent: 1, snapshot: true),
        ] + AgeBand.allCases.map {
            .count("members.age.\($0)", "\($0.label) (tính theo năm \(ageYear))", "\($0.labelEn) (counted in \(ageYear))", t[$0], indent: 1,
                   snapshot: true, link: dashboard)
        })
        return [changes, structure]
    }
}
