import CapuyCore
import Fluent
import Foundation
import Vapor

struct GrantDTO: Content, Equatable {
    let id: UUID
    let role: Role
    let organizationId: UUID
}

struct UserDTO: Content, Equatable {
    let id: UUID
    let username: String
    let displayName: String
    let active: Bool
    let grants: [GrantDTO]
}

struct UserCreateInput: Content {
    var username: String
    var displayName: String
    var password: String
    var role: String
    var organizationId: UUID
    /// The member the account belongs to (optional).
    var memberId: UUID? = nil
}

struct GrantInput: Content {
    var role: String
    var organizationId: UUID
}

/// Accounts and their grants. An administrator can only grant roles over
/// units inside her own subtree, so nobody can hand out more than she has.
struct UserService {
    let db: any Database
    let actor: Actor
    let hasher: PasswordHasher

    /// Users holding at least one grant inside the scope.
    func list(in scope: Scope) async throws -> [User] {
        let grants = try await scope.filter(Grant.query(on: db), \.$organizationPath).all()
        let ids = Set(grants.map { $0.$user.id })
        guard !ids.isEmpty else { return [] }
        let users = try await User.query(on: db).filter(\.$id ~~ ids).with(\.$grants).sort(\.$username).all()
        return users.map { Self.restrictGrants($0, to: scope) }
    }

    /// An administrator sees only the grants inside her own scope: the names
    /// and ids of units elsewhere are not hers to learn.
    static func restrictGrants(_ user: User, to scope: Scope) -> User {
        user.$grants.value = (user.$grants.value ?? []).filter { scope.contains(path: $0.organizationPath) }
        return user
    }

    func find(_ id: UUID, in scope: Scope) async throws -> User {
        guard let user = try await User.query(on: db).filter(\.$id == id).with(\.$grants).first(),
              user.grants.contains(where: { scope.contains(path: $0.organizationPath) }) else { throw Refusal.notFound }
        return Self.restrictGrants(user, to: scope)
    }

