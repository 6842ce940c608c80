import CapuyCore
import Fluent
import Foundation
import Vapor

/// Staff pages for cases: the list, intake for every channel, statistics.
/// The case page and its forms live in CaseWebController+Show.
struct CaseWebController: RouteCollection {
    let maxUpload: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get("don-thu", use: list)
        routes.get("don-thu", "moi", use: newForm)
        routes.on(.POST, "don-thu", "moi", body: .collect(maxSize: ByteCount(value: maxUpload + 1_048_576)), use: create)
        routes.get("don-thu", "thong-ke", use: statistics)
        routes.get("don-thu", "thong-ke.xlsx", use: statisticsXLSX)
        routes.get("don-thu", ":id", use: show)
        routes.get("don-thu", ":id", "tep", ":attachmentId", use: download)
        routes.on(.POST, "don-thu", ":id", "tep", body: .collect(maxSize: ByteCount(value: maxUpload + 1_048_576)), use: attach)
        routes.post("don-thu", ":id", "thao-tac", use: act)
        routes.post("don-thu", ":id", "gia-han", use: extend)
        routes.post("don-thu", ":id", "phan-loai", use: classify)
        routes.post("don-thu", ":id", "phan-cong", use: assign)
        routes.post("don-thu", ":id", "nguoi-gui", use: reveal)
        routes.post("don-thu", ":id", "cong-khai", use: publish)
        routes.post("don-thu", ":id", "kiem-tra", use: inspection)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let url: String; let receivedOn: String; let kind: String; let title: String; let unit: String
            let state: String; let due: String; let standing: String?; let standingLabel: String?; let longRunning: Bool
        }
        let q: String
        let states: [SelectOption]
        let kinds: [SelectOption]
        let filters: [SelectOption]
        let total: Int
        let rows: [Row]
        let newURL = SiteURL.caseNew.path
        let statsURL = SiteURL.caseStatistics.path
        let receptionURL = SiteURL.reception.path
        let dialoguesURL = SiteURL.dialogues.path
        let page: Int
        let pages: Int
        let prevURL: String?
        let nextURL: String?
    }

    func list(req: Request) async throws -> Response {
        let lang = req.language
        guard try req.principal.may(.handleCases) else { throw Refusal.notFound }
        let q = try CaseAPIController.listQuery(req)
        let result = try await req.cases.listRows(q)
        let today = req.capuy.today()
        let rows = result.rows.map { c -> ListPage.Row in
            let kind = c.caseKind, state = c.caseState
            let standing = CaseStanding.of(due: c.due, finished: c.finished, today: today, warnDays: CaseRules.warnDays)
            return ListPage.Row(url: SiteURL.caseShow(c.id).path, receivedOn: c.received.display, kind: lang.pick(kind.label, kind.labelEn),
                                title: c.title, unit: c.unit_name, state: lang.pick(state.label, state.labelEn),
                                due: c.due?.display ?? "", standing: standing?.rawValue, standingLabel: standing.map { lang.pick($0.label, $0.labelEn) },
                                longRunning: LongRunning.isLongRunning(received: c.received, today: today, open: state.isOpen,
                                                                       thresholdDays: req.capuy.settings.caseLongRunningDays))
        }
        let pages = max(1, (result.total + q.per - 1) / q.per)
        func link(_ page: Int) -> String {
            var c = URLComponents(); c.path = SiteURL.cases.path
            c.queryItems = [URLQueryItem(name: "page", value: String(page))]
                + [("q", q.text), ("state", q.state?.rawValue), ("kind", q.kind?.rawValue), ("filter", q.filter)]
                .compactMap { k, v in v.flatMap { $0.isEmpty ? nil : URLQueryItem(name: k, value: $0) } }
            return c.string ?? SiteURL.cases.path
        }
        let filterLabels: [(String, String, String)] = [("open", "Đang giải quyết", "Open"), ("overdue", "Quá hạn", "Overdue"),
                                                        ("dueSoon", "Sắp đến hạn", "Due soon"), ("longRunning", "Tồn đọng, kéo dài", "Long-running"),
                                                        ("escalated", "Quá hạn chuyển lên", "Escalated")]
        let model = ListPage(
            q: q.text ?? "",
            states: CaseState.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0 == q.state) },
            kinds: CaseKind.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0 == q.kind) },
            filters: filterLabels.map { SelectOption(value: $0.0, label: lang.pick($0.1, $0.2), selected: $0.0 == q.filter) },
            total: result.total, rows: rows, page: q.page, pages: pages,
            prevURL: q.page > 1 ? link(q.page - 1) : nil, nextURL: q.page < pages ? link(q.page + 1) : nil)
        return try await req.page("cases", title: lang.pick("Đơn thư", "Cases"), model)
    }

    // MARK: intake

    struct FormPage: Encodable {
        let action = SiteURL.caseNew.path
        let channels: [SelectOption]
        let kinds: [SelectOption]
        let topics: [SelectOption]
        let tracks: [SelectOption]
        /// The unit picker (HTML).
        let units: String
        let sessionId: String?
        let sessionLabel: String?
        let v: [String: String]
        let flags: [String: Bool]
        let errors: FormErrors
    }

    func newForm(req: Request) async throws -> Response {
        let session = req.query[String.self, at: "phien"].flatMap(UUID.init(uuidString:))
        var values: [String: String] = ["receivedOn": req.capuy.today().display]
        if session != nil { values["channel"] = CaseChannel.reception.rawValue }
        return try await renderForm(req, values: values, flags: [:], session: session, errors: [:])
    }

    private func renderForm(_ req: Request, values: [String: String], flags: [String: Bool], session: UUID?,
                            errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.language
        let scope = try req.principal.scope(.handleCases)
        guard !scope.isEmpty else { throw Refusal.notFound }
        let s = try await session.asyncMap { try? await req.reception.find($0) } ?? nil
        func options<E: RawRepresentable & CaseIterable>(_ t: E.Type, _ key: String, _ label: (E) -> String) -> [SelectOption] where E.RawValue == String {
            E.allCases.map { SelectOption(value: $0.rawValue, label: label($0), selected: values[key] == $0.rawValue) }
        }
        let model = FormPage(
            channels: options(CaseChannel.self, "channel") { lang.pick($0.label, $0.labelEn) }.filter { $0.value != CaseChannel.portal.rawValue },
            kinds: options(CaseKind.self, "kind") { lang.pick($0.label, $0.labelEn) },
            topics: options(CaseTopic.self, "topic") { lang.pick($0.label, $0.labelEn) },
            tracks: options(CaseTrack.self, "track") { lang.pick($0.label, $0.labelEn) },
            units: try await req.unitPicker("subjectOrganizationId", from: .init(scope), selected: values["subjectOrganizationId"].flatMap(UUID.init(uuidString:))),
            sessionId: s?.id?.uuidString, sessionLabel: s.map { "\(DisplayFormat.date($0.heldOn)) · \($0.hostName)" },
            v: values, flags: flags, errors: errors)
        return try await req.page("case-form", title: lang.pick("Vào sổ đơn thư", "Record a case"), model, status: status)
    }

    func create(req: Request) async throws -> Response {
        let form = CaseForm(req, fields: ["channel", "channelDetail", "kind", "topic", "track", "title", "content", "receivedOn",
                                          "subjectOrganizationId", "subjectPerson"])
        var flags: [String: Bool] = [:]
        for f in ["subjectIsLeader", "complex", "remote"] { flags[f] = req.field(f) == "on" }
        let session = req.field("receptionSessionId").flatMap(UUID.init(uuidString:))
        if req.isUnitPickerStep { return try await renderForm(req, values: form.values, flags: flags, session: session, errors: [:]) }
        let input = CaseIntakeInput(
            kind: form.text("kind"), channel: form.text("channel"), channelDetail: form.optional("channelDetail"), topic: form.optional("topic"),
            title: form.text("title"), content: form.text("content"), receivedOn: form.optional("receivedOn"),
            subjectOrganizationId: form.optional("subjectOrganizationId").flatMap(UUID.init(uuidString:)) ?? UUID(),
            subjectPerson: form.optional("subjectPerson"), subjectMemberId: nil, subjectIsLeader: flags["subjectIsLeader"],
            handlingOrganizationId: nil, handlingReason: nil, track: form.optional("track"), complex: flags["complex"], remote: flags["remote"],
            receptionSessionId: session, identity: form.identity)
        do {
            let receipt = try await req.caseIntake.intake(input, files: CaseForm.file(req).map { [$0] } ?? [],
                                                          staff: try req.principal.scope(.handleCases))
            // The code is shown once, on the case page, for the reply letter.
            return try await CaseShow.render(req, id: receipt.id, receiptCode: receipt.receiptCode, flash: req.language.pick("Đã vào sổ đơn thư.", "Case recorded."))
        } catch let failure as ValidationFailure {
            let errors = FormErrors(failure, req.language).droppingPrefix("identity.")
            return try await renderForm(req, values: form.values, flags: flags, session: session, errors: errors, status: .unprocessableEntity)
        }
    }

    func attach(req: Request) async throws -> Response {
        let id = try req.id()
        guard let file = CaseForm.file(req) else {
            return try await CaseShow.render(req, id: id, errors: ["file": req.language.pick("Chọn một tệp.", "Choose a file.")],
                                             status: .unprocessableEntity)
        }
        do {
            _ = try await req.cases.attach(id, fileName: file.name, bytes: file.bytes)
            return req.redirect(to: SiteURL.caseShow(id).path + "?ok=case_saved")
        } catch let failure as ValidationFailure {
            return try await CaseShow.render(req, id: id, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func download(req: Request) async throws -> Response {
        let a = try await req.cases.attachment(try req.id("attachmentId"), of: try req.id())
        return DownloadResponse.file(a.data, name: a.fileName, type: a.contentType)
    }
}
