import CapuyCore
import Testing

// DESIGN.md, Scope: grants are (role, organization); each role carries a fixed set of permissions.
@Suite("Access policy")
struct AccessPolicyTests {
    static let expected: [Role: Set<Permission>] = [
        .admin: Set(Permission.allCases),
        .organizationBoard: [.viewOrganizations, .manageOrganizations, .viewMembers, .manageMembers, .viewAudit],
        .office: [.viewOrganizations, .viewMembers, .viewAudit],
        .inspection: [.viewOrganizations, .viewMembers, .viewAudit],
        .secretary: [.viewOrganizations, .viewMembers, .manageMembers],
        .massMobilization: [.viewOrganizations, .viewMembers],
        .member: [.viewOrganizations, .viewMembers],
        .viewer: [.viewOrganizations, .viewMembers],
    ]

    @Test("Every role × permission pair is as designed", arguments: Role.allCases)
    func matrix(_ role: Role) {
        for permission in Permission.allCases {
            #expect(AccessPolicy.allows(role, permission) == Self.expected[role]!.contains(permission),
                    "\(role) \(permission)")
        }
    }

    @Test("Only administrators manage accounts")
    func users() {
        #expect(Role.allCases.filter { AccessPolicy.allows($0, .manageUsers) } == [.admin])
    }
}
