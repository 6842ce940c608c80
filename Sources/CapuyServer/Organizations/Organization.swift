import CapuyCore
import Fluent
import Foundation

/// A node of the party tree. Never deleted: it closes with a date and names
/// its successors, so history and old documents stay readable.
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    // data
    @Field(key: "name") var name: String
    @Field(key: "name_folded") var nameFolded: String
    @Field(key: "kind") var kindRaw: String
    @Field(key: "sector") var sectorRaw: String
    @OptionalField(key: "opened_on") var openedOn: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "closure_note") var closureNote: String?
    /// The place its documents are dated at, when the unit set one (`PlaceName`).
    @OptionalField(key: "place_name") var placeName: String?
    // tree
    @OptionalParent(key: "parent_id") var parent: Organization?
    @Field(key: "path") var path: String
    @Field(key: "depth") var depth: Int
    /// The last child ordinal handed out; never reused, so paths stay unique
    /// even after a child moves away.
    @Field(key: "child_seq") var childSeq: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var kind: OrganizationKind { OrganizationKind(rawValue: kindRaw) ?? .cell }
    var sector: Sector { Sector(rawValue: sectorRaw) ?? .other }
    var treePath: TreePath { TreePath(path) ?? TreePath.root(1)! }
    var isClosed: Bool { closedOn != nil }
}

/// Which units took over from a closed one (merge, split).
final class OrganizationSuccessor: Model, @unchecked Sendable {
    static let schema = "organization_successors"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Parent(key: "successor_id") var successor: Organization
    /// The order the successors were named in: the first takes the members.
    @Field(key: "position") var position: Int

    init() {}
    init(organizationID: UUID, successorID: UUID, position: Int) {
        self.$organization.id = organizationID
        self.$successor.id = successorID
        self.position = position
    }
}
