import Foundation

/// A unit as a plan sees it: enough to check every row without the database.
public struct PlanUnit: Sendable, Hashable {
    public let id: UUID
    public var code: String
    public var name: String
    public var kind: OrganizationKind
    public var parent: UUID?
    public var closed: Bool
    public var openedOn: LocalDate?

    public init(id: UUID, code: String, name: String, kind: OrganizationKind, parent: UUID?, closed: Bool, openedOn: LocalDate? = nil) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.parent = parent
        self.closed = closed
        self.openedOn = openedOn
    }
}

/// A member of a unit being split, found by card number or id.
public struct PlanMember: Sendable, Hashable {
    public let id: UUID
    public let card: String?
    public let name: String

    public init(id: UUID, card: String?, name: String) {
        self.id = id
        self.card = card
        self.name = name
    }
}

/// What the database holds about the units a plan names, loaded once by the
/// server: the units, their ancestors and their open sub-units, the members
/// of split units, and the planner's scope.
public struct PlanSnapshot: Sendable {
    public var units: [UUID: PlanUnit] = [:]
    /// Codes, paths and ids (as text) of the loaded units.
    public var refs: [String: UUID] = [:]
    /// Units whose open sub-units are all in `units`.
    public var childrenLoaded: Set<UUID> = []
    /// Direct members of the units a plan splits.
    public var members: [UUID: [PlanMember]] = [:]
    /// How many members stand directly in each named unit.
    public var memberCounts: [UUID: Int] = [:]
    /// Open work (tasks, cases, commitments, meetings, rounds, follow
    /// assignments) held by each named unit, which a closing unit must hand on.
    public var openWork: [UUID: Int] = [:]
    /// Units strictly inside the planner's scope (acting on a unit is the business of the level above).
    public var manageable: Set<UUID> = []
    /// Units inside the planner's scope (parents and successors).
    public var reachable: Set<UUID> = []
    /// Codes the plan creates that the database already uses.
    public var usedCodes: Set<String> = []
    /// The effective date of the latest plan already applied to these units.
    public var latestApplied: LocalDate?

    public init() {}
}

/// One resolved change, in the order the apply runs them.
public enum PlanStep: Sendable, Hashable {
    case create(line: Int, id: UUID, code: String, name: String, kind: OrganizationKind, sector: Sector, parent: UUID)
    case move(line: Int, unit: UUID, parent: UUID, kind: OrganizationKind)
    case transfer(line: Int, members: [UUID], from: UUID, to: UUID)
    case rename(line: Int, unit: UUID, name: String)
    /// Closes a unit; its remaining members and its open work go to the first successor.
    case close(line: Int, unit: UUID, successors: [UUID], action: PlanAction)

    public var line: Int {
        switch self {
        case .create(let line, _, _, _, _, _, _), .move(let line, _, _, _), .transfer(let line, _, _, _),
             .rename(let line, _, _), .close(let line, _, _, _): line
        }
    }
}
