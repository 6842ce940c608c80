import CapuyCore
import Fluent
import Foundation
import Vapor

/// The survey pages: rounds, a round's results by sector (SVG chart) and by
/// unit with drill-down, observers' assignment, and the observer's form.
struct SurveyWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let s = routes.grouped("khao-sat")
        s.get(use: rounds)
        s.post(use: openRound)
        s.get(":id", use: round)
        s.post(":id", "dong", use: close)
        s.post(":id", "phan-cong", use: assign)
        s.get(":id", "chi-bo", ":cellId", use: form)
        s.post(":id", "chi-bo", ":cellId", use: submit)
        s.get(":id", "ket-qua.xlsx", use: xlsx)
    }

    struct RoundsPage: Encodable {
        struct Row: Encodable { let url: String; let title: String; let cells: Int; let open: Bool }
        let rows: [Row]
        let canOpen: Bool
        /// The unit picker (HTML).
        let units: String
        let v: [String: String]
        let errors: FormErrors
        let action = SiteURL.surveys(.list).path
    }

    func rounds(req: Request) async throws -> Response {
        try await renderRounds(req, values: [:], errors: [:])
    }

    private func renderRounds(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let list = try await req.surveyRounds.visible()
        let manage = try req.principal.scope(.manageMeetings)
        let model = RoundsPage(
            rows: list.map { .init(url: SiteURL.surveys(.show($0.id!)).path, title: $0.title, cells: $0.cells, open: $0.isOpen) },
            canOpen: !manage.isEmpty,
            units: manage.isEmpty ? "" : try await req.unitPicker("organizationId", from: .init(manage), selected: values["organizationId"].flatMap(UUID.init(uuidString:))),
            v: values.isEmpty ? ["year": String(req.capuy.today().year)] : values, errors: errors)
        return try await req.page("surveys", title: req.language.pick("Khảo sát chất lượng sinh hoạt chi bộ", "Meeting quality surveys"), model, status: status)
    }

    func openRound(req: Request) async throws -> Response {
        var v: [String: String] = [:]
        for f in ["organizationId", "year", "title"] { v[f] = req.field(f) ?? "" }
        if req.isUnitPickerStep { return try await renderRounds(req, values: v, errors: [:]) }
        do {
            let r = try await req.surveyRounds.open(SurveyRoundInput(
                organizationId: v["organizationId"].flatMap(UUID.init(uuidString:)) ?? UUID(), year: Int(v["year"] ?? "") ?? 0, title: v["title"]))
            return req.redirect(to: SiteURL.surveys(.show(r.id!)).path + "?ok=survey_saved")
        } catch let failure as ValidationFailure {
            return try await renderRounds(req, values: v, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    struct RoundPage: Encodable {
        struct Line: Encodable { let name: String; let url: String?; let cells: Int; let evaluated: Int; let levels: [String]; let average: String }
        struct Mine: Encodable { let name: String; let url: String; let result: String }
        struct Text: Encodable { let name: String; let level: String; let good: String; let weak: String }
        let title: String
        let isOpen: Bool
        let unitName: String
        let upURL: String?
        let headers: [String]
        let chart: BarChart
        let sectors: [Line]
        let total: Line
        let children: [Line]
        let mine: [Mine]
        let texts: [Text]
        let canManage: Bool
        /// The unit picker (HTML).
        let units: String
        let errors: FormErrors
        let assignURL: String
        let closeURL: String
        let xlsxURL: String
    }

    func round(req: Request) async throws -> Response {
        try await renderRound(req, errors: [:])
    }

    private func renderRound(_ req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let round = try await req.surveyRound()
        let lang = req.language
        let principal = try req.principal
        let mine = try await req.surveyEvaluations(round).assignments(limit: 300)
        let results = try req.surveyResults(round)
        // An observer from outside the unit sees her cells only; results need a view of the unit.
        // A unit asked for must be readable (else 404); without one, an observer from outside may have none.
        let asked = req.query[UUID.self, at: "donVi"]
        let org: Organization?
        do { org = try await results.unit(asked) } catch let refusal as Refusal where refusal.status == .notFound && asked == nil { org = nil }
        var r: SurveyResultsDTO?
        var texts: [SurveyTextDTO] = []
        if let org {
            r = try await results.results(of: org)
            texts = try await results.texts(of: org, limit: 50)
        }
        func levelName(_ raw: String?) -> String { raw.flatMap(SurveyLevel.init(rawValue:)).map { lang.pick($0.label, $0.labelEn) } ?? "" }
        func line(_ name: String, _ url: String?, _ t: SurveyTally) -> RoundPage.Line {
            .init(name: name, url: url, cells: t.cells, evaluated: t.evaluated,
                  levels: t.levels.map { n in t.evaluated == 0 ? "0" : "\(n) (\(Int((Double(n) * 100 / Double(t.evaluated)).rounded()))%)" },
                  average: t.averageScore.map(DisplayFormat.points) ?? "")
        }
        let manage = principal.scope(.manageMeetings)
        let canManage = round.isOpen && manage.contains(path: round.organizationPath)
        // Observers are assigned within both the round and the manager's scope.
        var assignable = ""
        if canManage, let roundPath = TreePath(round.organizationPath) {
            let within = manage.roots.compactMap { root -> TreePath? in
                root.isWithin(roundPath) ? root : roundPath.isWithin(root) ? roundPath : nil
            }
            assignable = try await req.unitPicker("organizationId", id: "assign-unit", from: .init(Scope(within)),
                                                  selected: req.method == .POST ? req.field("organizationId").flatMap(UUID.init(uuidString:)) : nil)
        }
        let sectors = r?.sectors ?? []
        let chartRows: [(label: String, count: Int)] = sectors.map { s in
            (lang.pick(s.label, s.labelEn), s.tally.evaluated == 0 ? 0 : s.tally.levels[0] * 100 / s.tally.evaluated)
        }
        let sectorLines: [RoundPage.Line] = sectors.map { line(lang.pick($0.label, $0.labelEn), nil, $0.tally) }
        let childLines: [RoundPage.Line] = (r?.children ?? []).map {
            line($0.name, SiteURL.surveys(.show(round.id!, unit: $0.organizationId)).path, $0.tally)
        }
        let mineLines: [RoundPage.Mine] = mine.map { m in
            let result = m.level == nil ? "" : levelName(m.level) + " – " + DisplayFormat.points(m.total ?? 0)
            return .init(name: m.name, url: SiteURL.surveys(.evaluate(round.id!, cell: m.organizationId)).path, result: result)
        }
        let upURL: String? = org.flatMap { o in o.path == round.organizationPath ? nil : o.$parent.id.map { SiteURL.surveys(.show(round.id!, unit: $0)).path } }
        let model = RoundPage(
            title: round.title, isOpen: round.isOpen, unitName: r?.organizationName ?? "",
            upURL: upURL,
            headers: SurveyLevel.allCases.map { lang.pick($0.label, $0.labelEn) },
            chart: BarChart(id: "sectors", title: lang.pick("Tỷ lệ chi bộ sinh hoạt tốt theo loại hình (%)", "Share of cells rated good by sector (%)"),
                            rows: chartRows),
            sectors: sectorLines,
            total: line(lang.pick("Tổng cộng", "Total"), nil, r?.total ?? SurveyTally()),
            children: childLines,
            mine: mineLines,
            texts: texts.map { .init(name: $0.name, level: levelName($0.level), good: $0.goodPractices, weak: $0.weaknesses) },
            canManage: canManage,
            units: assignable,
            errors: errors, assignURL: SiteURL.surveys(.assign(round.id!)).path, closeURL: SiteURL.surveys(.close(round.id!)).path,
            xlsxURL: org.map { SiteURL.surveys(.xlsx(round.id!, unit: $0.id!)).path } ?? "")
        return try await req.page("survey", title: round.title, model, status: status)
    }

    func close(req: Request) async throws -> Response {
        let r = try await req.surveyRounds.close(try req.id())
        return req.redirect(to: SiteURL.surveys(.show(r.id!)).path + "?ok=survey_closed")
    }

    func assign(req: Request) async throws -> Response {
        if req.isUnitPickerStep { return try await renderRound(req, errors: [:]) }
        let round = try await req.surveyRound()
        let username = req.field("username") ?? ""
        do {
            let user = try await User.query(on: req.db).filter(\.$username == username).first()
            guard let user else {
                throw ValidationFailure(field: "username", "Không có tài khoản “\(username)”.", en: "No account “\(username)”.")
            }
            let unit = req.field("organizationId").flatMap(UUID.init(uuidString:))
            _ = try await req.surveyRounds.assign(round, SurveyAssignInput(userId: user.id, memberId: nil, organizationIds: unit.map { [$0] } ?? []))
            return req.redirect(to: SiteURL.surveys(.show(round.id!)).path + "?ok=survey_assigned")
        } catch let failure as ValidationFailure {
            return try await renderRound(req, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func xlsx(req: Request) async throws -> Response {
        let results = try req.surveyResults(try await req.surveyRound())
        return try await results.xlsx(of: try await results.unit(req.query[UUID.self, at: "donVi"]), today: req.capuy.today())
    }
}
