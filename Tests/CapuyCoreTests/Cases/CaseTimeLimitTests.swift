import CapuyCore
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(parsing: s)! }

private let limits = CaseTimeLimits.standard
private let plain = WorkingCalendar()

private func due(_ track: CaseTrack, _ accepted: String, complex: Bool = false, remote: Bool = false,
                 extensions: Int = 0, calendar: WorkingCalendar = plain) -> LocalDate {
    limits.dueDate(track: track, accepted: d(accepted), complex: complex, remote: remote,
                   extensions: extensions, calendar: calendar)
}

private func extensionAllowed(_ track: CaseTrack, complex: Bool, done: Int) -> Bool {
    do {
        try limits.checkExtension(track: track, complex: complex, done: done)
        return true
    } catch {
        #expect(!error.message.isEmpty && !error.messageEn.isEmpty)
        return false
    }
}

@Suite("Case time limits")
struct CaseTimeLimitTests {
    @Test("Each kind follows its tracks, the usual one first")
    func tracks() {
        #expect(CaseTrack.tracks(for: .denunciation) == [.partyDenunciation, .stateDenunciation])
        #expect(CaseTrack.tracks(for: .complaint) == [.firstComplaint, .secondComplaint])
        #expect(CaseTrack.tracks(for: .petition) == [.feedback])
        #expect(CaseTrack.tracks(for: .report) == [.feedback])
    }

    @Test("R-CASE-2: a state denunciation has 30 calendar days, plus 30 per extension")
    func stateDenunciation() {
        let limit = limits.limit(.stateDenunciation)
        #expect(limit.normal == Span(30) && limit.extension_ == Span(30))
        #expect(due(.stateDenunciation, "23/11/2026") == d("23/12/2026"))
        #expect(due(.stateDenunciation, "23/11/2026", extensions: 1) == d("22/01/2027"))
        #expect(due(.stateDenunciation, "23/11/2026", complex: true, extensions: 2) == d("21/02/2027"))
        // Calendar days: holidays do not move it.
        let holidays = WorkingCalendar(holidays: [d("24/11/2026"), d("25/11/2026")])
        #expect(due(.stateDenunciation, "23/11/2026", calendar: holidays) == d("23/12/2026"))
    }

    @Test("R-CASE-2: a party denunciation has 90 working days plus one extension of 30 working days")
    func partyDenunciation() {
        let limit = limits.limit(.partyDenunciation)
        #expect(limit.normal == Span(90, .working) && limit.extension_ == Span(30, .working))
        #expect(due(.partyDenunciation, "23/11/2026") == d("29/03/2027"))
        // 1/1/2027 (a Friday) is a holiday: one day later.
        let vn = WorkingCalendar(holidays: WorkingCalendar.fixedHolidays(year: 2026).union(WorkingCalendar.fixedHolidays(year: 2027)))
        #expect(due(.partyDenunciation, "23/11/2026", calendar: vn) == d("30/03/2027"))
        #expect(due(.partyDenunciation, "23/11/2026", extensions: 1, calendar: vn) == d("12/05/2027"))
        // Tết 2027 entered by the office (04–10/02, five working days): five working days later.
        var tet = vn
        for offset in 0..<7 { tet.holidays.insert(d("04/02/2027").adding(days: offset)) }
        #expect(due(.partyDenunciation, "23/11/2026", calendar: tet) == d("06/04/2027"))
        // 02/03/2026 + 90 working days, holidays 30/4 and 1/5 → 08/07/2026; + 30 → 19/08/2026 (1 and 2/9 come after).
        let vn2026 = WorkingCalendar(holidays: WorkingCalendar.fixedHolidays(year: 2026))
        #expect(due(.partyDenunciation, "02/03/2026", calendar: vn2026) == d("08/07/2026"))
        #expect(due(.partyDenunciation, "02/03/2026", extensions: 1, calendar: vn2026) == d("19/08/2026"))
    }

    @Test("R-CASE-2: a state denunciation may be extended once, twice when especially complex")
    func stateExtensions() {
        #expect(extensionAllowed(.stateDenunciation, complex: false, done: 0))
        #expect(!extensionAllowed(.stateDenunciation, complex: false, done: 1))
        #expect(extensionAllowed(.stateDenunciation, complex: true, done: 0))
        #expect(extensionAllowed(.stateDenunciation, complex: true, done: 1))
        #expect(!extensionAllowed(.stateDenunciation, complex: true, done: 2))
        #expect(limits.limit(.stateDenunciation).extensionsAllowed(complex: false) == 1)
        #expect(limits.limit(.stateDenunciation).extensionsAllowed(complex: true) == 2)
    }

    @Test("R-CASE-2: a party denunciation may be extended once, complex or not")
    func partyExtensions() {
        for complex in [false, true] {
            #expect(extensionAllowed(.partyDenunciation, complex: complex, done: 0))
            #expect(!extensionAllowed(.partyDenunciation, complex: complex, done: 1))
        }
    }

    @Test("R-CASE-3: complaints (and petitions, reports) are never extended")
    func noComplaintExtensions() {
        for track in [CaseTrack.firstComplaint, .secondComplaint, .feedback] {
            for complex in [false, true] {
                #expect(!extensionAllowed(track, complex: complex, done: 0), "\(track)")
                #expect(limits.limit(track).extensionsAllowed(complex: complex) == 0)
            }
        }
        // Recorded extensions do not move a complaint's due date.
        #expect(due(.firstComplaint, "23/11/2026", extensions: 2) == d("23/12/2026"))
    }

