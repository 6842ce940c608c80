import CapuyCore
import Foundation
import Vapor

/// What the API says about a unit; never the Fluent model itself.
struct OrganizationDTO: Content, Equatable {
    let id: UUID
    let code: String
    let name: String
    let kind: OrganizationKind
    let sector: Sector
    let parentId: UUID?
    let path: String
    let depth: Int
    let openedOn: String?
    let closedOn: String?
    let closureNote: String?
    /// The place the unit set for its papers (R-DOC-3); nil: the one its name implies.
    var placeName: String? = nil

    /// A unit's columns read as a plain row.
    struct Record: Decodable {
        let id: UUID, code: String, name: String, kind: String, sector: String, parent_id: UUID?, path: String, depth: Int
        let opened_on: String?, closed_on: String?, closure_note: String?
    }

    init(_ r: Record) {
        id = r.id
        code = r.code
        name = r.name
        kind = OrganizationKind(rawValue: r.kind) ?? .cell
        sector = Sector(rawValue: r.sector) ?? .other
        parentId = r.parent_id
        path = r.path
        depth = r.depth
        openedOn = r.opened_on
        closedOn = r.closed_on
        closureNote = r.closure_note
    }

    init(_ o: Organization) {
        id = o.id ?? UUID()
        code = o.code
        name = o.name
        kind = o.kind
        sector = o.sector
        parentId = o.$parent.id
        path = o.path
        depth = o.depth
        openedOn = o.openedOn
        closedOn = o.closedOn
        closureNote = o.closureNote
        placeName = o.placeName
    }
}

/// The units linked to one by reorganizations, both ways (issue 15).
struct OrganizationLineageDTO: Content {
    /// Closed units this one took over from.
    let predecessors: [OrganizationDTO]
    /// Units that took over from this one, in the order they were named.
    let successors: [OrganizationDTO]
}

/// Input for creating a unit (API JSON and the web form alike).
struct OrganizationCreateInput: Content {
    var parentId: UUID?
    var name: String
    var kind: String
    var sector: String?
    var code: String?
    var openedOn: String?
}

struct OrganizationUpdateInput: Content {
    var name: String?
    var sector: String?
    var code: String?
    /// A new kind that the parent can hold and that can hold the sub-units.
    var kind: String?
    /// The place its papers are dated at; empty gives back the one its name implies.
    var placeName: String?
}

struct OrganizationMoveInput: Content {
    var parentId: UUID
    /// The kind the unit takes in its new place, when the old one does not
    /// fit there (a cell moving under a commune committee becomes a
    /// grassroots cell); its id and history stay.
    var kind: String?
}

struct OrganizationCloseInput: Content {
    var closedOn: String
    var successorIds: [UUID]?
    var note: String?
}

/// Counts shown on a unit page, for the unit's whole subtree.
struct OrganizationCounts: Content, Equatable {
    var subUnits: Int
    var members: Int
    var fullMembers: Int
    var probationaryMembers: Int
    var women: Int
}

extension OrganizationCounts {
    init(_ t: UnitTally) {
        self.init(subUnits: t.openUnits, members: t.members, fullMembers: t.fullMembers,
                  probationaryMembers: t.probationaryMembers, women: t.women)
    }
}
