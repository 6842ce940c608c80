import CapuyCore
import Testing

// DESIGN.md, Scope: grants are (role, organization); each role carries a fixed set of permissions.
@Suite("Access policy")
struct AccessPolicyTests {
    static let expected: [Role: Set<Permission>] = [
        .admin: Set(Permission.allCases),
        .organizationBoard: [.viewOrganizations, .manageOrganizations, .viewMembers, .manageMembers, .viewAudit,
                             .viewDocuments, .reportTasks, .manageReviews, .reviewUnits, .manageMeetings],
        .office: [.viewOrganizations, .viewMembers, .viewAudit, .viewDocuments, .manageDocuments, .reportTasks, .handleCases,
                  .reviewUnits, .manageMeetings],
        .inspection: [.viewOrganizations, .viewMembers, .viewAudit, .viewDocuments, .reportTasks, .handleCases, .inspect],
        .secretary: [.viewOrganizations, .viewMembers, .manageMembers, .viewDocuments, .manageDocuments, .reportTasks,
                     .reviewUnits, .manageMeetings],
        .massMobilization: [.viewOrganizations, .viewMembers, .viewDocuments, .reportTasks, .handleCases],
        .member: [.viewOrganizations, .viewMembers, .viewDocuments],
        .viewer: [.viewOrganizations, .viewMembers, .viewDocuments],
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

    @Test("Documents are issued by offices and cell secretaries; members and viewers only read them")
    func documents() {
        #expect(Role.allCases.filter { AccessPolicy.allows($0, .manageDocuments) } == [.admin, .office, .secretary])
        #expect(Role.allCases.allSatisfy { AccessPolicy.allows($0, .viewDocuments) })
        #expect(!AccessPolicy.allows(.member, .reportTasks) && !AccessPolicy.allows(.viewer, .reportTasks))
    }

    @Test("Cases are handled by offices, inspection and mass-mobilization boards; a secretary or member never sees citizens' letters")
    func caseHandlers() {
        #expect(Role.allCases.filter { AccessPolicy.allows($0, .handleCases) } == [.admin, .office, .inspection, .massMobilization])
    }

    @Test("R-EVAL-6: ratings are decided by the organization board (for its committee); cells record their own review steps")
    func reviews() {
        #expect(Role.allCases.filter { AccessPolicy.allows($0, .manageReviews) } == [.admin, .organizationBoard])
        #expect(Role.allCases.filter { AccessPolicy.allows($0, .reviewUnits) } == [.admin, .office, .organizationBoard, .secretary])
    }

    @Test("Meetings are kept by cells, offices and organization boards; inspection and discipline by inspection committees only")
    func meetingsAndInspection() {
        #expect(Role.allCases.filter { AccessPolicy.allows($0, .manageMeetings) } == [.admin, .office, .organizationBoard, .secretary])
        #expect(Role.allCases.filter { AccessPolicy.allows($0, .inspect) } == [.admin, .inspection])
    }
}
