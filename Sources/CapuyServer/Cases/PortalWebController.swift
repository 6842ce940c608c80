import CapuyCore
import Fluent
import Foundation
import Vapor

/// The citizens' portal pages (issue 4, point 1): no account, phone first,
/// every form working without JavaScript.
struct PortalWebController: RouteCollection {
    let maxUpload: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get("cong-dan", use: home)
        routes.get("cong-dan", "gui", use: form)
        routes.on(.POST, "cong-dan", "gui", body: .collect(maxSize: ByteCount(value: maxUpload + 1_048_576)), use: submit)
        routes.get("cong-dan", "tra-cuu", use: trackForm)
        routes.post("cong-dan", "tra-cuu", use: track)
        routes.get("cong-dan", "ket-luan", use: conclusions)
        routes.get("cong-dan", "lich-tiep", use: schedule)
    }

    struct HomePage: Encodable {
        let submitURL = SiteURL.portalSubmit.path
        let trackURL = SiteURL.portalTrack.path
        let conclusionsURL = SiteURL.portalConclusions.path
        let scheduleURL = SiteURL.portalSchedule.path
    }

    func home(req: Request) async throws -> Response {
        try await req.page("portal", title: req.language.pick("Cổng tiếp nhận ý kiến công dân", "Citizens' portal"), HomePage())
    }

    struct UnitChoice: Encodable { let name: String; let url: String }

    struct FormPage: Encodable {
        let action = SiteURL.portalSubmit.path
        let q: String
        let choices: [UnitChoice]
        let searched: Bool
        let unitId: String?
        let unitName: String?
        let kinds: [SelectOption]
        let topics: [SelectOption]
        let v: [String: String]
        let leader: Bool
        let errors: FormErrors
        let maxMB: Int
        /// Sent back with the form: a second send of the same form (a double
        /// click, a retry after a lost answer) gets the first receipt.
        let submissionKey: String
    }

    func form(req: Request) async throws -> Response {
        let q = req.query[String.self, at: "q"] ?? ""
        let unit = try await req.query[String.self, at: "donVi"].flatMap(UUID.init(uuidString:))
            .asyncMap { try await Organization.find($0, on: req.db) } ?? nil
        return try await renderForm(req, q: q, unit: unit.flatMap { $0.isClosed ? nil : $0 }, values: [:], leader: false, errors: [:])
    }

    private func renderForm(_ req: Request, q: String, unit: Organization?, values: [String: String], leader: Bool,
                            errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.language
        var choices: [UnitChoice] = []
        if unit == nil, !q.isEmpty {
            choices = try await req.casePortal.units(matching: q).map {
                UnitChoice(name: $0.name, url: SiteURL.portalSubmitTo($0.id!).path)
            }
        }
        let kind = values["kind"] ?? ""
        let topic = values["topic"] ?? ""
        let model = FormPage(
            q: q, choices: choices, searched: unit == nil && !q.isEmpty, unitId: unit?.id?.uuidString, unitName: unit?.name,
            kinds: CaseKind.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0.rawValue == kind) },
            topics: CaseTopic.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0.rawValue == topic) },
            v: values, leader: leader, errors: errors, maxMB: req.capuy.settings.attachmentMaxBytes / 1_048_576,
            submissionKey: SubmissionKey.fromForm(values["submissionKey"]) ?? UUID().uuidString)
        return try await req.page("portal-form", title: lang.pick("Gửi kiến nghị, phản ánh, khiếu nại, tố cáo", "Write to the committee"),
                                  model, status: status)
    }

    struct ReceiptPage: Encodable {
        let code: String
        let message: String
        let kind: String
        let keptAsReport: Bool
        let duplicate: Bool
        let trackURL = SiteURL.portalTrack.path
    }

    func submit(req: Request) async throws -> Response {
        let form = CaseForm(req, fields: ["kind", "topic", "title", "content", "subjectPerson", "submissionKey"])
        let unitId = req.field("subjectOrganizationId").flatMap(UUID.init(uuidString:))
        let leader = req.field("subjectIsLeader") == "on"
        let unit = try await unitId.asyncMap { try await Organization.find($0, on: req.db) } ?? nil
        let submission = CaseSubmission(
            kind: form.text("kind"), topic: form.optional("topic"), title: form.text("title"), content: form.text("content"),
            subjectOrganizationId: unit?.id ?? UUID(), subjectPerson: form.optional("subjectPerson"), subjectIsLeader: leader,
            identity: form.identity)
        do {
            let receipt = try await req.caseIntake.submit(submission, files: CaseForm.file(req).map { [$0] } ?? [], client: req.clientKey,
                                                          key: SubmissionKey.fromForm(form.values["submissionKey"]), keyField: "submissionKey")
            let lang = req.language
            let model = ReceiptPage(code: receipt.receiptCode, message: lang.pick(receipt.message, receipt.messageEn),
                                    kind: CaseKind(rawValue: receipt.kind).map { lang.pick($0.label, $0.labelEn) } ?? receipt.kind,
                                    keptAsReport: receipt.kind != receipt.filedKind, duplicate: receipt.duplicateOf)
            return try await req.page("portal-receipt", title: lang.pick("Đã tiếp nhận", "Received"), model, status: .created)
        } catch let failure as ValidationFailure {
            // Identity fields are named without their JSON prefix in the form.
            let errors = FormErrors(failure, req.language).droppingPrefix("identity.")
            return try await renderForm(req, q: "", unit: unit, values: form.values, leader: leader, errors: errors, status: .unprocessableEntity)
        }
    }

    struct TrackPage: Encodable {
        let action = SiteURL.portalTrack.path
        let code: String
        let status: CaseStatusDTO?
        let receivedOn: String?
        let dueOn: String?
        let steps: [CaseStatusDTO.Step]
        let error: String?
    }

    func trackForm(req: Request) async throws -> Response {
        try await req.page("portal-track", title: req.language.pick("Tra cứu hồ sơ", "Follow a case"),
                           TrackPage(code: "", status: nil, receivedOn: nil, dueOn: nil, steps: [], error: nil))
    }

    func track(req: Request) async throws -> Response {
        let code = String((req.field("code") ?? "").prefix(40))
        let title = req.language.pick("Tra cứu hồ sơ", "Follow a case")
        do {
            let s = try await req.casePortal.status(code: code, client: req.clientKey)
            let steps = s.steps.map { CaseStatusDTO.Step(on: DisplayFormat.date($0.on), text: $0.text) }
            return try await req.page("portal-track", title: title, TrackPage(
                code: code, status: s, receivedOn: LocalDate(parsing: s.receivedOn)?.display,
                dueOn: s.dueOn.flatMap(LocalDate.init(parsing:))?.display, steps: steps, error: nil))
        } catch let refusal as Refusal {
            return try await req.page("portal-track", title: title, TrackPage(
                code: code, status: nil, receivedOn: nil, dueOn: nil, steps: [], error: req.language.pick(refusal.message, refusal.messageEn)),
                status: refusal.status)
        }
    }

    struct ConclusionsPage: Encodable {
        struct Row: Encodable { let title: String; let kind: String; let unit: String; let concludedOn: String; let until: String; let paragraphs: [String] }
        let rows: [Row]
    }

    func conclusions(req: Request) async throws -> Response {
        let lang = req.language
        let rows = try await req.casePortal.publishedConclusions().map { c in
            ConclusionsPage.Row(title: c.title, kind: CaseKind(rawValue: c.kind).map { lang.pick($0.label, $0.labelEn) } ?? c.kind, unit: c.unit,
                                concludedOn: DisplayFormat.date(c.concludedOn),
                                until: LocalDate(parsing: c.publishedUntil)?.display ?? "",
                                paragraphs: c.conclusion.split(separator: "\n").map(String.init))
        }
        return try await req.page("portal-conclusions", title: lang.pick("Kết luận giải quyết được công khai", "Published conclusions"),
                                  ConclusionsPage(rows: rows))
    }

    struct SchedulePage: Encodable {
        struct Row: Encodable { let day: String; let unit: String; let host: String; let place: String; let extra: Bool }
        let rows: [Row]
    }

    func schedule(req: Request) async throws -> Response {
        let rows = try await req.casePortal.schedule().map {
            SchedulePage.Row(day: DisplayFormat.date($0.heldOn), unit: $0.organizationName ?? "",
                             host: [$0.hostName, $0.hostTitle].filter { !$0.isEmpty }.joined(separator: ", "), place: $0.place, extra: $0.extra)
        }
        return try await req.page("portal-schedule", title: req.language.pick("Lịch tiếp công dân", "Reception schedule"), SchedulePage(rows: rows))
    }
}
