import CapuyCore
import Fluent
import Vapor

/// Pages of the tree: browser, unit page, and the forms that change a unit.
struct OrganizationWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tree = routes.grouped("to-chuc")
        tree.get(use: browse)
        tree.get(":id", use: show)
        tree.get(":id", "them", use: newForm)
        tree.post(":id", "them", use: create)
        tree.get(":id", "sua", use: editForm)
        tree.post(":id", "sua", use: update)
        tree.get(":id", "chuyen", use: moveForm)
        tree.post(":id", "chuyen", use: move)
        tree.get(":id", "giai-the", use: closeForm)
        tree.post(":id", "giai-the", use: close)
        tree.get(":id", "nhat-ky", use: audit)
        tree.get(":id", "tong-quan", use: dashboard)
    }

    func browse(req: Request) async throws -> Response {
        let scope = try req.principal.scope(.viewOrganizations)
        let q = req.query[String.self, at: "q"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let units = q.isEmpty ? try await req.organizations.roots(in: scope)
                              : try await req.organizations.search(q, kind: nil, in: scope)
        // Found units carry their parent's name: many cells share a name.
        let parents = q.isEmpty ? [:] : Dictionary(try await Organization.many(ids: units.compactMap { $0.$parent.id }, on: req.db).map { ($0.id!, $0.name) },
                                                   uniquingKeysWith: { a, _ in a })
        return try await req.page("tree", title: req.language.pick("Tổ chức đảng", "Party organizations"),
                                  TreePage(q: q, searched: !q.isEmpty,
                                           units: units.map { UnitRow($0, req.language, parent: $0.$parent.id.flatMap { parents[$0] }) },
                                           reorganizeURL: try req.principal.may(.manageOrganizations) ? SiteURL.reorganizations.path : nil))
    }

    func show(req: Request) async throws -> Response {
        let p = try req.principal
        let lang = req.language
        let view = p.scope(.viewOrganizations)
        let data = try await UnitPageData.read(try req.id(), in: view, on: req.db)
        let org = data.unit
        let id = org.id
        let path = org.treePath
        let mayMembers = path.map(p.scope(.viewMembers).contains) ?? false
        let members = mayMembers && data.tally.members > 0 ? try await req.members.directMembers(of: id, limit: 51) : []
        let page = UnitPage(
            unit: UnitRow(org.brief, lang),
            breadcrumb: data.ancestors.filter { view.contains(path: $0.path) }.map { UnitRow($0.brief, lang) },
            openedOn: org.opened_on.map { DisplayFormat.date($0) },
            closureNote: org.closure_note,
            successors: data.successors.map { UnitRow($0, lang) },
            predecessors: data.predecessors.map { UnitRow($0, lang) },
            pendingPlans: data.pendingPlans.map { plan in
                PendingPlan(url: plan.readable ? SiteURL.reorganization(plan.id).path : nil, title: plan.title,
                            effectiveOn: LocalDate(parsing: plan.effectiveOn)?.display ?? plan.effectiveOn)
            },
            counts: mayMembers ? OrganizationCounts(data.tally) : OrganizationCounts(UnitTally()),
            committeeHTML: data.committee.map { seat in
                let e = HTMLText.escape
                return "<li><a href=\"\(e(SiteURL.member(seat.member_id).path))\">\(e(seat.full_name))</a> — \(e(lang.pick(seat.post.label, seat.post.labelEn)))"
                    + (seat.term.map { " (\(e($0)))" } ?? "") + "</li>"
            }.joined(),
            childrenHTML: data.children.map { UnitRow($0, lang).listItemHTML(closedLabel: Strings.table(lang)["closed"] ?? "") }.joined(),
            hasMembers: !members.isEmpty,
            membersHTML: members.prefix(50).map { m in
                let row = MemberRow(m, lang)
                return HTMLText.row(link: row.url, row.name, cells: [row.birthDate, row.gender, row.status])
            }.joined(),
            moreMembers: members.count > 50,
            membersURL: SiteURL.membersOf(id).path, exportURL: SiteURL.unitMembersXLSX(id).path,
            canManage: path.map(p.scope(.manageOrganizations).contains) == true && !org.isClosed && !org.organizationKind.allowedChildren.isEmpty,
            canActOnItself: path.map(p.scope(.manageOrganizations).containsStrictly) == true && !org.isClosed,
            canAddMembers: path.map(p.scope(.manageMembers).contains) == true && !org.isClosed,
            canAudit: path.map(p.scope(.viewAudit).contains) == true,
            newChildURL: SiteURL.unitNew(parent: id).path, editURL: SiteURL.unitEdit(id).path,
            moveURL: SiteURL.unitMove(id).path, closeURL: SiteURL.unitClose(id).path,
            auditURL: SiteURL.unitAudit(id).path, newMemberURL: SiteURL.memberNew(id).path,
            dashboardURL: mayMembers ? SiteURL.unitDashboard(id).path : nil, reportURL: SiteURL.unit(id).path + "/bao-cao")
        return try await req.page("unit", title: org.name, page)
    }

    // MARK: create and edit

    func newForm(req: Request) async throws -> Response {
        let parent = try await req.organizations.find(try req.id(), in: try req.principal.scope(.manageOrganizations))
        return try await renderForm(req, parent: parent, unit: nil, errors: [:])
    }

    func create(req: Request) async throws -> Response {
        let manage = try req.principal.scope(.manageOrganizations)
        let parent = try await req.organizations.find(try req.id(), in: manage)
        let input = OrganizationCreateInput(parentId: parent.id, name: req.field("name") ?? "", kind: req.field("kind") ?? "",
                                            sector: req.field("sector"), code: req.field("code"), openedOn: req.field("openedOn"))
        do {
            let org = try await req.organizations.create(input, scope: manage)
            return req.redirect(to: SiteURL.unit(org.id!).path + "?ok=created")
        } catch let failure as ValidationFailure {
            return try await renderForm(req, parent: parent, unit: nil, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func editForm(req: Request) async throws -> Response {
        let org = try await req.organizations.find(try req.id(), in: try req.principal.scope(.viewOrganizations))
        return try await renderForm(req, parent: nil, unit: org, errors: [:])
    }

    func update(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        let input = OrganizationUpdateInput(name: req.field("name"), sector: req.field("sector"), code: req.field("code"),
                                            placeName: req.field("placeName") ?? "")
        do {
            _ = try await req.organizations.update(id, input, view: p.scope(.viewOrganizations), manage: p.scope(.manageOrganizations))
            return req.redirect(to: SiteURL.unit(id).path + "?ok=saved")
        } catch let failure as ValidationFailure {
            let org = try await req.organizations.find(id, in: p.scope(.viewOrganizations))
            return try await renderForm(req, parent: nil, unit: org, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    private func renderForm(_ req: Request, parent: Organization?, unit: Organization?, errors: FormErrors,
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.language
        let kindChoice = req.field("kind")
        let sectorChoice = req.field("sector") ?? unit?.sectorRaw
        let kinds = (parent?.kind.allowedChildren.sorted { $0.rawValue < $1.rawValue } ?? [])
            .sorted { OrganizationKind.allCases.firstIndex(of: $0)! < OrganizationKind.allCases.firstIndex(of: $1)! }
            .map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0.rawValue == kindChoice) }
        let model = UnitFormPage(
            action: unit.map { SiteURL.unitEdit($0.id!).path } ?? SiteURL.unitNew(parent: parent!.id!).path,
            isNew: unit == nil, parentName: parent?.name,
            name: req.field("name") ?? unit?.name ?? "", code: req.field("code") ?? unit?.code ?? "",
            openedOn: req.field("openedOn") ?? "",
            placeName: req.field("placeName") ?? unit?.placeName ?? "",
            placeDefault: try await unit.asyncMap { try await PlaceName.implied(for: $0, on: req.db) } ?? "",
            kinds: kinds,
            sectors: Sector.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0.rawValue == sectorChoice) },
            errors: errors,
            cancelURL: SiteURL.unit((unit ?? parent)!.id!).path)
        let title = unit == nil ? lang.pick("Thêm đơn vị trực thuộc", "New sub-unit") : lang.pick("Sửa đơn vị", "Edit unit")
        return try await req.page("unit-form", title: title, model, status: status)
    }
}
