import Foundation
import CapuyCore
import Fluent
import Vapor

/// Pages for members: list with search, member page, forms.
struct MemberWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dang-vien", use: list)
        routes.get("dang-vien", ":id", use: show)
        routes.get("to-chuc", ":id", "dang-vien", "them", use: newForm)
        routes.post("to-chuc", ":id", "dang-vien", "them", use: create)
        routes.get("dang-vien", ":id", "sua", use: editForm)
        routes.post("dang-vien", ":id", "sua", use: update)
        routes.post("dang-vien", ":id", "chuyen-sinh-hoat", use: transfer)
        routes.post("dang-vien", ":id", "chuc-vu", use: addPosition)
        routes.post("dang-vien", ":id", "chuc-vu", ":positionId", "ket-thuc", use: endPosition)
        routes.get("dang-vien", ":id", "nhat-ky", use: audit)
        routes.get("to-chuc", ":id", "dang-vien.xlsx", use: exportXLSX)
    }

    func list(req: Request) async throws -> Response {
        let scope = try req.principal.scope(.viewMembers)
        let q = req.query[String.self, at: "q"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let unitID = req.query[String.self, at: "donVi"].flatMap(UUID.init(uuidString:))
        let page = min(max(req.query[Int.self, at: "trang"] ?? 1, 1), MemberService.maxPage)
        let status = req.query[String.self, at: "loai"].flatMap(MemberStatus.init(rawValue:))
        let per = 50
        // Next and previous go by cursor (issue 16): any depth of a national list costs one page's reading.
        let key = req.capuy.dataKey
        let keyset = try ListCursor.direction(after: req.query[String.self, at: "sau"], before: req.query[String.self, at: "truoc"],
                                              key: key, fields: ("sau", "truoc"))
        let result = try await req.members.list(.init(organizationId: unitID, text: q, status: status, page: page, per: per, keyset: keyset), in: scope)
        let pages = max(1, (result.total + per - 1) / per)
        func link(_ n: Int, _ cursor: (name: String, value: ListCursor)? = nil) -> String {
            var items = [URLQueryItem(name: "trang", value: String(n))]
            if let cursor { items.append(URLQueryItem(name: cursor.name, value: cursor.value.encoded(key: key))) }
            if !q.isEmpty { items.append(URLQueryItem(name: "q", value: q)) }
            if let unitID { items.append(URLQueryItem(name: "donVi", value: unitID.uuidString)) }
            if let status { items.append(URLQueryItem(name: "loai", value: status.rawValue)) }
            var c = URLComponents(); c.path = SiteURL.members.path; c.queryItems = items
            return c.string ?? SiteURL.members.path
        }
        let statuses = MemberStatus.allCases.map {
            SelectOption(value: $0.rawValue, label: req.language.pick($0.label, $0.labelEn), selected: $0 == status)
        }
        let model = MembersPage(q: q, unitId: unitID?.uuidString ?? "", unitName: unitID != nil ? result.unitName : nil, statuses: statuses,
                                exportURL: unitID.map { SiteURL.unitMembersXLSX($0).path }, total: result.total, capped: result.capped,
                                rowsHTML: result.items.map { m in
                                    let row = MemberRow(m, req.language)
                                    return HTMLText.row(link: row.url, row.name, cells: [row.birthDate, row.gender, row.status, row.card])
                                }.joined(),
                                page: page, pages: pages,
                                prevURL: page <= 1 ? nil : page == 2 ? link(1) : result.previous.map { link(page - 1, ("truoc", $0)) },
                                nextURL: page < pages ? result.next.map { link(page + 1, ("sau", $0)) } : nil)
        return try await req.page("members", title: req.language.pick("Đảng viên", "Members"), model)
    }

    func show(req: Request) async throws -> Response {
        try await renderMember(req, errors: [:])
    }

    func renderMember(_ req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        // A form sent back (an error, or the unit search) keeps what was typed.
        var sent: [String: String] = [:]
        if req.method == .POST {
            for f in ["organizationId", "title", "detail", "term", "startOn", "toOrganizationId", "transferredOn", "reason"] { sent[f] = req.field(f) ?? "" }
        }
        let p = try req.principal
        let lang = req.language
        let m = try await req.members.find(try req.id(), in: p.scope(.viewMembers))
        let id = m.id!
        guard let unit = try await Organization.find(m.$organization.id, on: req.db) else { throw Refusal.notFound }
        let canManage = p.scope(.manageMembers).contains(path: m.organizationPath)
        let positions = try await req.members.positions(of: m)
        let transfers = try await req.members.transfers(of: m)
        let model = MemberPage(
            id: id.uuidString, name: m.fullName, card: m.partyCardNumber ?? "",
            birthDate: DisplayFormat.date(m.birthDate), gender: lang.pick(m.gender.label, m.gender.labelEn),
            ethnicity: m.ethnicity, admissionDate: DisplayFormat.date(m.admissionDate),
            officialDate: DisplayFormat.date(m.officialDate), status: lang.pick(m.status.label, m.status.labelEn),
            unit: UnitRow(unit, lang),
            positions: positions.map { pos in
                .init(title: lang.pick(pos.title.label, pos.title.labelEn), detail: pos.detail, unit: pos.organization.name,
                      term: pos.term, startOn: DisplayFormat.date(pos.startOn),
                      endOn: pos.endOn.map { DisplayFormat.date($0) },
                      endURL: canManage && pos.endOn == nil ? SiteURL.memberPositionEnd(id, pos.id!).path : nil)
            },
            transfers: transfers.map { .init(date: DisplayFormat.date($0.transferredOn), from: $0.from.name, to: $0.to.name, reason: $0.reason) },
            canManage: canManage, canAudit: p.scope(.viewAudit).contains(path: m.organizationPath),
            editURL: SiteURL.memberEdit(id).path, transferURL: SiteURL.memberTransfer(id).path,
            positionURL: SiteURL.memberPositions(id).path, auditURL: SiteURL.memberAudit(id).path,
            units: canManage ? try await req.unitPicker("organizationId", id: "pos-unit", from: .init(p.scope(.manageMembers)),
                                                        selected: sent["organizationId"].flatMap(UUID.init(uuidString:))) : "",
            transferUnits: canManage ? try await req.unitPicker("toOrganizationId", id: "to-unit", from: .init(p.scope(.manageMembers)),
                                                                selected: sent["toOrganizationId"].flatMap(UUID.init(uuidString:)), none: "—") : "",
            titles: PositionTitle.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: sent["title"] == $0.rawValue) },
            v: sent, errors: errors)
        return try await req.page("member", title: m.fullName, model, status: status)
    }

    func transfer(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        if req.isUnitPickerStep { return try await renderMember(req, errors: [:]) }
        do {
            guard let target = req.field("toOrganizationId").flatMap(UUID.init(uuidString:)) else {
                throw ValidationFailure(field: "toOrganizationId", "Cần chọn đơn vị chuyển đến.", en: "Choose the receiving unit.")
            }
            let input = TransferInput(toOrganizationId: target, transferredOn: req.field("transferredOn") ?? "", reason: req.field("reason"))
            _ = try await req.members.transfer(id, input, view: p.scope(.viewMembers), manage: p.scope(.manageMembers))
            return req.redirect(to: SiteURL.member(id).path + "?ok=transferred")
        } catch let failure as ValidationFailure {
            return try await renderMember(req, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func addPosition(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        if req.isUnitPickerStep { return try await renderMember(req, errors: [:]) }
        do {
            guard let org = req.field("organizationId").flatMap(UUID.init(uuidString:)) else {
                throw ValidationFailure(field: "organizationId", "Cần chọn đơn vị.", en: "Choose the unit.")
            }
            let input = PositionInput(organizationId: org, title: req.field("title") ?? "", detail: req.field("detail"),
                                      term: req.field("term"), startOn: req.field("startOn") ?? "")
            _ = try await req.members.addPosition(id, input, view: p.scope(.viewMembers), manage: p.scope(.manageMembers))
            return req.redirect(to: SiteURL.member(id).path + "?ok=saved")
        } catch let failure as ValidationFailure {
            return try await renderMember(req, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func endPosition(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        do {
            _ = try await req.members.endPosition(id, try req.id("positionId"), PositionEndInput(endOn: req.field("endOn") ?? ""),
                                                  view: p.scope(.viewMembers), manage: p.scope(.manageMembers))
            return req.redirect(to: SiteURL.member(id).path + "?ok=saved")
        } catch let failure as ValidationFailure {
            return try await renderMember(req, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    /// The unit's members (whole subtree) as the office's spreadsheet.
    func exportXLSX(req: Request) async throws -> Response {
        let org = try await req.organizations.find(try req.id(), in: try req.principal.scope(.viewMembers))
        // Written to a file and sent from it (issue 16): a province's list never sits in memory.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-export-\(UUID().uuidString).xlsx")
        do {
            try await MemberExport.write(for: org, to: url, on: req.db, today: req.capuy.today())
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        let response = req.fileio.streamFile(at: url.path, onCompleted: { _ in try? FileManager.default.removeItem(at: url) })
        DownloadResponse.name(response, "dang-vien-\(org.code).xlsx", type: XLSXWorkbook.contentType)
        return response
    }

    func audit(req: Request) async throws -> Response {
        let m = try await req.members.find(try req.id(), in: try req.principal.scope(.viewAudit))
        let events = try await AuditQuery.forEntity(m.id!, on: req.db)
        let model = AuditPage(subject: m.fullName, backURL: SiteURL.member(m.id!).path,
                              events: events.map { AuditPage.Row($0, req.language) })
        return try await req.page("audit", title: req.language.pick("Nhật ký thay đổi", "Change log") + " · " + m.fullName, model)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
