@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 18: the year-end report, every figure checked against the counts
/// the test made while writing two years of a province's work.
@Suite("The year-end and term report")
struct YearReportTests {
    /// Two past years of activity: the report's year and the one before it,
    /// smaller, so that every change is visible. Returns the admin's token.
    static func twoYears(_ app: Application) async throws -> (DocWorld, ReportYear, ReportYear, String) {
        let w = try await DocWorld.make(app, terms: false)
        let year = w.today.year - 1
        let start = LocalDate(year: year - 1, month: 1, day: 1)!, end = LocalDate(year: year + 4, month: 12, day: 31)!
        for (org, token) in [(w.f.p, w.p), (w.f.a, w.a), (w.f.b, w.b)] { try await w.term(org, start, end, token: token) }
        // The units have stood since before both years: every month of each counts against the cadences.
        try await (app.db as! any SQLDatabase).raw("UPDATE organizations SET opened_on = \(bind: start.iso)").run()
        let admin = try await w.f.user(app, "quan-tri-tinh", .admin, at: w.f.p)
        var before = ReportYear(w: w, year: year - 1), now = ReportYear(w: w, year: year)
        for (i, y) in [0, 1].map({ $0 == 0 ? before : now }).enumerated() {
            var y = y
            let big = i == 1
            try await y.documents(resolutions: big ? 2 : 1, lateBReports: big)
            try await y.cases(letters: big ? 3 : 1, token: w.p)
            try await y.reception(days: big ? 5 : 2)
            let members = try await y.members(admitted: big ? 3 : 2)
            try await y.meetings(months: big ? 10 : 6, follower: members[0])
            try await y.ratings(excellent: big ? 3 : 1, good: big ? 12 : 8, fulfilled: 2, units: big ? 3 : 1)
            try await y.commitments(members: members)
            try await y.inspections(member: members[1])
            if big { now = y } else { before = y }
        }
        return (w, before, now, admin)
    }

    static func rows(_ r: ReportDTO) -> [String: (ReportRowDTO, ReportTableDTO)] {
        var out: [String: (ReportRowDTO, ReportTableDTO)] = [:]
        for s in r.sections { for t in s.tables { for row in t.rows { out[row.key] = (row, t) } } }
        return out
    }

    @Test("Every figure of P's year report equals the test's own count, beside last year's and the change")
    func everyFigure() async throws {
        try await TestApp.withApp { app in
            let (w, before, now, admin) = try await Self.twoYears(app)
            let res = try await w.get("/organizations/\(w.f.p.id!)/reports/year/\(now.year)", admin)
            try #require(res.status == .ok, "\(res.body.string)")
            let r = try res.content.decode(ReportDTO.self)
            #expect(r.period.from == "\(now.year)-01-01" && r.previous?.label == "Năm \(before.year)")
            #expect(r.sections.map(\.key) == ["documents", "program", "cases", "meetings", "reviews", "commitments", "inspection", "members"])
            #expect(r.sections.filter { !$0.shown }.isEmpty)
            let rows = Self.rows(r)
            // Every section's figures are among those checked.
            #expect(now.expected.count >= 55 && Set(now.expected.keys.map { String($0.prefix { $0 != "." }) }).count >= 12)
            for (key, value) in now.expected {
                let (row, _) = try #require(rows[key], "no row \(key)")
                let got = try #require(row.values.first ?? nil, "\(key) has no value")
                #expect(abs(got - value) < 1e-9, "\(key): \(got) ≠ \(value)")
                if let old = before.expected[key], !row.snapshot {
                    #expect(abs((row.previous ?? -1) - old) < 1e-9, "\(key) last year: \(String(describing: row.previous)) ≠ \(old)")
                    #expect(abs((row.change ?? -1) - (value - old)) < 1e-9, "\(key) change")
                }
            }
            // Every other count of the period is zero: nothing was counted that the test did not write.
            for (key, (row, table)) in rows where now.expected[key] == nil && !row.snapshot && row.text == nil && table.columns.count == 1 {
                guard table.format(of: row, column: 0) == .count else { continue }
                #expect(row.values.first == 0, "\(key) = \(String(describing: row.values.first)), expected 0")
            }
            // Tasks by receiving level: both went to communes, one on time, one late.
            let level = try #require(rows["tasks.level.communeCommittee"]?.0)
            #expect(level.values == [2, 1, 1, 0])
            // The roll, as it stands: the report's total is the members the test finds under P.
            let members = try await Member.query(on: app.db).filter(\.$organizationPath >= w.f.p.path).count()
            #expect(rows["members.total"]?.0.values == [Double(members)] && rows["members.total"]?.0.previous == nil)
            // The expected share of tasks on time: one of the two decided.
            #expect(rows["tasks.onTime.share"]?.0.values == [0.5])
            // The meetings link to the year's statistics, which the page shows for that period.
            let meetings = try #require(rows["meetings.regular"]?.0.link)
            #expect(meetings.hasSuffix("&tu=\(now.year)-01-01&den=\(now.year)-12-31"))
            let page = try await WebSession.get(app, meetings, cookie: try await WebSession.cookie(app, "quan-tri-tinh"))
            #expect(page.status == .ok && page.body.string.contains("01/01/\(now.year)") && page.body.string.contains("31/12/\(now.year)"))
            // Every figure with a list links to it; the documents to P's issued papers of the year.
            #expect(rows["documents.issued.resolution"]?.0.link == "/van-ban?coQuan=\(w.f.p.id!.uuidString)&tinhTrang=issued&nam=\(now.year)&loai=resolution")
        }
    }

