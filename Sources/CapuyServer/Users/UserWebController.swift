import Foundation
import CapuyCore
import Fluent
import Vapor

/// Accounts and grants, for administrators.
struct UserWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tai-khoan", use: list)
        routes.post("tai-khoan", use: create)
        routes.get("tai-khoan", ":id", use: show)
        routes.post("tai-khoan", ":id", "quyen", use: grant)
        routes.post("tai-khoan", ":id", "quyen", ":grantId", "xoa", use: revoke)
    }

    struct UsersPage: Encodable {
        struct Row: Encodable { let url: String; let username: String; let displayName: String; let grants: String }
        let rows: [Row]
        let action = SiteURL.users.path
        let roles: [SelectOption]
        /// The unit picker (HTML).
        let units: String
        let username: String
        let displayName: String
        let errors: FormErrors
    }

    struct UserPage: Encodable {
        struct GrantRow: Encodable { let role: String; let unit: String; let deleteURL: String }
        let username: String
        let displayName: String
        let grants: [GrantRow]
        let grantURL: String
        let roles: [SelectOption]
        /// The unit picker (HTML).
        let units: String
        let errors: FormErrors
    }

    private func manageScope(_ req: Request) throws -> Scope {
        let scope = try req.principal.scope(.manageUsers)
        guard !scope.isEmpty else { throw Refusal.notFound }
        return scope
    }

    func list(req: Request) async throws -> Response {
        try await renderList(req, errors: [:])
    }

    private func renderList(_ req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let scope = try manageScope(req)
        let lang = req.language
        let users = try await req.users.list(in: scope)
        let units = try await unitNames(users.flatMap { $0.grants.map { $0.$organization.id } }, req)
        let rows = users.map { u in
            UsersPage.Row(url: SiteURL.user(u.id!).path, username: u.username, displayName: u.displayName,
                          grants: u.grants.map { g in (g.role.map { lang.pick($0.label, $0.labelEn) } ?? g.roleRaw) + " · " + (units[g.$organization.id] ?? "") }
                              .joined(separator: "; "))
        }
        let model = UsersPage(rows: rows, roles: roleOptions(lang, selected: req.field("role")),
                              units: try await req.unitPicker("organizationId", from: .init(scope), selected: req.field("organizationId").flatMap(UUID.init(uuidString:))),
                              username: req.field("username") ?? "", displayName: req.field("displayName") ?? "", errors: errors)
        return try await req.page("users", title: lang.pick("Tài khoản", "Accounts"), model, status: status)
    }

    func create(req: Request) async throws -> Response {
        let scope = try manageScope(req)
        if req.isUnitPickerStep { return try await renderList(req, errors: [:]) }
        do {
            guard let org = req.field("organizationId").flatMap(UUID.init(uuidString:)) else {
                throw ValidationFailure(field: "organizationId", "Cần chọn đơn vị.", en: "Choose the unit.")
            }
            let input = UserCreateInput(username: req.field("username") ?? "", displayName: req.field("displayName") ?? "",
                                        password: (try? req.content.get(String.self, at: "password")) ?? "",
                                        role: req.field("role") ?? "", organizationId: org)
            let user = try await req.users.create(input, scope: scope)
            return req.redirect(to: SiteURL.user(user.id!).path + "?ok=created")
        } catch let failure as ValidationFailure {
            return try await renderList(req, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        try await renderUser(req, errors: [:])
    }

    private func renderUser(_ req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let scope = try manageScope(req)
        let lang = req.language
        let user = try await req.users.find(try req.id(), in: scope)
        let units = try await unitNames(user.grants.map { $0.$organization.id }, req)
        let model = UserPage(
            username: user.username, displayName: user.displayName,
            grants: user.grants.map { g in
                .init(role: g.role.map { lang.pick($0.label, $0.labelEn) } ?? g.roleRaw, unit: units[g.$organization.id] ?? "",
                      deleteURL: SiteURL.userGrantDelete(user.id!, g.id!).path)
            },
            grantURL: SiteURL.userGrants(user.id!).path, roles: roleOptions(lang, selected: nil),
            units: try await req.unitPicker("organizationId", from: .init(scope), selected: req.field("organizationId").flatMap(UUID.init(uuidString:))),
            errors: errors)
        return try await req.page("user", title: user.displayName, model, status: status)
    }

    func grant(req: Request) async throws -> Response {
        let scope = try manageScope(req)
        let id = try req.id()
        if req.isUnitPickerStep { return try await renderUser(req, errors: [:]) }
        do {
            guard let org = req.field("organizationId").flatMap(UUID.init(uuidString:)) else {
                throw ValidationFailure(field: "organizationId", "Cần chọn đơn vị.", en: "Choose the unit.")
            }
            _ = try await req.users.grant(id, GrantInput(role: req.field("role") ?? "", organizationId: org), scope: scope)
            return req.redirect(to: SiteURL.user(id).path + "?ok=saved")
        } catch let failure as ValidationFailure {
            return try await renderUser(req, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func revoke(req: Request) async throws -> Response {
        let id = try req.id()
        try await req.users.revoke(id, grantID: try req.id("grantId"), scope: try manageScope(req))
        return req.redirect(to: SiteURL.user(id).path + "?ok=saved")
    }

    private func roleOptions(_ lang: Language, selected: String?) -> [SelectOption] {
        Role.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0.rawValue == selected) }
    }

    private func unitNames(_ ids: [UUID], _ req: Request) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let units = try await Organization.query(on: req.db).filter(\.$id ~~ Set(ids)).all()
        return Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
    }
}
