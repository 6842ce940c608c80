import Foundation
import CapuyCore
import Vapor

extension MemberWebController {
    func newForm(req: Request) async throws -> Response {
        let org = try await req.organizations.find(try req.id(), in: try req.principal.scope(.manageMembers))
        return try await renderForm(req, unit: org, member: nil, errors: [:])
    }

    func create(req: Request) async throws -> Response {
        let manage = try req.principal.scope(.manageMembers)
        let org = try await req.organizations.find(try req.id(), in: manage)
        do {
            let m = try await req.members.create(formInput(req, organizationId: org.id), manage: manage)
            return req.redirect(to: SiteURL.member(m.id!).path + "?ok=created")
        } catch let failure as ValidationFailure {
            return try await renderForm(req, unit: org, member: nil, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func editForm(req: Request) async throws -> Response {
        let p = try req.principal
        let m = try await req.members.find(try req.id(), in: p.scope(.manageMembers))
        let org = try await req.organizations.find(m.$organization.id, in: p.scope(.viewOrganizations))
        return try await renderForm(req, unit: org, member: m, errors: [:])
    }

    func update(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        do {
            _ = try await req.members.update(id, formInput(req, organizationId: nil), view: p.scope(.viewMembers), manage: p.scope(.manageMembers))
            return req.redirect(to: SiteURL.member(id).path + "?ok=saved")
        } catch let failure as ValidationFailure {
            let m = try await req.members.find(id, in: p.scope(.viewMembers))
            let org = try await req.organizations.find(m.$organization.id, in: p.scope(.viewOrganizations))
            return try await renderForm(req, unit: org, member: m, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    private func formInput(_ req: Request, organizationId: UUID?) -> MemberInput {
        MemberInput(fullName: req.field("fullName") ?? "", birthDate: req.field("birthDate") ?? "", gender: req.field("gender") ?? "",
                    ethnicity: req.field("ethnicity") ?? "", partyCardNumber: req.field("partyCardNumber"),
                    admissionDate: req.field("admissionDate") ?? "", officialDate: req.field("officialDate"),
                    organizationId: organizationId)
    }

    private func renderForm(_ req: Request, unit: Organization, member m: Member?, errors: FormErrors,
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.language
        let model = MemberFormPage(
            action: m.map { SiteURL.memberEdit($0.id!).path } ?? SiteURL.memberNew(unit.id!).path,
            isNew: m == nil, unitName: unit.name,
            fullName: req.field("fullName") ?? m?.fullName ?? "",
            birthDate: req.field("birthDate") ?? m?.birthDate ?? "",
            gender: req.field("gender") ?? m?.genderRaw ?? "",
            ethnicity: req.field("ethnicity") ?? m?.ethnicity ?? "Kinh",
            card: req.field("partyCardNumber") ?? m?.partyCardNumber ?? "",
            admissionDate: req.field("admissionDate") ?? m?.admissionDate ?? "",
            officialDate: req.field("officialDate") ?? m?.officialDate ?? "",
            errors: errors,
            cancelURL: m.map { SiteURL.member($0.id!).path } ?? SiteURL.unit(unit.id!).path)
        return try await req.page("member-form", title: m == nil ? lang.pick("Thêm đảng viên", "New member") : lang.pick("Sửa thông tin đảng viên", "Edit member"),
                                  model, status: status)
    }
}
