import CapuyCore
import Fluent
import Foundation
import SQLKit

/// V. The year's decided ratings of members and units (R-EVAL-1), from the
/// rating rollups, and the excellent members against the quota (R-EVAL-5).
struct ReportReviewsSection: ReportSection {
    let key = "reviews"
    let title = "Kiểm điểm, đánh giá, xếp loại chất lượng"
    let titleEn = "Annual review and quality ranking"
    let permissions: [Permission] = [.viewMembers]

    func tables(_ ctx: ReportContext, _ span: ReportSpan) async throws -> [ReportTableDTO] {
        if let year = span.year { return try await oneYear(ctx, year) }
        return [try await byYear(ctx, span)]
    }

    private func oneYear(_ ctx: ReportContext, _ year: Int) async throws -> [ReportTableDTO] {
        let round = try await self.round(ctx, year)
        // As on the results page: those who review or decide see results as
        // they come in, everyone else once the round is closed and published.
        if let round, round.status != .closed, !ctx.allows(.reviewUnits), !ctx.allows(.manageReviews) {
            return [.counts("reviews.members", "Xếp loại đảng viên năm \(year)", "Members' ratings, \(year)", [
                ReportRowDTO(key: "reviews.unpublished", label: "Đảng viên được xếp loại", labelEn: "Members rated", values: [nil], snapshot: true,
                             note: "đợt đánh giá năm \(year) chưa kết thúc: kết quả công bố khi đóng đợt",
                             noteEn: "the \(year) round is still open: results are published when it closes"),
            ])]
        }
        let key = RatingRollups.Key(year: year, period: ReviewPeriod.year.rawValue)
        let t = try await RatingRollups.tallies(of: [ctx.id], key: key, on: ctx.db)[ctx.id] ?? .init()
        let link = round.map { SiteURL.reviewResults($0.id!, unit: ctx.id).path } ?? SiteURL.reviews.path
        func levels(_ who: String, _ counts: [Int]) -> [ReportRowDTO] {
            RatingLevel.allCases.enumerated().map { i, level in
                .count("reviews.\(who).\(level.rawValue)", level.label, level.labelEn, counts.indices.contains(i) ? counts[i] : 0, indent: 1,
                       link: link)
            }
        }
        let members = t.members, units = t.units
        let rated = members.reduce(0, +)
        let excellent = members.first ?? 0, good = members.count > 1 ? members[1] : 0
        // The policy's cap as the sentence names it: "20%".
        let cap = DisplayFormat.percent(ReviewPolicy.standard.excellentQuota, decimals: 0, .vi)
        let memberRows: [ReportRowDTO] = [.count("reviews.members.rated", "Đảng viên được xếp loại", "Members rated", rated, link: link)]
            + levels("members", members) + [
                .share("reviews.members.excellent.share", "Tỷ lệ hoàn thành xuất sắc trên số được xếp loại", "Excellent among those rated",
                       rated == 0 ? nil : Double(excellent) / Double(rated)),
                .share("reviews.members.quota.share",
                       "Số xuất sắc so với số hoàn thành tốt (giới hạn \(cap), R-EVAL-5, tính trong từng tổ chức cơ sở)",
                       "Excellent against good (cap \(cap), R-EVAL-5, applied within each grassroots organization)",
                       good == 0 ? nil : Double(excellent) / Double(good)),
            ]
        let unitRows: [ReportRowDTO] = [.count("reviews.units.rated", "Tổ chức đảng được xếp loại", "Party organizations rated", units.reduce(0, +),
                                               link: link)] + levels("units", units)
        return [.counts("reviews.members", "Xếp loại đảng viên năm \(year)", "Members' ratings, \(year)", memberRows),
                .counts("reviews.units", "Xếp loại tổ chức đảng năm \(year)", "Party organizations' ratings, \(year)", unitRows)]
    }

    /// A term: each year's member ratings on one line.
    private func byYear(_ ctx: ReportContext, _ span: ReportSpan) async throws -> ReportTableDTO {
        let years = try await RatingRollups.years(of: ctx.id, period: ReviewPeriod.year.rawValue, on: ctx.db)
            .filter { $0.year >= span.from.year && $0.year <= span.to.year }.sorted { $0.year < $1.year }
        var rows: [ReportRowDTO] = []
        for y in years {
            rows.append(ReportRowDTO(key: "reviews.year.\(y.year)", label: "Năm \(y.year)", labelEn: "\(y.year)",
                                     values: [Double(y.tally.members.reduce(0, +))] + y.tally.members.map { Double($0) },
                                     snapshot: true, link: try await resultsLink(ctx, y.year)))
        }
        return ReportTableDTO(key: "reviews.years", title: "Xếp loại đảng viên qua các năm", titleEn: "Members' ratings by year",
                              columns: [.init(label: "Được xếp loại", labelEn: "Rated", format: .count)]
                                + RatingLevel.allCases.map { .init(label: $0.label, labelEn: $0.labelEn, format: .count) },
                              rows: rows)
    }

    /// The year's round that covers the unit, if one ran.
    private func round(_ ctx: ReportContext, _ year: Int) async throws -> ReviewRound? {
        try await ReviewRound.query(on: ctx.db).filter(\.$year == year).filter(\.$periodRaw == ReviewPeriod.year.rawValue).all()
            .first { $0.covers(ctx.path) }
    }

    /// The results page of the year's round that covers the unit.
    private func resultsLink(_ ctx: ReportContext, _ year: Int) async throws -> String {
        try await round(ctx, year).map { SiteURL.reviewResults($0.id!, unit: ctx.id).path } ?? SiteURL.reviews.path
    }
}