    func create(_ input: UserCreateInput, scope: Scope?) async throws -> User {
        var c = IssueCollector()
        let username = input.username.trimmingCharacters(in: .whitespaces).lowercased()
        if !(3...40).contains(username.count) || !username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            c.add("username", "Tên đăng nhập gồm 3–40 chữ cái không dấu, chữ số hoặc . _ -", en: "A username is 3–40 plain letters, digits or . _ -")
        } else if try await User.query(on: db).filter(\.$username == username).count() > 0 {
            c.add("username", "Tên đăng nhập “\(username)” đã có.", en: "The username “\(username)” is taken.")
        }
        let displayName = VietnameseText.normalizeSpaces(input.displayName)
        if displayName.isEmpty || displayName.count > 100 {
            c.add("displayName", "Tên hiển thị không được để trống (tối đa 100 ký tự).", en: "A display name is required (at most 100 characters).")
        }
        if let problem = PasswordHasher.problems(with: input.password) {
            c.add("password", problem, en: "The password must be 10 to 72 characters long.")
        }
        let role = Role(rawValue: input.role)
        if role == nil { c.add("role", "Vai trò không hợp lệ.", en: "Unknown role.") }
        try c.throwIfAny()
        let hash = try await hasher.hash(input.password)
        return try await db.write(as: actor) { tx, trail in
            let org = try await Self.grantableUnit(input.organizationId, scope: scope, on: tx)
            let user = User()
            user.id = UUID()
            user.username = username
            user.displayName = displayName
            user.passwordHash = hash
            user.active = true
            if let memberId = input.memberId {
                guard let member = try await Member.find(memberId, on: tx), scope?.contains(path: member.organizationPath) ?? true else {
                    throw ValidationFailure(field: "memberId", "Không tìm thấy đảng viên này trong phạm vi của bạn.",
                                            en: "No such member in your scope.")
                }
                user.memberId = memberId
            }
            try await user.create(on: tx)
            let grant = try await Self.addGrant(userID: user.id!, role: role!, org: org, on: tx)
            trail.record("user.create", entity: "user", id: user.id!, path: org.path,
                         after: UserDTO(id: user.id!, username: username, displayName: displayName, active: true,
                                        grants: [GrantDTO(grant)]))
            return user
        }
    }

    func grant(_ userID: UUID, _ input: GrantInput, scope: Scope) async throws -> Grant {
        guard let role = Role(rawValue: input.role) else {
            throw ValidationFailure(field: "role", "Vai trò không hợp lệ.", en: "Unknown role.")
        }
        _ = try await find(userID, in: scope)
        return try await db.write(as: actor) { tx, trail in
            let org = try await Self.grantableUnit(input.organizationId, scope: scope, on: tx)
            let exists = try await Grant.query(on: tx).filter(\.$user.$id == userID)
                .filter(\.$organization.$id == org.id!).filter(\.$roleRaw == role.rawValue).count()
            if exists > 0 {
                throw ValidationFailure(field: "role", "Người dùng đã có vai trò này tại đơn vị này.", en: "The user already holds this role there.")
            }
            let grant = try await Self.addGrant(userID: userID, role: role, org: org, on: tx)
            trail.record("grant.create", entity: "user", id: userID, path: org.path, after: GrantDTO(grant))
            return grant
        }
    }

    func revoke(_ userID: UUID, grantID: UUID, scope: Scope) async throws {
        try await db.write(as: actor) { tx, trail in
            guard let grant = try await Grant.find(grantID, on: tx), grant.$user.id == userID,
                  scope.contains(path: grant.organizationPath) else { throw Refusal.notFound }
            if grant.role == .admin { try await Self.keepAnAdministrator(over: grant, on: tx) }
            try await grant.delete(on: tx)
            trail.record("grant.delete", entity: "user", id: userID, path: grant.organizationPath,
                         before: GrantDTO(grant), after: Optional<GrantDTO>.none)
        }
    }

    /// Someone must still administer the unit once this grant is gone: an
    /// active account with an administrator grant there or above. Otherwise
    /// the last administrator could lock everyone out of the accounts of the
    /// unit for good (issue 14, item 7). Checked inside the revoking
    /// transaction, so two administrators revoking each other cannot both win.
    static func keepAnAdministrator(over grant: Grant, on db: any Database) async throws {
        guard let path = TreePath(grant.organizationPath) else { return }
        let others = try await Grant.query(on: db).filter(\.$roleRaw == Role.admin.rawValue).filter(\.$id != grant.id!)
            .join(User.self, on: \Grant.$user.$id == \User.$id).filter(User.self, \.$active == true).all()
        guard !others.contains(where: { Scope([TreePath($0.organizationPath)].compactMap { $0 }).contains(path) }) else { return }
        throw Refusal(.conflict, "Không thể thu hồi quyền quản trị cuối cùng của đơn vị này: hãy cấp quyền quản trị cho người khác trước.",
                      en: "This is the unit's last administrator grant: grant the role to someone else first.")
    }

    static func grantableUnit(_ id: UUID, scope: Scope?, on db: any Database) async throws -> Organization {
        guard let org = try await Organization.find(id, on: db), scope?.contains(path: org.path) ?? true else {
            throw ValidationFailure(field: "organizationId", "Đơn vị không tồn tại hoặc ngoài phạm vi của bạn.",
                                    en: "The unit does not exist or is outside your scope.")
        }
        return org
    }

    static func addGrant(userID: UUID, role: Role, org: Organization, on db: any Database) async throws -> Grant {
        let g = Grant()
        g.id = UUID()
        g.$user.id = userID
        g.$organization.id = org.id!
        g.organizationPath = org.path
        g.roleRaw = role.rawValue
        try await g.create(on: db)
        return g
    }
}

extension GrantDTO {
    init(_ g: Grant) {
        self.init(id: g.id ?? UUID(), role: g.role ?? .viewer, organizationId: g.$organization.id)
    }
}

extension UserDTO {
    init(_ u: User) {
        self.init(id: u.id ?? UUID(), username: u.username, displayName: u.displayName, active: u.active,
                  grants: (u.$grants.value ?? []).map(GrantDTO.init))
    }
}
