import Foundation
import CapuyCore
import Fluent
import Vapor

extension OrganizationWebController {
    func moveForm(req: Request) async throws -> Response {
        try await renderMove(req, errors: [:])
    }

    func move(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        if req.isUnitPickerStep { return try await renderMove(req, errors: [:]) }
        guard let target = req.field("parentId").flatMap(UUID.init(uuidString:)) else {
            return try await renderMove(req, errors: ["parentId": req.language.pick("Cần chọn đơn vị cấp trên mới.", "Choose the new parent unit.")],
                                        status: .unprocessableEntity)
        }
        do {
            _ = try await req.organizations.move(id, to: target, kind: req.field("kind"),
                                                 view: p.scope(.viewOrganizations), manage: p.scope(.manageOrganizations))
            return req.redirect(to: SiteURL.unit(id).path + "?ok=moved")
        } catch let failure as ValidationFailure {
            return try await renderMove(req, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    private func renderMove(_ req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let p = try req.principal
        let org = try await req.organizations.find(try req.id(), in: p.scope(.viewOrganizations))
        let targets = try await req.unitPicker("parentId", from: .init(p.scope(.manageOrganizations), excluding: org.treePath),
                                               selected: req.field("parentId").flatMap(UUID.init(uuidString:)), none: "—")
        let lang = req.language
        let chosen = req.field("kind") ?? ""
        let kinds = [SelectOption(value: "", label: lang.pick("Giữ loại hiện tại (\(org.kind.label))", "Keep its kind (\(org.kind.labelEn))"),
                                  selected: chosen.isEmpty)]
            + OrganizationKind.allCases.filter { $0 != org.kind && $0 != .central }.map {
                SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: chosen == $0.rawValue)
            }
        let model = UnitMovePage(action: SiteURL.unitMove(org.id!).path, unitName: org.name, targets: targets, kinds: kinds,
                                 errors: errors, cancelURL: SiteURL.unit(org.id!).path)
        return try await req.page("unit-move", title: req.language.pick("Chuyển đơn vị", "Move unit"), model, status: status)
    }

    func closeForm(req: Request) async throws -> Response {
        try await renderClose(req, errors: [:])
    }

    func close(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        let successors = ((try? req.content.get([String].self, at: "successorIds")) ?? [req.field("successorIds")].compactMap { $0 })
            .compactMap(UUID.init(uuidString:))
        let input = OrganizationCloseInput(closedOn: req.field("closedOn") ?? "", successorIds: successors, note: req.field("note"))
        if req.isUnitPickerStep { return try await renderClose(req, errors: [:]) }
        do {
            _ = try await req.organizations.close(id, input, view: p.scope(.viewOrganizations), manage: p.scope(.manageOrganizations))
            return req.redirect(to: SiteURL.unit(id).path + "?ok=closed")
        } catch let failure as ValidationFailure {
            return try await renderClose(req, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    private func renderClose(_ req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let p = try req.principal
        let org = try await req.organizations.find(try req.id(), in: p.scope(.viewOrganizations))
        let chosen = ((try? req.content.get([String].self, at: "successorIds")) ?? [req.field("successorIds")].compactMap { $0 })
            .compactMap(UUID.init(uuidString:))
        let candidates = try await req.unitPicker("successorIds[]", id: "successorIds",
                                                  from: .init(p.scope(.manageOrganizations), excluding: org.treePath),
                                                  selected: req.method == .POST ? chosen : [], multiple: true)
        let model = UnitClosePage(action: SiteURL.unitClose(org.id!).path, unitName: org.name,
                                  closedOn: req.field("closedOn") ?? "", note: req.field("note") ?? "",
                                  candidates: candidates, errors: errors, cancelURL: SiteURL.unit(org.id!).path)
        return try await req.page("unit-close", title: req.language.pick("Giải thể, sáp nhập đơn vị", "Close unit"), model, status: status)
    }

    func audit(req: Request) async throws -> Response {
        let org = try await req.organizations.find(try req.id(), in: try req.principal.scope(.viewAudit))
        let events = try await AuditQuery.forUnit(org, on: req.db)
        let model = AuditPage(subject: org.name, backURL: SiteURL.unit(org.id!).path,
                              events: events.map { AuditPage.Row($0, req.language) })
        return try await req.page("audit", title: req.language.pick("Nhật ký thay đổi", "Change log") + " · " + org.name, model)
    }
}
