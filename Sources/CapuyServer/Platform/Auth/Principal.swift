import CapuyCore
import Foundation
import Vapor

/// One grant as the access checks see it.
struct GrantInfo: Sendable, Equatable {
    let role: Role
    let organizationId: UUID
    let path: TreePath
}

extension GrantInfo {
    /// From stored values; nil for a role or path this version does not know.
    init?(roleRaw: String, organizationId: UUID, path: String) {
        guard let role = Role(rawValue: roleRaw), let path = TreePath(path) else { return nil }
        self.init(role: role, organizationId: organizationId, path: path)
    }
}

/// The signed-in user of a request, with the grants that make up every scope.
struct Principal: Authenticatable, Sendable {
    let userId: UUID
    let username: String
    let displayName: String
    let sessionId: UUID
    let grants: [GrantInfo]
    var memberId: UUID? = nil
    /// Read-only grants over the closed units the user's units took over
    /// from (issue 15); only the read-only permissions take them.
    var inherited: [GrantInfo] = []

    func scope(_ permission: Permission) -> Scope {
        scope(permission, inheriting: InheritedRecords.readOnly.contains(permission))
    }

    /// Where the user may read what an acting permission keeps (cases,
    /// reviews, meetings): its own scope plus the closed units its units took
    /// over from. Only reads use it; every change checks `scope`.
    func readScope(_ permission: Permission) -> Scope {
        scope(permission, inheriting: true)
    }

    private func scope(_ permission: Permission, inheriting: Bool) -> Scope {
        Scope((inheriting ? grants + inherited : grants).filter { AccessPolicy.allows($0.role, permission) }.map(\.path))
    }

    func may(_ permission: Permission) -> Bool { !scope(permission).isEmpty }

    /// Configuration shared by the whole tree (document-type abbreviations,
    /// the holiday calendar) is changed only by an administrator granted at
    /// a top unit, not by one whose grant covers a single commune.
    var administersWholeTree: Bool { scope(.manageUsers).roots.contains { $0.parent == nil } }

    var actor: Actor { Actor(userId: userId, name: username) }
}

extension Request {
    /// The signed-in user, or 401 (the web middleware redirects before this).
    var principal: Principal {
        get throws {
            guard let p = auth.get(Principal.self) else { throw Abort(.unauthorized) }
            return p
        }
    }

    var actor: Actor { auth.get(Principal.self)?.actor ?? .system }
}
