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
        let service = req.organizations
        let org = try await service.find(try req.id(), in: p.scope(.viewOrganizations))
        let id = org.id!
        let mayMembers = p.scope(.viewMembers).contains(org.treePath)
        let counts = mayMembers ? try await service.counts(for: org)
            : OrganizationCounts(UnitTally())
        let committee = try await Position.query(on: req.db).filter(\.$organization.$id == id)
            .filter(\.$endOn == nil).with(\.$member).all()
            .filter { $0.title.isCommitteePost }.sorted { $0.title.rank < $1.title.rank }
        let members = mayMembers ? try await req.members.directMembers(of: id, limit: 51) : []
        let page = UnitPage(
            unit: UnitRow(org, lang),
            breadcrumb: try await service.ancestors(of: org).filter { p.scope(.viewOrganizations).contains(path: $0.path) }
                .map { UnitRow($0, lang) },
            openedOn: org.openedOn.map { DisplayFormat.date($0) },
            closureNote: org.closureNote,
            // Only a closed unit has successors: an open one's page skips the query.
            successors: org.isClosed ? try await service.successors(of: org, in: p.scope(.viewOrganizations)).map { UnitRow($0, lang) } : [],
            predecessors: try await service.predecessors(of: org, in: p.scope(.viewOrganizations)).map { UnitRow($0, lang) },
            pendingPlans: try await req.reorganizations.pending(touching: id, in: p.scope(.viewOrganizations)).map { plan, readable in
                PendingPlan(url: readable ? SiteURL.reorganization(plan.id!).path : nil, title: plan.title,
                            effectiveOn: LocalDate(parsing: plan.effectiveOn)?.display ?? plan.effectiveOn)
            },
            counts: counts,
            committee: committee.map { pos in
                .init(memberURL: SiteURL.member(pos.$member.id).path, name: pos.member.fullName,
                      title: lang.pick(pos.title.label, pos.title.labelEn), term: pos.term)
            },
            children: try await service.childBriefs(of: id, openOnly: false).map { UnitRow($0, lang) },
            hasMembers: !members.isEmpty,
            membersHTML: members.prefix(50).map { m in
                let row = MemberRow(m, lang)
                return HTMLText.row(link: row.url, row.name, cells: [row.birthDate, row.gender, row.status])
            }.joined(),
            moreMembers: members.count > 50,
            membersURL: SiteURL.membersOf(id).path, exportURL: SiteURL.unitMembersXLSX(id).path,
            canManage: p.scope(.manageOrganizations).contains(org.treePath) && !org.isClosed && !org.kind.allowedChildren.isEmpty,
            canActOnItself: p.scope(.manageOrganizations).containsStrictly(org.treePath) && !org.isClosed,
            canAddMembers: p.scope(.manageMembers).contains(org.treePath) && !org.isClosed,
            canAudit: p.scope(.viewAudit).contains(org.treePath),
            newChildURL: SiteURL.unitNew(parent: id).path, editURL: SiteURL.unitEdit(id).path,
            moveURL: SiteURL.unitMove(id).path, closeURL: SiteURL.unitClose(id).path,
            auditURL: SiteURL.unitAudit(id).path, newMemberURL: SiteURL.memberNew(id).path,
            dashboardURL: mayMembers ? SiteURL.unitDashboard(id).path : nil)
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
        let input = OrganizationUpdateInput(name: req.field("name"), sector: req.field("sector"), code: req.field("code"))
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
            kinds: kinds,
            sectors: Sector.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0.rawValue == sectorChoice) },
            errors: errors,
            cancelURL: SiteURL.unit((unit ?? parent)!.id!).path)
        let title = unit == nil ? lang.pick("Thêm đơn vị trực thuộc", "New sub-unit") : lang.pick("Sửa đơn vị", "Edit unit")
        return try await req.page("unit-form", title: title, model, status: status)
    }
}
