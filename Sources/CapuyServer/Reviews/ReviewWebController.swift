import CapuyCore
import Fluent
import Foundation
import Vapor

/// The review pages: rounds, a member's self-assessment on a phone, a unit's
/// table where the cell proposes and the committee decides, the collective
/// form, and the results with drill-down and exports.
struct ReviewWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("danh-gia")
        r.get(use: rounds)
        r.post(use: openRound)
        r.get(":id", use: round)
        r.post(":id", "dong", use: close)
        r.post(":id", "mo-lai", use: reopen)
        r.get(":id", "tu-danh-gia", ":memberId", use: selfForm)
        r.post(":id", "tu-danh-gia", ":memberId", use: selfSubmit)
        r.get(":id", "don-vi", ":unitId", use: unitTable)
        r.post(":id", "don-vi", ":unitId", "chi-bo", use: cellSubmit)
        r.post(":id", "don-vi", ":unitId", "quyet-dinh", use: decideSubmit)
        r.get(":id", "tap-the", ":unitId", use: collective)
        r.post(":id", "tap-the", ":unitId", use: collectiveSubmit)
        r.post(":id", "tap-the", ":unitId", "quyet-dinh", use: collectiveDecide)
        r.get(":id", "ket-qua", use: results)
        r.get(":id", "mau-01.xlsx", use: summaryXLSX)
        r.get(":id", "quyet-dinh.docx", use: decisionDOCX)
    }

    // MARK: rounds

    struct RoundsPage: Encodable {
        struct Row: Encodable { let url: String; let title: String; let unit: String; let status: String; let open: Bool }
        let rows: [Row]
        let canOpen: Bool
        /// The unit picker (HTML).
        let units: String
        let periods: [SelectOption]
        let v: [String: String]
        let errors: FormErrors
        let action = SiteURL.reviews.path
    }

    func rounds(req: Request) async throws -> Response {
        try await renderRounds(req, values: [:], errors: [:])
    }

    private func renderRounds(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.language
        let list = try await req.reviewRounds.visible()
        let names = Dictionary(uniqueKeysWithValues: try await Organization.many(ids: list.map { $0.$organization.id }, on: req.db).map { ($0.id!, $0.name) })
        let manage = try req.principal.scope(.manageReviews)
        let period = values["period"] ?? "year"
        let model = RoundsPage(
            rows: list.map { r in
                RoundsPage.Row(url: SiteURL.reviewRound(r.id!).path, title: r.title, unit: names[r.$organization.id] ?? "",
                               status: Self.statusLabel(r.status, lang), open: r.isOpen)
            },
            canOpen: !manage.isEmpty,
            units: manage.isEmpty ? "" : try await req.unitPicker("organizationId", from: .init(manage), selected: values["organizationId"].flatMap(UUID.init(uuidString:))),
            periods: ReviewPeriod.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0.rawValue == period) },
            v: values, errors: errors)
        return try await req.page("reviews", title: lang.pick("Đánh giá, xếp loại chất lượng", "Reviews and ratings"), model, status: status)
    }

    static func statusLabel(_ s: RoundStatus, _ lang: Language) -> String {
        s == .open ? lang.pick("Đang mở", "Open") : lang.pick("Đã đóng, công bố kết quả", "Closed, results published")
    }

    func openRound(req: Request) async throws -> Response {
        var v: [String: String] = [:]
        for f in ["organizationId", "year", "period", "title", "selfFrom", "selfTo", "unitReviewBy", "decisionBy"] { v[f] = req.field(f) ?? "" }
        if req.isUnitPickerStep { return try await renderRounds(req, values: v, errors: [:]) }
        do {
            let r = try await req.reviewRounds.open(ReviewRoundInput(
                organizationId: v["organizationId"].flatMap(UUID.init(uuidString:)) ?? UUID(), year: Int(v["year"] ?? "") ?? 0,
                period: v["period"], title: v["title"], selfFrom: v["selfFrom"] ?? "", selfTo: v["selfTo"] ?? "",
                unitReviewBy: v["unitReviewBy"] ?? "", decisionBy: v["decisionBy"] ?? ""))
            return req.redirect(to: SiteURL.reviewRound(r.id!).path + "?ok=review_saved")
        } catch let failure as ValidationFailure {
            return try await renderRounds(req, values: v, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        } catch let refusal as Refusal where refusal.status == .conflict {
            return try await renderRounds(req, values: v, errors: ["organizationId": req.language.pick(refusal.message, refusal.messageEn)],
                                          status: .conflict)
        }
    }

    struct RoundPage: Encodable {
        struct Unit: Encodable { let name: String; let membersURL: String; let collectiveURL: String? }
        let title: String
        let unit: String
        let status: String
        let isOpen: Bool
        let timetable: [String]
        let canManage: Bool
        let closeURL: String
        let reopenURL: String
        let selfURL: String?
        let units: [Unit]
        let resultsURL: String
    }

    func round(req: Request) async throws -> Response {
        let round = try await req.reviewRound()
        let lang = req.language
        let principal = try req.principal
        let owner = try await Organization.find(round.$organization.id, on: req.db)
        var selfURL: String?
        var ownUnit: UUID?
        // Members of the round's own unit (a grassroots cell reviewing itself) are in it too;
        // one whose unit runs its own round inside this one is sent to that round.
        if let mid = principal.memberId, let m = try await Member.find(mid, on: req.db), round.covers(m.organizationPath),
           let owner = try await ReviewRound.owning(m.organizationPath, year: round.year, period: round.periodRaw, strictly: false, on: req.db) {
            selfURL = SiteURL.reviewSelf(owner.id!, member: mid).path
            ownUnit = m.$organization.id
        }
        // The units whose members or own review this user keeps, within the round.
        let keep = Scope(principal.scope(.reviewUnits).roots + principal.scope(.manageReviews).roots)
        guard let roundPath = TreePath(round.organizationPath) else { throw Refusal.notFound }
        let within = keep.roots.compactMap { root -> TreePath? in
            root.isWithin(roundPath) ? root : roundPath.isWithin(root) ? roundPath : nil
        }
        let units = within.isEmpty ? [] : try await Scope(within).filter(Organization.query(on: req.db), \.$path)
            .filter(\.$closedOn == nil).sort(\.$path).limit(300).all()
        let model = RoundPage(
            title: round.title, unit: owner?.name ?? "", status: Self.statusLabel(round.status, lang), isOpen: round.isOpen,
            timetable: [
                lang.pick("Tự đánh giá", "Self-assessment") + ": " + DisplayFormat.date(round.selfFrom) + " – " + DisplayFormat.date(round.selfTo),
                lang.pick("Chi bộ nhận xét, đề xuất trước", "Cell reviews by") + ": " + DisplayFormat.date(round.unitReviewBy),
                lang.pick("Quyết định xếp loại trước", "Decisions by") + ": " + DisplayFormat.date(round.decisionBy),
            ],
            canManage: principal.scope(.manageReviews).contains(path: round.organizationPath),
            closeURL: SiteURL.reviewClose(round.id!).path, reopenURL: SiteURL.reviewReopen(round.id!).path, selfURL: selfURL,
            units: units.map { u in
                RoundPage.Unit(name: String(repeating: "— ", count: max(0, u.treePath.depth - roundPath.depth)) + u.name,
                               membersURL: SiteURL.reviewUnit(round.id!, unit: u.id!).path,
                               collectiveURL: u.path == round.organizationPath ? nil : SiteURL.reviewCollective(round.id!, unit: u.id!).path)
            },
            // Results open at the highest unit the user may read them for: the round's, hers, or her cell's.
            resultsURL: SiteURL.reviewResults(round.id!, unit: principal.scope(.manageReviews).contains(path: round.organizationPath)
                                              ? nil : units.first?.id ?? ownUnit).path)
        return try await req.page("review-round", title: round.title, model)
    }

    func close(req: Request) async throws -> Response {
        let r = try await req.reviewRounds.close(try req.id())
        return req.redirect(to: SiteURL.reviewRound(r.id!).path + "?ok=review_closed")
    }

    func reopen(req: Request) async throws -> Response {
        let id = try req.id()
        do {
            _ = try await req.reviewRounds.reopen(id, reason: req.field("reason") ?? "")
            return req.redirect(to: SiteURL.reviewRound(id).path + "?ok=review_saved")
        } catch let failure as ValidationFailure {
            throw Refusal(.unprocessableEntity, failure.issues.map { req.language.pick($0.message, $0.messageEn) }.joined(separator: " "),
                          en: failure.issues.map(\.messageEn).joined(separator: " "))
        }
    }

    static func levelOptions(_ lang: Language, selected: String?, blank: Bool) -> [SelectOption] {
        (blank ? [SelectOption(value: "", label: "—", selected: selected == nil || selected == "")] : [])
            + RatingLevel.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0.rawValue == selected) }
    }

    static func levelLabel(_ raw: String?, _ lang: Language) -> String {
        raw.flatMap(RatingLevel.init(rawValue:)).map { lang.pick($0.label, $0.labelEn) } ?? ""
    }
}