    @Test("R-CASE-3: a first complaint has 30 days, 45 complex; remote areas 45, 60 complex")
    func firstComplaint() {
        let limit = limits.limit(.firstComplaint)
        #expect(limit.base(complex: false, remote: false) == Span(30))
        #expect(limit.base(complex: true, remote: false) == Span(45))
        #expect(limit.base(complex: false, remote: true) == Span(45))
        #expect(limit.base(complex: true, remote: true) == Span(60))
        #expect(due(.firstComplaint, "23/11/2026") == d("23/12/2026"))
        #expect(due(.firstComplaint, "23/11/2026", complex: true) == d("07/01/2027"))
        #expect(due(.firstComplaint, "23/11/2026", remote: true) == d("07/01/2027"))
        #expect(due(.firstComplaint, "23/11/2026", complex: true, remote: true) == d("22/01/2027"))
    }

    @Test("R-CASE-3: a second complaint has 45 days, 60 complex; remote areas 60, 70 complex")
    func secondComplaint() {
        let limit = limits.limit(.secondComplaint)
        #expect(limit.base(complex: false, remote: false) == Span(45))
        #expect(limit.base(complex: true, remote: false) == Span(60))
        #expect(limit.base(complex: false, remote: true) == Span(60))
        #expect(limit.base(complex: true, remote: true) == Span(70))
        #expect(due(.secondComplaint, "23/11/2026") == d("07/01/2027"))
        #expect(due(.secondComplaint, "23/11/2026", complex: true) == d("22/01/2027"))
        #expect(due(.secondComplaint, "23/11/2026", remote: true) == d("22/01/2027"))
        #expect(due(.secondComplaint, "23/11/2026", complex: true, remote: true) == d("01/02/2027"))
    }

    @Test("Petitions and reports: the office's own 30 days")
    func feedback() {
        #expect(due(.feedback, "23/11/2026") == d("23/12/2026"))
        #expect(due(.feedback, "23/11/2026", complex: true, remote: true) == d("23/12/2026"))
    }

    @Test("R-CASE-2, R-CASE-3: the limits are configurable data; a missing track falls back to 30 days")
    func configurable() throws {
        let custom = CaseTimeLimits(limits: [
            .partyDenunciation: TimeLimit(normal: Span(60, .working), extension_: Span(20, .working), maxExtensions: 2),
        ])
        let accepted = d("23/11/2026")
        #expect(custom.dueDate(track: .partyDenunciation, accepted: accepted, complex: false, remote: false,
                               extensions: 0, calendar: plain) == plain.adding(workingDays: 60, to: accepted))
        #expect(custom.dueDate(track: .partyDenunciation, accepted: accepted, complex: false, remote: false,
                               extensions: 2, calendar: plain) == plain.adding(workingDays: 100, to: accepted))
        try custom.checkExtension(track: .partyDenunciation, complex: false, done: 1)
        #expect(throws: CaseTimeLimits.ExtensionRefused.self) {
            try custom.checkExtension(track: .partyDenunciation, complex: false, done: 2)
        }
        #expect(custom.limit(.firstComplaint) == TimeLimit(normal: Span(30)))
        #expect(custom.dueDate(track: .firstComplaint, accepted: accepted, complex: true, remote: true,
                               extensions: 0, calendar: plain) == d("23/12/2026"))
    }

    @Test("Where a case stands: done on time or late, overdue, due soon within the warning days, on track")
    func standing() {
        let dueDay = d("23/12/2026")
        #expect(CaseStanding.of(due: nil, finished: nil, today: dueDay, warnDays: 5) == nil)
        #expect(CaseStanding.of(due: nil, finished: dueDay, today: dueDay, warnDays: 5) == nil)
        #expect(CaseStanding.of(due: dueDay, finished: d("23/12/2026"), today: d("10/01/2027"), warnDays: 5) == .doneOnTime)
        #expect(CaseStanding.of(due: dueDay, finished: d("01/12/2026"), today: d("10/01/2027"), warnDays: 5) == .doneOnTime)
        #expect(CaseStanding.of(due: dueDay, finished: d("24/12/2026"), today: d("24/12/2026"), warnDays: 5) == .doneLate)
        #expect(CaseStanding.of(due: dueDay, finished: nil, today: d("24/12/2026"), warnDays: 5) == .overdue)
        #expect(CaseStanding.of(due: dueDay, finished: nil, today: d("23/12/2026"), warnDays: 5) == .dueSoon)
        #expect(CaseStanding.of(due: dueDay, finished: nil, today: d("18/12/2026"), warnDays: 5) == .dueSoon)
        #expect(CaseStanding.of(due: dueDay, finished: nil, today: d("17/12/2026"), warnDays: 5) == .onTrack)
        #expect(CaseStanding.of(due: dueDay, finished: nil, today: d("22/12/2026"), warnDays: 0) == .onTrack)
        #expect(CaseStanding.of(due: dueDay, finished: nil, today: d("23/12/2026"), warnDays: 0) == .dueSoon)
    }
}
