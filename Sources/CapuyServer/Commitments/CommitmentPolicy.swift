import CapuyCore
import Foundation

/// Who may do what with commitments and pledges, decided from the user's
/// scopes alone, so every role can be checked without a database.
///
/// A commitment is read from either of its units; the committing unit
/// reports progress (reviewUnits); the level above sets it up, assesses and
/// reopens it (manageReviews). A pledge is written by the member herself or
/// by whoever reviews her unit (her cell's secretary), and read by them and
/// the organization board above; not by her fellow members: a pledge holds
/// her self-review and the commitments she did not keep.
struct CommitmentPolicy: Sendable {
    let view: Scope
    let report: Scope
    let manage: Scope
    let ownMemberId: UUID?

    init(view: Scope, report: Scope, manage: Scope, ownMemberId: UUID?) {
        self.view = view
        self.report = report
        self.manage = manage
        self.ownMemberId = ownMemberId
    }

    init(_ principal: Principal) {
        self.init(view: principal.scope(.viewOrganizations), report: principal.scope(.reviewUnits),
                  manage: principal.scope(.manageReviews), ownMemberId: principal.memberId)
    }

    func mayRead(unit: String, superior: String) -> Bool {
        [view, report, manage].contains { $0.contains(path: unit) || $0.contains(path: superior) }
    }

    func mayReport(unit: String) -> Bool { report.contains(path: unit) }

    /// Setting up needs the level above in scope, which holds the unit too.
    func maySetUp(superior: String) -> Bool { manage.contains(path: superior) }

    func mayAssess(superior: String) -> Bool { manage.contains(path: superior) }

    func mayReadPledge(of member: UUID, at path: String) -> Bool {
        mayWritePledge(of: member, at: path) || manage.contains(path: path)
    }

    func mayWritePledge(of member: UUID, at path: String) -> Bool {
        ownMemberId == member || report.contains(path: path)
    }
}
