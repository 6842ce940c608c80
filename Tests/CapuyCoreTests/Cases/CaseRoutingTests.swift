import CapuyCore
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(parsing: s)! }
private func p(_ s: String) -> TreePath { TreePath(s)! }

@Suite("Case routing")
struct CaseRoutingTests {
    @Test("A denunciation about a unit's leadership goes to the level above")
    func leadershipGoesUp() {
        #expect(CaseRouting.competentUnit(kind: .denunciation, subjectPath: p("0001.0002.0003"), subjectIsLeadership: true)
            == p("0001.0002"))
        #expect(CaseRouting.competentUnit(kind: .denunciation, subjectPath: p("0001.0002"), subjectIsLeadership: true)
            == p("0001"))
    }

    @Test("The top of the tree has no level above and handles its own")
    func topStays() {
        #expect(CaseRouting.competentUnit(kind: .denunciation, subjectPath: p("0001"), subjectIsLeadership: true) == p("0001"))
    }

    @Test("Cases not about the leadership stay at the subject unit; about it, every kind goes up (R-CASE-5, issue 14, item 3)")
    func othersStay() {
        let subject = p("0001.0002.0003")
        #expect(CaseRouting.competentUnit(kind: .denunciation, subjectPath: subject, subjectIsLeadership: false) == subject)
        for kind in [CaseKind.petition, .report, .complaint] {
            #expect(CaseRouting.competentUnit(kind: kind, subjectPath: subject, subjectIsLeadership: false) == subject, "\(kind)")
            #expect(CaseRouting.competentUnit(kind: kind, subjectPath: subject, subjectIsLeadership: true) == p("0001.0002"), "\(kind)")
        }
    }

    @Test("R-CASE-5: an anonymous or false-name denunciation is kept as a report")
    func anonymousDenunciation() {
        #expect(CaseRouting.effectiveKind(.denunciation, hasIdentity: false) == .report)
        #expect(CaseRouting.effectiveKind(.denunciation, hasIdentity: true) == .denunciation)
        for kind in [CaseKind.petition, .report, .complaint] {
            #expect(CaseRouting.effectiveKind(kind, hasIdentity: false) == kind)
            #expect(CaseRouting.effectiveKind(kind, hasIdentity: true) == kind)
        }
        #expect(CaseKind.allCases.filter(\.identityRequiredToProcess) == [.denunciation])
    }

    @Test("An open case is long-running once more than the threshold of days have passed")
    func longRunning() {
        let received = d("01/01/2026")
        #expect(LongRunning.defaultThresholdDays == 90)
        #expect(!LongRunning.isLongRunning(received: received, today: d("01/04/2026"), open: true, thresholdDays: 90))  // 90 days
        #expect(LongRunning.isLongRunning(received: received, today: d("02/04/2026"), open: true, thresholdDays: 90))   // 91 days
        #expect(!LongRunning.isLongRunning(received: received, today: d("02/04/2027"), open: false, thresholdDays: 90))
        #expect(LongRunning.isLongRunning(received: received, today: d("01/02/2026"), open: true, thresholdDays: 30))
    }

    @Test("R-CASE-1: cases come from the portal, voters, elected bodies, letters, the press and reception")
    func channels() {
        #expect(Set(CaseChannel.allCases) == [.portal, .voters, .electedBody, .letter, .press, .reception])
        #expect(Set(CaseChannel.allCases.map(\.label)).count == 6)
        #expect(Set(CaseKind.allCases.map(\.label)) == ["Kiến nghị", "Phản ánh", "Khiếu nại", "Tố cáo"])
        #expect(Set(CaseTopic.allCases.map(\.label)).count == CaseTopic.allCases.count)
    }
}
