import CapuyCore
import Testing

/// Every allowed move, written out by hand from the workflow of issue 4:
/// received → accepted / refused / transferred → verifying → concluded →
/// submitter notified → closed, back to verifying on new evidence.
/// Anything not listed must be refused.
private let allowed: [CaseState: [CaseAction: CaseState]] = [
    .received: [.accept: .accepted, .refuse: .refused, .transfer: .transferred],
    .accepted: [.transfer: .transferred, .startVerifying: .verifying, .conclude: .concluded],
    .refused: [.close: .closed, .reopen: .verifying],
    .transferred: [.close: .closed],
    .verifying: [.conclude: .concluded],
    .concluded: [.notifySubmitter: .notified, .reopen: .verifying],
    .notified: [.close: .closed, .reopen: .verifying],
    .closed: [.reopen: .verifying],
]

@Suite("Case workflow")
struct CaseWorkflowTests {
    @Test("Every state × action pair is allowed or refused exactly as the table says")
    func exhaustive() {
        var allowedCount = 0
        for state in CaseState.allCases {
            for action in CaseAction.allCases {
                if let expected = allowed[state]?[action] {
                    allowedCount += 1
                    #expect((try? CaseWorkflow.next(from: state, action)) == expected, "\(state) \(action)")
                } else {
                    do {
                        let reached = try CaseWorkflow.next(from: state, action)
                        Issue.record("\(state) \(action) should be refused, went to \(reached)")
                    } catch {
                        #expect(error.from == state && error.action == action)
                    }
                }
            }
        }
        #expect(allowedCount == 15)
        #expect(CaseState.allCases.count * CaseAction.allCases.count == 64)
    }

    @Test("The actions offered from a state are the allowed ones, in the declared order")
    func actionsOffered() {
        for state in CaseState.allCases {
            let expected = CaseAction.allCases.filter { allowed[state]?[$0] != nil }
            #expect(CaseWorkflow.actions(from: state) == expected, "\(state)")
        }
        #expect(CaseWorkflow.actions(from: .received) == [.accept, .refuse, .transfer])
        #expect(CaseWorkflow.actions(from: .verifying) == [.conclude])
    }

    @Test("R-CASE-6: a conclusion cannot be closed before the submitter is told")
    func notifyBeforeClosing() {
        #expect((try? CaseWorkflow.next(from: .concluded, .close)) == nil)
        #expect((try? CaseWorkflow.next(from: .verifying, .close)) == nil)
        #expect((try? CaseWorkflow.next(from: .accepted, .close)) == nil)
        #expect((try? CaseWorkflow.next(from: .received, .close)) == nil)
    }

    @Test("The normal path runs from reception to closing and can be reopened")
    func happyPath() throws {
        var state = CaseState.received
        for action in [CaseAction.accept, .startVerifying, .conclude, .notifySubmitter, .close, .reopen, .conclude] {
            state = try CaseWorkflow.next(from: state, action)
        }
        #expect(state == .concluded)
    }

    @Test("Open states count against the limit; the limit runs from acceptance to conclusion")
    func openAndRunning() {
        let open = Set(CaseState.allCases.filter(\.isOpen))
        #expect(open == [.received, .accepted, .verifying, .concluded])
        let running = Set(CaseState.allCases.filter(\.isRunningAgainstLimit))
        #expect(running == [.accepted, .verifying])
        #expect(running.isSubset(of: open))
    }

    @Test("R-CASE-6: refusal, transfer and reopening carry a reason told to the submitter")
    func reasons() {
        #expect(Set(CaseAction.allCases.filter(\.needsReason)) == [.refuse, .transfer, .reopen])
    }

    @Test("A refused move explains itself with both labels")
    func message() {
        do {
            _ = try CaseWorkflow.next(from: .closed, .accept)
            Issue.record("closed cases cannot be accepted")
        } catch {
            #expect(error.message.contains(CaseState.closed.label))
            #expect(error.message.contains(CaseAction.accept.label.lowercased()))
            #expect(error.messageEn.contains("Closed") && error.messageEn.contains("accept"))
        }
    }

    @Test("Every state and action has distinct labels in both languages")
    func labels() {
        #expect(Set(CaseState.allCases.map(\.label)).count == CaseState.allCases.count)
        #expect(Set(CaseState.allCases.map(\.labelEn)).count == CaseState.allCases.count)
        #expect(Set(CaseAction.allCases.map(\.label)).count == CaseAction.allCases.count)
        #expect(Set(CaseAction.allCases.map(\.labelEn)).count == CaseAction.allCases.count)
    }
}
