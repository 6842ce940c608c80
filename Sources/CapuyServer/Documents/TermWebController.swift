import CapuyCore
import Fluent
import Foundation
import Vapor

/// Terms of a unit with their dashboards, and work programs.
struct TermWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("nhiem-ky", use: terms)
        routes.post("nhiem-ky", use: createTerm)
        routes.get("nhiem-ky", ":id", use: dashboard)
        routes.post("chuong-trinh", use: createProgram)
        routes.get("chuong-trinh", ":id", use: program)
        routes.post("chuong-trinh", ":id", "nhiem-vu", use: assign)
    }

    func terms(req: Request) async throws -> Response {
        try await renderTerms(req, unitID: req.query[String.self, at: "donVi"].flatMap(UUID.init(uuidString:)), errors: [:])
    }

    func renderTerms(_ req: Request, unitID: UUID?, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let p = try req.principal
        let lang = req.language
        let view = p.scope(.viewDocuments)
        let unit: Organization
        if let unitID {
            unit = try await req.organizations.find(unitID, in: view)
        } else {
            guard let top = try await req.organizations.roots(in: view).first else { throw Refusal.notFound }
            unit = top
        }
        let terms = try await req.terms.list(organizationId: unit.id!, in: view)
        let today = req.capuy.today()
        let programs = try await req.programs.list(organizationId: unit.id, in: view)
        let termNames = Dictionary(uniqueKeysWithValues: terms.map { ($0.id!, $0.name) })
        let model = TermsPage(
            units: try await req.unitPicker("donVi", from: .init(view), selected: unit.id), unitId: unit.id!.uuidString,
            unitName: unit.name,
            terms: terms.map { .init(name: $0.name, span: "\($0.span.startsOn.display) – \($0.span.endsOn.display)",
                                     current: $0.span.contains(today), url: SiteURL.termDashboard($0.id!).path) },
            programs: programs.map { .init(url: SiteURL.program($0.id!).path, title: $0.title,
                                           period: $0.year.map { "\(lang.pick("Năm", "Year")) \($0)" } ?? lang.pick("Toàn khóa", "Whole term") + " " + (termNames[$0.$term.id] ?? ""),
                                           theme: $0.theme) },
            termOptions: terms.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.span.contains(today)) },
            canManage: p.scope(.manageDocuments).contains(path: unit.path), programsURL: SiteURL.programs.path, errors: errors)
        return try await req.page("terms", title: lang.pick("Nhiệm kỳ và chương trình công tác", "Terms and work programs"), model, status: status)
    }

    func createTerm(req: Request) async throws -> Response {
        let p = try req.principal
        let unitID = req.field("organizationId").flatMap(UUID.init(uuidString:)) ?? UUID()
        do {
            _ = try await req.terms.create(TermInput(organizationId: unitID, name: req.field("name"), startsOn: req.field("startsOn") ?? "",
                                                     endsOn: req.field("endsOn") ?? ""), manage: p.scope(.manageDocuments))
            return req.redirect(to: SiteURL.termsOf(unitID).path + "&ok=saved")
        } catch let failure as ValidationFailure {
            return try await renderTerms(req, unitID: unitID, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func createProgram(req: Request) async throws -> Response {
        let p = try req.principal
        let unitID = req.field("organizationId").flatMap(UUID.init(uuidString:)) ?? UUID()
        let input = WorkProgramInput(organizationId: unitID, termId: req.field("termId").flatMap(UUID.init(uuidString:)) ?? UUID(),
                                     year: req.field("year").flatMap { Int($0) }, title: req.field("title"), theme: req.field("theme"))
        do {
            let program = try await req.programs.create(input, manage: p.scope(.manageDocuments))
            return req.redirect(to: SiteURL.program(program.id!).path + "?ok=created")
        } catch let failure as ValidationFailure {
            return try await renderTerms(req, unitID: unitID, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func dashboard(req: Request) async throws -> Response {
        let lang = req.language
        let view = try req.principal.scope(.viewDocuments)
        let term = try await req.terms.find(try req.id(), in: view)
        let unit = try await req.organizations.find(term.$organization.id, in: view)
        let d = try await TermDashboard(db: req.db, today: req.capuy.today()).build(term: term)
        let model = TermDashboardPage(
            unitName: unit.name, termName: term.name, span: "\(term.span.startsOn.display) – \(term.span.endsOn.display)",
            byType: d.documentsByType.filter { $0.count > 0 }.map {
                TallyRow(name: lang.pick($0.name, $0.nameEn), url: SiteURL.documentsOfType($0.type).path, total: $0.count, cells: [], onTime: "")
            },
            issued: d.documentsIssued, standings: TaskStanding.allCases.map { lang.pick($0.label, $0.labelEn) },
            tasks: TallyRow(name: lang.pick("Tổng cộng", "Total"), url: nil, tally: d.tasks, lang),
            overdue: d.overdue.map { LinkRow(url: SiteURL.unit($0.organizationId).path, label: $0.organizationName,
                                             detail: "\($0.taskTitle) · \(LocalDate(parsing: $0.deadline)?.display ?? $0.deadline) · \($0.percent)%",
                                             indent: 0) })
        return try await req.page("term-dashboard", title: "\(lang.pick("Tổng hợp nhiệm kỳ", "Term dashboard")) \(term.name)", model)
    }

    func program(req: Request) async throws -> Response {
        try await renderProgram(req, errors: [:])
    }

    func renderProgram(_ req: Request, values: [String: String] = [:], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let p = try req.principal
        let lang = req.language
        let view = p.scope(.viewDocuments)
        let program = try await req.programs.find(try req.id(), in: view)
        let unit = try await req.organizations.find(program.$organization.id, in: view)
        let tasks = try await req.tasks.tasks(of: .program(program.id!))
        let rollup = try await TaskRollup(db: req.db, today: req.capuy.today()).rollup(.program(program.id!), under: unit)
        let canManage = p.scope(.manageDocuments).contains(path: unit.path)
        let model = ProgramPage(
            title: program.title, unitName: unit.name, theme: program.theme,
            period: program.year.map { "\(lang.pick("Năm", "Year")) \($0)" } ?? lang.pick("Toàn khóa", "Whole term"),
            tasks: tasks.map { TaskRow(id: $0.id?.uuidString ?? "", title: "\(lang.pick($0.category.label, $0.category.labelEn)): \($0.title)",
                                       deadline: LocalDate(parsing: $0.deadline)?.display ?? $0.deadline,
                                       deliverable: lang.pick($0.deliverable.label, $0.deliverable.labelEn), recipients: $0.assigneeCount) },
            categories: TaskCategory.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: values["category"] == $0.rawValue) },
            deliverables: Deliverable.allCases.map { d in SelectOption(value: d.rawValue, label: lang.pick(d.label, d.labelEn),
                                                                       selected: values["deliverable"].map { $0 == d.rawValue } ?? (d == .report)) },
            owners: canManage ? try await req.unitPicker("ownerId", from: .init(Scope([unit.treePath])), selected: values["ownerId"].flatMap(UUID.init(uuidString:)) ?? unit.id) : "",
            canManage: canManage, assignURL: SiteURL.programTasks(program.id!).path,
            standings: TaskStanding.allCases.map { lang.pick($0.label, $0.labelEn) },
            rollupHTML: TallyRow.html(rollup.rows.map { TallyRow(name: $0.name, url: nil, tally: $0.tally, lang) }),
            rollupTotal: rollup.total.total > 0 ? TallyRow(name: unit.name, url: nil, tally: rollup.total, lang) : nil,
            v: values, formOpen: !values.isEmpty, errors: errors)
        return try await req.page("program", title: program.title, model, status: status)
    }

    func assign(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        let owner = req.field("ownerId").flatMap(UUID.init(uuidString:))
        var values: [String: String] = [:]
        for f in ["title", "deadline", "category", "deliverable", "ownerId"] { values[f] = req.field(f) ?? "" }
        if req.isUnitPickerStep { return try await renderProgram(req, values: values, errors: [:]) }
        let input = TaskInput(title: req.field("title") ?? "", deadline: req.field("deadline") ?? "", deliverable: req.field("deliverable"),
                              category: req.field("category"), targets: TaskTargetInput(organizationIds: owner.map { [$0] }))
        do {
            _ = try await req.tasks.assign(.program(id), input, view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments))
            return req.redirect(to: SiteURL.program(id).path + "?ok=assigned")
        } catch let failure as ValidationFailure {
            return try await renderProgram(req, values: values, errors: FormErrors(failure.targetsFolded, req.language), status: .unprocessableEntity)
        }
    }
}
