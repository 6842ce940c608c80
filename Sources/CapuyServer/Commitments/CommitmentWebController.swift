import CapuyCore
import Fluent
import Foundation
import Vapor

/// The commitments pages: the year's list with each commitment's percent,
/// a new commitment, and one commitment with its progress, assessment and
/// reopening forms (CommitmentWebController+Show).
struct CommitmentWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cam-ket", use: list)
        routes.get("cam-ket", "moi", use: newForm)
        routes.post("cam-ket", "moi", use: create)
        routes.get("cam-ket", ":id", use: show)
        routes.post("cam-ket", ":id", "tien-do", use: progress)
        routes.post("cam-ket", ":id", "danh-gia", use: assess)
        routes.post("cam-ket", ":id", "mo-lai", use: reopen)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let url: String; let unit: String; let superior: String; let title: String
            let assessed: Bool; let percent: String?; let soFar: String?
        }
        let year: Int
        let rows: [Row]
        let action = SiteURL.commitments(.list).path
        let prevURL: String
        let nextURL: String
        let newURL: String?
        let myPledgeURL: String?
    }

    func list(req: Request) async throws -> Response {
        let service = try req.commitments
        guard !service.policy.view.isEmpty else { throw Refusal.notFound }
        let lang = req.language
        let year = req.query[Int.self, at: "nam"].flatMap { (2000...9999).contains($0) ? $0 : nil } ?? service.today.year
        let summaries = try await CommitmentAPIController.summaries(try await service.list(year: year), on: req.db)
        let principal = try req.principal
        let model = ListPage(
            year: year,
            rows: summaries.map { s in
                ListPage.Row(url: SiteURL.commitments(.show(s.id)).path, unit: s.organizationName, superior: s.superiorName, title: s.title,
                             assessed: s.status == Commitment.assessed, percent: DisplayFormat.achieved(s.overallPercent, lang),
                             soFar: DisplayFormat.achieved(s.overallSoFar, lang))
            },
            prevURL: SiteURL.commitments(.year(year - 1)).path, nextURL: SiteURL.commitments(.year(year + 1)).path,
            newURL: service.policy.manage.isEmpty ? nil : SiteURL.commitments(.new).path,
            myPledgeURL: principal.memberId.map { SiteURL.commitments(.pledge(member: $0, year: year)).path })
        return try await req.page("commitments", title: lang.pick("Cam kết trách nhiệm", "Responsibility commitments"), model)
    }

    struct FormPage: Encodable {
        struct Row: Encodable {
            let n: Int; let number: Int; let name: String; let unit: String; let target: String; let lower: Bool; let dueOn: String
            let errors: [String: String]
        }
        /// The unit pickers (HTML).
        let units: String
        let superiors: String
        let heads: [SelectOption]
        let rows: [Row]
        let rowCount: Int
        let v: [String: String]
        let errors: FormErrors
        let action = SiteURL.commitments(.new).path
        let cancelURL = SiteURL.commitments(.list).path
    }

    static let indicatorFields = ["name", "unit", "target", "direction", "dueOn"]

    func newForm(req: Request) async throws -> Response {
        let today = req.capuy.today()
        return try await renderForm(req, values: ["year": String(today.year), "signedOn": today.display], rows: [], errors: [:])
    }

    private func renderForm(_ req: Request, values: [String: String], rows: [[String: String]], errors: FormErrors,
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let service = try req.commitments
        guard !service.policy.manage.isEmpty else { throw Refusal.notFound }
        let selected = { (k: String) in values[k].flatMap(UUID.init(uuidString:)) }
        let count = min(CommitmentMath.maxIndicators, max(8, rows.count, rows.filter { !($0["name"] ?? "").isEmpty }.count + 3))
        let model = FormPage(
            units: try await req.unitPicker("organizationId", from: .init(service.policy.manage), selected: selected("organizationId")),
            superiors: try await req.unitPicker("superiorId", from: .init(service.policy.manage), selected: selected("superiorId")),
            heads: try await Self.heads(in: service.policy.manage, selected: selected("headMemberId"), lang: req.language, on: req.db),
            rows: (0..<count).map { n in
                let r = n < rows.count ? rows[n] : [:]
                var rowErrors: [String: String] = [:]
                for f in Self.indicatorFields { rowErrors[f] = errors["row.\(n).\(f)"] }
                return FormPage.Row(n: n, number: n + 1, name: r["name"] ?? "", unit: r["unit"] ?? "", target: r["target"] ?? "",
                                    lower: r["direction"] == IndicatorDirection.lowerIsBetter.rawValue, dueOn: r["dueOn"] ?? "", errors: rowErrors)
            },
            rowCount: count, v: values, errors: errors)
        return try await req.page("commitment-form", title: req.language.pick("Lập bản cam kết trách nhiệm", "New responsibility commitment"),
                                  model, status: status)
    }

    /// Those who may sign for a unit: members holding a post in scope.
    static func heads(in scope: Scope, selected: UUID?, lang: Language, on db: any Database) async throws -> [SelectOption] {
        let posts = try await scope.filter(Position.query(on: db), \.$organizationPath).filter(\.$endOn == nil).limit(1_000).all()
        guard !posts.isEmpty else { return [SelectOption(value: "", label: "—", selected: true)] }
        let members = try await Member.query(on: db).filter(\.$id ~~ Set(posts.map { $0.$member.id })).all()
        let units = Dictionary(uniqueKeysWithValues: try await Organization.many(ids: posts.map { $0.$organization.id }, on: db).map { ($0.id!, $0.name) })
        let postOf = Dictionary(posts.map { ($0.$member.id, $0) }, uniquingKeysWith: { a, _ in a })
        let options = members.map { m -> SelectOption in
            let post = postOf[m.id!]
            let label = [m.fullName, post.map { lang.pick($0.title.label, $0.title.labelEn) } ?? "", post.flatMap { units[$0.$organization.id] } ?? ""].filter { !$0.isEmpty }
            return SelectOption(value: m.id!.uuidString, label: label.joined(separator: " · "), selected: m.id == selected)
        }
        return [SelectOption(value: "", label: "—", selected: selected == nil)] + options.sorted { $0.label < $1.label }
    }

    func create(req: Request) async throws -> Response {
        var v: [String: String] = [:]
        for f in ["organizationId", "superiorId", "headMemberId", "year", "title", "signedOn"] { v[f] = req.field(f) ?? "" }
        let count = min(CommitmentMath.maxIndicators, max(0, Int(req.field("rows") ?? "") ?? 8))
        let rows: [[String: String]] = (0..<count).map { n in
            Dictionary(uniqueKeysWithValues: Self.indicatorFields.map { ($0, req.field("ind-\(n)-\($0)") ?? "") })
        }
        // Blank rows are spare lines of the form, not indicators.
        let filled = rows.indices.filter { !(rows[$0]["name"] ?? "").isEmpty || !(rows[$0]["target"] ?? "").isEmpty }
        if req.isUnitPickerStep { return try await renderForm(req, values: v, rows: rows, errors: [:]) }
        let input = CommitmentInput(
            organizationId: v["organizationId"].flatMap(UUID.init(uuidString:)) ?? UUID(),
            superiorId: v["superiorId"].flatMap(UUID.init(uuidString:)) ?? UUID(),
            headMemberId: v["headMemberId"].flatMap(UUID.init(uuidString:)), year: Int(v["year"] ?? "") ?? 0,
            title: v["title"] ?? "", signedOn: v["signedOn"] ?? "",
            indicators: filled.map { n in
                let r = rows[n]
                return .init(name: r["name"] ?? "", unit: r["unit"] ?? "", target: DecimalInput.parse(r["target"] ?? "", decimalComma: req.language == .vi) ?? .nan,
                             direction: r["direction"].flatMap { $0.isEmpty ? nil : $0 }, dueOn: r["dueOn"])
            })
        do {
            let c = try await req.commitments.create(input)
            return req.redirect(to: SiteURL.commitments(.show(c.id!)).path + "?ok=commitment_saved")
        } catch let failure as ValidationFailure {
            var errors = FormErrors(failure, req.language)
            // "indicators.2.target" names the third filled row; the form shows it on its own line.
            for (k, e) in errors where k.hasPrefix("indicators.") {
                let parts = k.split(separator: ".")
                if parts.count == 3, let i = Int(parts[1]), i < filled.count { errors["row.\(filled[i]).\(parts[2])"] = e }
            }
            return try await renderForm(req, values: v, rows: rows, errors: errors, status: .unprocessableEntity)
        }
    }
}