    @Test("A commune's report counts its own subtree; sections outside the user's rights are named, not shown; other units are not found")
    func scopeAndSections() async throws {
        try await TestApp.withApp { app in
            let (w, _, now, _) = try await Self.twoYears(app)
            // A's office: A's report, without inspection (an office does not inspect).
            let res = try await w.get("/organizations/\(w.f.a.id!)/reports/year/\(now.year)", w.a)
            try #require(res.status == .ok, "\(res.body.string)")
            let r = try res.content.decode(ReportDTO.self)
            let inspection = try #require(r.sections.first { $0.key == "inspection" })
            #expect(!inspection.shown && inspection.tables.isEmpty && inspection.note != nil)
            let rows = Self.rows(r)
            // The move from A1 to B1 left A; A issued no resolution; A's one commitment was signed.
            #expect(rows["members.movedOut"]?.0.values == [1] && rows["members.movedIn"]?.0.values == [0])
            #expect(rows["documents.issued"]?.0.values == [1] && rows["documents.issued.plan"]?.0.values == [1])
            #expect(rows["commitments.signed"]?.0.values == [1] && rows["meetings.cells"]?.0.values == [2])
            // R-EVAL-6: ratings of a round still open are for those who review and decide; a viewer sees them once it closes.
            let round = try #require(try await SyntheticRatings.openRound(root: w.f.p.id!, year: now.year, on: app.db))
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE review_rounds SET status = 'open' WHERE id = \(bind: round.id!)").run()
            let viewer = try await w.f.user(app, "xem-tinh", .viewer, at: w.f.p)
            let early = Self.rows(try await w.get("/organizations/\(w.f.p.id!)/reports/year/\(now.year)", viewer).content.decode(ReportDTO.self))
            #expect(early["reviews.unpublished"] != nil && early["reviews.members.excellent"] == nil)
            try await sql.raw("UPDATE review_rounds SET status = 'closed' WHERE id = \(bind: round.id!)").run()
            let late = Self.rows(try await w.get("/organizations/\(w.f.p.id!)/reports/year/\(now.year)", viewer).content.decode(ReportDTO.self))
            #expect(late["reviews.unpublished"] == nil && late["reviews.members.excellent"]?.0.values == [3])
            // P's report and B's are not A's to read: the same 404 as for no unit.
            #expect(try await w.get("/organizations/\(w.f.p.id!)/reports/year/\(now.year)", w.a).status == .notFound)
            #expect(try await w.get("/organizations/\(w.f.b.id!)/reports/year/\(now.year)", w.a).status == .notFound)
            #expect(try await w.get("/organizations/\(UUID())/reports/year/\(now.year)", w.a).status == .notFound)
        }
    }

    @Test("A cadence counts the months ended, from the month after a unit opened mid-month (R-MEET-1, R-REC-1)")
    func monthsEnded() throws {
        let y2025 = try #require(ReportSpan.year(2025))
        let later = LocalDate(year: 2026, month: 12, day: 8)!, inside = LocalDate(year: 2025, month: 12, day: 8)!
        #expect(y2025.monthsEnded(by: later) == 12 && y2025.monthsEnded(by: inside) == 11)
        #expect(y2025.monthsEnded(by: later, openedOn: "2025-07-01") == 6 && y2025.monthsEnded(by: later, openedOn: "2025-07-15") == 5)
        #expect(y2025.monthsEnded(by: inside, openedOn: "2025-07-01") == 5 && y2025.monthsEnded(by: later, openedOn: "2026-02-01") == 0)
        #expect(y2025.monthsEnded(by: later, openedOn: "2025-12-02") == 0 && y2025.monthsEnded(by: later, openedOn: "not a date") == 12)
        #expect(y2025.monthsEnded(by: LocalDate(year: 2024, month: 5, day: 1)!) == 0)
    }

    @Test("Bad years and foreign terms are refused with a problem document, not a trap")
    func badInput() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let base = "/organizations/\(w.f.p.id!)/reports"
            for bad in ["abcd", "99999999999999999999", "-1", "1899", "\(w.today.year + 1)", "2025.5"] {
                let res = try await w.get("\(base)/year/\(bad)", w.p)
                #expect(res.status == .unprocessableEntity, "\(bad): \(res.status)")
                #expect(res.errorFields == ["year"], "\(bad)")
            }
            let aTerm = try #require(try await Term.query(on: app.db).filter(\.$organization.$id == w.f.a.id!).first())
            #expect(try await w.get("\(base)/term/\(aTerm.id!)", w.p).status == .notFound)
            #expect(try await w.get("\(base)/term/not-a-uuid", w.p).status == .notFound)
            let own = try #require(try await Term.query(on: app.db).filter(\.$organization.$id == w.f.p.id!).first())
            let term = try await w.get("\(base)/term/\(own.id!)", w.p)
            #expect(term.status == .ok)
            #expect(try term.content.decode(ReportDTO.self).kind == "term")
        }
    }
}
