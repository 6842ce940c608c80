import CapuyCore
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(parsing: s)! }

@Suite("Citizen reception rules")
struct ReceptionRulesTests {
    @Test("R-REC-1: a provincial head receives 1 day a month, a district head 1 (Quy định 11-QĐ/TW), a commune head 2; other levels have no rule")
    func required() {
        let quota = ReceptionQuota.standard
        #expect(quota.required(for: .provincialCommittee) == 1)
        #expect(quota.required(for: .districtCommittee) == 1)
        #expect(quota.required(for: .communeCommittee) == 2)
        for kind in OrganizationKind.allCases where ![.provincialCommittee, .districtCommittee, .communeCommittee].contains(kind) {
            #expect(quota.required(for: kind) == 0, "\(kind)")
        }
    }

    @Test("R-REC-1: the shortfall counts distinct days, never below zero")
    func shortfall() {
        let quota = ReceptionQuota.standard
        #expect(quota.shortfall(kind: .communeCommittee, sessionDays: []) == 2)
        #expect(quota.shortfall(kind: .communeCommittee, sessionDays: [d("05/11/2026")]) == 1)
        // Two sessions on the same day are one day of reception.
        #expect(quota.shortfall(kind: .communeCommittee, sessionDays: [d("05/11/2026"), d("05/11/2026")]) == 1)
        #expect(quota.shortfall(kind: .communeCommittee, sessionDays: [d("05/11/2026"), d("19/11/2026")]) == 0)
        #expect(quota.shortfall(kind: .communeCommittee, sessionDays: [d("05/11/2026"), d("12/11/2026"), d("19/11/2026")]) == 0)
        #expect(quota.shortfall(kind: .provincialCommittee, sessionDays: []) == 1)
        #expect(quota.shortfall(kind: .provincialCommittee, sessionDays: [d("15/11/2026")]) == 0)
        #expect(quota.shortfall(kind: .cell, sessionDays: []) == 0)
    }

    @Test("R-REC-1: the quota is configurable")
    func configurable() {
        let quota = ReceptionQuota(daysPerMonth: [.communeCommittee: 4])
        #expect(quota.required(for: .provincialCommittee) == 0)
        #expect(quota.shortfall(kind: .communeCommittee, sessionDays: [d("05/11/2026"), d("05/11/2026"), d("06/11/2026")]) == 2)
    }

    @Test("R-REC-2: a month runs from the 1st to its last day, February by leap year")
    func months() throws {
        let jan = try #require(ReportPeriod.month.range(year: 2026, index: 1))
        #expect(jan.from == d("01/01/2026") && jan.to == d("31/01/2026"))
        #expect(ReportPeriod.month.range(year: 2026, index: 2)?.to == d("28/02/2026"))
        #expect(ReportPeriod.month.range(year: 2024, index: 2)?.to == d("29/02/2024"))
        #expect(ReportPeriod.month.range(year: 2000, index: 2)?.to == d("29/02/2000"))
        #expect(ReportPeriod.month.range(year: 2100, index: 2)?.to == d("28/02/2100"))
        #expect(ReportPeriod.month.range(year: 2026, index: 4)?.to == d("30/04/2026"))
        #expect(ReportPeriod.month.range(year: 2026, index: 12)?.to == d("31/12/2026"))
        #expect(ReportPeriod.month.range(year: 2026, index: 0) == nil)
        #expect(ReportPeriod.month.range(year: 2026, index: 13) == nil)
    }

    @Test("R-REC-2: quarters end on 31/3, 30/6, 30/9 and 31/12")
    func quarters() {
        let expected = [("01/01/2026", "31/03/2026"), ("01/04/2026", "30/06/2026"),
                        ("01/07/2026", "30/09/2026"), ("01/10/2026", "31/12/2026")]
        for (index, (from, to)) in expected.enumerated() {
            let range = ReportPeriod.quarter.range(year: 2026, index: index + 1)
            #expect(range?.from == d(from) && range?.to == d(to), "Q\(index + 1)")
        }
        #expect(ReportPeriod.quarter.range(year: 2026, index: 0) == nil)
        #expect(ReportPeriod.quarter.range(year: 2026, index: 5) == nil)
    }

    @Test("R-REC-2: six months end on 30/6, nine on 30/9, the year on 31/12, all from 1/1")
    func cumulative() {
        let six = ReportPeriod.sixMonths.range(year: 2026, index: 0)
        #expect(six?.from == d("01/01/2026") && six?.to == d("30/06/2026"))
        let nine = ReportPeriod.nineMonths.range(year: 2026, index: 0)
        #expect(nine?.from == d("01/01/2026") && nine?.to == d("30/09/2026"))
        let year = ReportPeriod.year.range(year: 2024, index: 0)
        #expect(year?.from == d("01/01/2024") && year?.to == d("31/12/2024"))
        #expect(ReportPeriod.custom.range(year: 2026, index: 1) == nil)
    }

    @Test("R-REC-2: the months and the quarters each tile the year without gap or overlap")
    func tiling() throws {
        for (period, count) in [(ReportPeriod.month, 12), (.quarter, 4)] {
            var next = d("01/01/2028")
            for index in 1...count {
                let range = try #require(period.range(year: 2028, index: index))
                #expect(range.from == next, "\(period) \(index)")
                #expect(range.to >= range.from)
                next = range.to.adding(days: 1)
            }
            #expect(next == d("01/01/2029"))
        }
    }

    @Test("R-REC-2: the periods of reports: month, quarter, 6 and 9 months, year and ad hoc")
    func periods() {
        #expect(ReportPeriod.allCases == [.month, .quarter, .sixMonths, .nineMonths, .year, .custom])
    }
}
