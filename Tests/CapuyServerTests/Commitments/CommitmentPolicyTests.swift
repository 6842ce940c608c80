@testable import CapuyServer
import CapuyCore
import Foundation
import Testing

/// The commitments policy for every role granted at commune A, against the
/// Fixture's shape: P above A and B, cell A1 under A, cell B1 under B.
@Suite("Commitments: who may do what")
struct CommitmentPolicyTests {
    static let p = TreePath.root(1)!
    static let a = p.child(1)!, a1 = a.child(1)!
    static let b = p.child(2)!, b1 = b.child(1)!
    static let herself = UUID()

    static func policy(_ role: Role) -> CommitmentPolicy {
        let grant = [GrantInfo(role: role, organizationId: UUID(), path: a)]
        let principal = Principal(userId: UUID(), username: "u", displayName: "u", sessionId: UUID(), grants: grant, memberId: herself)
        return CommitmentPolicy(principal)
    }

    static let reviewers: Set<Role> = [.admin, .office, .organizationBoard, .secretary]
    static let boards: Set<Role> = [.admin, .organizationBoard]

    @Test("Commitments: read from either unit, reported by the committing unit, set up and assessed from above", arguments: Role.allCases)
    func commitments(_ role: Role) {
        let x = Self.policy(role)
        #expect(x.mayRead(unit: Self.a1.value, superior: Self.a.value))
        #expect(x.mayRead(unit: Self.a.value, superior: Self.p.value), "A reads its own commitment to P")
        #expect(!x.mayRead(unit: Self.b1.value, superior: Self.b.value))
        #expect(x.mayReport(unit: Self.a1.value) == Self.reviewers.contains(role))
        #expect(x.mayReport(unit: Self.a.value) == Self.reviewers.contains(role))
        #expect(!x.mayReport(unit: Self.b1.value))
        #expect(x.mayAssess(superior: Self.a.value) == Self.boards.contains(role))
        #expect(x.maySetUp(superior: Self.a.value) == Self.boards.contains(role))
        #expect(!x.mayAssess(superior: Self.p.value), "A never assesses its own commitment to P")
        #expect(!x.maySetUp(superior: Self.p.value))
        #expect(!x.mayAssess(superior: Self.b.value))
    }

    @Test("Pledges: the member herself always; her unit's reviewers write and read; fellow members and viewers do not", arguments: Role.allCases)
    func pledges(_ role: Role) {
        let x = Self.policy(role)
        #expect(x.mayWritePledge(of: Self.herself, at: Self.b1.value), "her own, even outside every grant")
        #expect(x.mayReadPledge(of: Self.herself, at: Self.b1.value))
        let colleague = UUID()
        #expect(x.mayWritePledge(of: colleague, at: Self.a1.value) == Self.reviewers.contains(role))
        #expect(x.mayReadPledge(of: colleague, at: Self.a1.value) == Self.reviewers.contains(role))
        #expect(!x.mayWritePledge(of: colleague, at: Self.b1.value))
        #expect(!x.mayReadPledge(of: colleague, at: Self.b1.value))
    }
}
