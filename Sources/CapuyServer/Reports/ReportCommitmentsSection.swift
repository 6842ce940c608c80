import CapuyCore
import Fluent
import Foundation
import SQLKit

/// VI. Responsibility commitments signed by the units of the subtree and
/// the targets they met; members' pledges and the items done.
struct ReportCommitmentsSection: ReportSection {
    let key = "commitments"
    let title = "Cam kết trách nhiệm và chương trình hành động của đảng viên"
    let titleEn = "Responsibility commitments and members' pledges"
    let permissions: [Permission] = [.reviewUnits, .manageReviews]

    func tables(_ ctx: ReportContext, _ span: ReportSpan) async throws -> [ReportTableDTO] {
        let years = SQLQueryString("c.year >= \(bind: span.from.year) AND c.year <= \(bind: span.to.year)")
        let c = try await ctx.db.sql.counts("""
            SELECT CAST(COUNT(*) AS BIGINT) AS signed, CAST(SUM(CASE WHEN c.status = \(bind: Commitment.assessed) THEN 1 ELSE 0 END) AS BIGINT) AS assessed,
              CAST(SUM(CASE WHEN c.status = \(bind: Commitment.assessed) AND c.overall_percent >= 100 THEN 1 ELSE 0 END) AS BIGINT) AS met
            FROM commitments c WHERE \(ctx.inSubtree(SQLColumn("organization_path", table: "c"))) AND \(years)
            """, ["signed", "assessed", "met"])
        let i = try await ctx.db.sql.counts("""
            SELECT CAST(COUNT(*) AS BIGINT) AS indicators, CAST(COUNT(i.percent) AS BIGINT) AS assessed,
              CAST(SUM(CASE WHEN i.percent >= 100 THEN 1 ELSE 0 END) AS BIGINT) AS met
            FROM commitment_indicators i JOIN commitments c ON c.id = i.commitment_id
            WHERE \(ctx.inSubtree(SQLColumn("organization_path", table: "c"))) AND \(years) AND c.status = \(bind: Commitment.assessed)
            """, ["indicators", "assessed", "met"])
        let pledgeYears = SQLQueryString("p.year >= \(bind: span.from.year) AND p.year <= \(bind: span.to.year)")
        let p = try await ctx.db.sql.counts("""
            SELECT CAST(COUNT(DISTINCT p.id) AS BIGINT) AS pledges,
              CAST(COUNT(DISTINCT CASE WHEN p.reviewed = \(bind: true) THEN p.id END) AS BIGINT) AS reviewed,
              CAST(COUNT(it.id) AS BIGINT) AS items, CAST(SUM(CASE WHEN it.done_on IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS done
            FROM pledges p LEFT JOIN pledge_items it ON it.pledge_id = p.id
            WHERE \(ctx.inSubtree(SQLColumn("organization_path", table: "p"))) AND \(pledgeYears)
            """, ["pledges", "reviewed", "items", "done"])
        let link = span.year.map { SiteURL.commitments(.year($0)).path } ?? SiteURL.commitments(.list).path
        let assessedIndicators = i["assessed"] ?? 0
        return [
            .counts("commitments.units", "Cam kết trách nhiệm của tổ chức đảng", "Units' responsibility commitments", [
                .count("commitments.signed", "Bản cam kết đã ký", "Commitments signed", c["signed"] ?? 0, link: link),
                .count("commitments.assessed", "Đã đánh giá kết quả", "Assessed", c["assessed"] ?? 0, indent: 1, link: link),
                .count("commitments.met", "Đạt toàn bộ chỉ tiêu (100% trở lên)", "Every target met (100% or more)", c["met"] ?? 0, indent: 1, link: link),
                .count("commitments.indicators", "Chỉ tiêu đã đánh giá", "Targets assessed", assessedIndicators, link: link),
                .count("commitments.indicatorsMet", "Chỉ tiêu đạt", "Targets met", i["met"] ?? 0, indent: 1, link: link),
                .share("commitments.indicatorsMet.share", "Tỷ lệ chỉ tiêu đạt", "Share of targets met",
                       assessedIndicators == 0 ? nil : Double(i["met"] ?? 0) / Double(assessedIndicators)),
            ]),
            .counts("commitments.pledges", "Chương trình hành động của đảng viên", "Members' pledges", [
                .count("pledges.made", "Đảng viên đăng ký chương trình hành động", "Members who pledged", p["pledges"] ?? 0, link: link),
                .count("pledges.reviewed", "Đã tự đánh giá cuối năm", "Reviewed at the year's end", p["reviewed"] ?? 0, indent: 1, link: link),
                .count("pledges.items", "Việc đăng ký", "Items pledged", p["items"] ?? 0, link: link),
                .count("pledges.done", "Đã thực hiện", "Done", p["done"] ?? 0, indent: 1, link: link),
                .share("pledges.done.share", "Tỷ lệ thực hiện", "Share done",
                       (p["items"] ?? 0) == 0 ? nil : Double(p["done"] ?? 0) / Double(p["items"] ?? 1)),
            ]),
        ]
    }
}
