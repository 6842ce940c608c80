import CapuyCore
import Fluent
import Foundation
import Vapor

/// `/kiem-tra`: programmes, inspections and the year's figures; one page per
/// inspection with its steps, findings, conclusion and discipline.
struct InspectionWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("kiem-tra")
        r.get(use: index)
        r.post(use: create)
        r.post("chuong-trinh", use: createProgram)
        r.get("thong-ke.xlsx", use: xlsx)
        r.get(":id", use: show)
        r.post(":id", ":step", use: act)
        r.post(":id", "ky-luat", ":decisionId", ":step", use: discipline)
    }

    struct IndexPage: Encodable {
        struct Row: Encodable { let url: String; let title: String; let kind: String; let opened: String; let status: String }
        let rows: [Row]
        let programs: [String]
        let kinds: [SelectOption]
        /// The unit pickers (HTML): the inspected unit, the unit inspected as a subject, the programme's unit.
        let units: String
        let subjectUnits: String
        let programUnits: String
        let figures: [String]
        let v: [String: String]
        let errors: FormErrors
        let action = SiteURL.inspections.path
        let programAction = SiteURL.inspectionPrograms.path
        let xlsxURL: String
    }

    func index(req: Request) async throws -> Response {
        try await renderIndex(req, values: [:], errors: [:])
    }

    private func renderIndex(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let service = try req.inspections
        guard !service.scope.isEmpty else { throw Refusal.notFound }
        let lang = req.language
        let year = req.capuy.today().year
        let stats = try await InspectionStatistics.make(year: year, scope: service.scope, on: req.db)
        let figures = InspectionKind.allCases.map { "\(lang.pick($0.label, $0.labelEn)): \(stats.byKind[$0.rawValue] ?? 0)" }
            + SanctionForm.allCases.map { "\(lang.pick($0.label, $0.labelEn)): \(stats.bySanction[$0.rawValue] ?? 0)" }
        let model = IndexPage(
            rows: try await service.list().map { i in
                .init(url: SiteURL.inspection(i.id!).path, title: i.title, kind: lang.pick(i.kind.label, i.kind.labelEn),
                      opened: DisplayFormat.date(i.openedOn), status: lang.pick(i.state.label, i.state.labelEn))
            },
            programs: try await service.programs().map { "\($0.year) · \($0.title)" },
            kinds: InspectionKind.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0.rawValue == values["kind"]) },
            units: try await req.unitPicker("organizationId", from: .init(service.scope), selected: values["organizationId"].flatMap(UUID.init(uuidString:))),
            subjectUnits: try await req.unitPicker("subjectOrganizationId", from: .init(service.scope),
                                                   selected: values["subjectOrganizationId"].flatMap(UUID.init(uuidString:)), none: "—"),
            programUnits: try await req.unitPicker("organizationId", id: "p-unit", from: .init(service.scope),
                                                   selected: values["organizationId"].flatMap(UUID.init(uuidString:))),
            figures: figures, v: values, errors: errors, xlsxURL: SiteURL.inspectionsXLSX.path)
        return try await req.page("inspections", title: lang.pick("Kiểm tra, giám sát", "Inspection and supervision"), model, status: status)
    }

    func create(req: Request) async throws -> Response {
        var v: [String: String] = [:]
        for f in ["organizationId", "kind", "title", "subjectMemberId", "subjectOrganizationId", "team", "startsOn", "endsOn"] { v[f] = req.field(f) ?? "" }
        if req.isUnitPickerStep { return try await renderIndex(req, values: v, errors: [:]) }
        do {
            let i = try await req.inspections.create(InspectionCreateInput(
                organizationId: v["organizationId"].flatMap(UUID.init(uuidString:)) ?? UUID(), kind: v["kind"] ?? "", title: v["title"] ?? "",
                subjectMemberId: v["subjectMemberId"].flatMap(UUID.init(uuidString:)),
                subjectOrganizationId: v["subjectOrganizationId"].flatMap(UUID.init(uuidString:)),
                team: v["team"], startsOn: v["startsOn"] ?? "", endsOn: v["endsOn"] ?? "", programId: nil))
            return req.redirect(to: SiteURL.inspection(i.id!).path + "?ok=saved")
        } catch let failure as ValidationFailure {
            return try await renderIndex(req, values: v, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func createProgram(req: Request) async throws -> Response {
        var v: [String: String] = [:]
        for f in ["organizationId", "year", "title", "items", "period"] { v[f] = req.field(f) ?? "" }
        if req.isUnitPickerStep { return try await renderIndex(req, values: v, errors: [:]) }
        do {
            _ = try await req.inspections.createProgram(InspectionProgramInput(
                organizationId: v["organizationId"].flatMap(UUID.init(uuidString:)) ?? UUID(), period: v["period"],
                year: Int(v["year"] ?? "") ?? 0, title: v["title"] ?? "", items: v["items"]))
            return req.redirect(to: SiteURL.inspections.path + "?ok=saved")
        } catch let failure as ValidationFailure {
            return try await renderIndex(req, values: v, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func xlsx(req: Request) async throws -> Response {
        let scope = try req.principal.scope(.inspect)
        guard !scope.isEmpty else { throw Refusal.notFound }
        let today = req.capuy.today()
        let year = req.query[Int.self, at: "nam"].flatMap { QueryYear.range.contains($0) ? $0 : nil } ?? today.year
        let stats = try await InspectionStatistics.make(year: year, scope: scope, on: req.db)
        let title = ExportTitle(heading: "Kiểm tra, giám sát, kỷ luật", unit: try await req.organizations.exportUnit(scope),
                                period: ExportTitle.year(year), madeOn: today)
        return DownloadResponse.file(try stats.xlsx(title), name: title.fileName("xlsx"), type: XLSXWorkbook.contentType)
    }
}
