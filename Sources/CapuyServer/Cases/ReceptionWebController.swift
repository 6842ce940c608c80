import CapuyCore
import Fluent
import Foundation
import Vapor

/// Reception sessions with the month's shortfall warnings (R-REC-1), and
/// dialogues with their minutes and follow-ups.
struct ReceptionWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tiep-cong-dan", use: sessions)
        routes.post("tiep-cong-dan", use: createSession)
        routes.get("doi-thoai", use: dialogues)
        routes.post("doi-thoai", use: createDialogue)
        routes.get("doi-thoai", ":id", use: dialogue)
        routes.post("doi-thoai", ":id", "viec", ":followUpId", "xong", use: followUpDone)
    }

    struct SessionsPage: Encodable {
        struct Row: Encodable { let day: String; let unit: String; let host: String; let place: String; let extra: Bool; let recordURL: String }
        let month: String
        let shortfalls: [ReceptionShortfallDTO]
        let rows: [Row]
        /// The unit picker (HTML).
        let units: String
        let v: [String: String]
        let errors: FormErrors
        let action = SiteURL.reception.path
    }

    func sessions(req: Request) async throws -> Response {
        try await renderSessions(req, values: [:], errors: [:])
    }

    private func renderSessions(_ req: Request, values: [String: String], errors: FormErrors,
                                status: HTTPResponseStatus = .ok) async throws -> Response {
        let service = try req.reception
        guard !service.scope.isEmpty else { throw Refusal.notFound }
        let today = req.capuy.today()
        let (year, month) = try ReceptionAPIController.month(req.query[String.self, at: "thang"], today: today)
        let shortfalls = try await service.shortfalls(year: year, month: month, limit: 200)
        let rows = try await service.sessions(from: today.adding(days: -62), to: today.adding(days: 62))
        let units = try await Organization.many(ids: rows.map { $0.$organization.id }, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        let model = SessionsPage(
            month: String(format: "%02d/%04d", month, year), shortfalls: shortfalls,
            rows: rows.map { s in
                SessionsPage.Row(day: DisplayFormat.date(s.heldOn), unit: names[s.$organization.id] ?? "",
                                 host: [s.hostName, s.hostTitle].filter { !$0.isEmpty }.joined(separator: ", "), place: s.place, extra: s.extra,
                                 recordURL: SiteURL.caseNewFromSession(s.id!).path)
            },
            units: try await req.unitPicker("organizationId", from: .init(service.scope), selected: values["organizationId"].flatMap(UUID.init(uuidString:))),
            v: values, errors: errors)
        return try await req.page("reception", title: req.language.pick("Tiếp công dân", "Citizen reception"), model, status: status)
    }

    func createSession(req: Request) async throws -> Response {
        var v: [String: String] = [:]
        for f in ["organizationId", "heldOn", "hostName", "hostTitle", "place", "notes"] { v[f] = req.field(f) ?? "" }
        if req.isUnitPickerStep { return try await renderSessions(req, values: v, errors: [:]) }
        do {
            _ = try await req.reception.create(ReceptionSessionInput(
                organizationId: v["organizationId"].flatMap(UUID.init(uuidString:)) ?? UUID(), heldOn: v["heldOn"] ?? "",
                hostName: v["hostName"] ?? "", hostTitle: v["hostTitle"], place: v["place"] ?? "", extra: req.field("extra") == "on",
                notes: v["notes"]))
            return req.redirect(to: SiteURL.reception.path + "?ok=case_saved")
        } catch let failure as ValidationFailure {
            return try await renderSessions(req, values: v, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    struct DialoguesPage: Encodable {
        struct Row: Encodable { let url: String; let day: String; let topic: String }
        let rows: [Row]
        /// The unit picker (HTML).
        let units: String
        let v: [String: String]
        let errors: FormErrors
        let action = SiteURL.dialogues.path
    }

    func dialogues(req: Request) async throws -> Response {
        try await renderDialogues(req, values: [:], errors: [:])
    }

    private func renderDialogues(_ req: Request, values: [String: String], errors: FormErrors,
                                 status: HTTPResponseStatus = .ok) async throws -> Response {
        let service = try req.reception
        guard !service.scope.isEmpty else { throw Refusal.notFound }
        let rows = try await service.dialogues().map {
            DialoguesPage.Row(url: SiteURL.dialogue($0.id!).path, day: DisplayFormat.date($0.heldOn), topic: $0.topic)
        }
        let model = DialoguesPage(rows: rows, units: try await req.unitPicker("organizationId", from: .init(service.scope),
                                                                              selected: values["organizationId"].flatMap(UUID.init(uuidString:))),
                                  v: values, errors: errors)
        return try await req.page("dialogues", title: req.language.pick("Đối thoại với nhân dân", "Dialogues"), model, status: status)
    }

    /// Follow-ups are typed one a line as “dd/mm/yyyy việc cần làm”.
    static func followUps(_ text: String) -> [DialogueInput.FollowUp] {
        text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return nil }
            let parts = trimmed.split(separator: " ", maxSplits: 1)
            return DialogueInput.FollowUp(text: parts.count > 1 ? String(parts[1]) : "", dueOn: String(parts[0]))
        }
    }

    func createDialogue(req: Request) async throws -> Response {
        var v: [String: String] = [:]
        for f in ["organizationId", "heldOn", "topic", "participants", "minutes", "followUps"] { v[f] = req.field(f) ?? "" }
        if req.isUnitPickerStep { return try await renderDialogues(req, values: v, errors: [:]) }
        do {
            let d = try await req.reception.createDialogue(DialogueInput(
                organizationId: v["organizationId"].flatMap(UUID.init(uuidString:)) ?? UUID(), heldOn: v["heldOn"] ?? "",
                topic: v["topic"] ?? "", participants: v["participants"] ?? "", minutes: v["minutes"] ?? "",
                followUps: Self.followUps(v["followUps"] ?? "")))
            return req.redirect(to: SiteURL.dialogue(d.id!).path + "?ok=case_saved")
        } catch let failure as ValidationFailure {
            var errors = FormErrors(failure, req.language)
            for (k, e) in errors where k.hasPrefix("followUps.") { errors["followUps"] = e }
            return try await renderDialogues(req, values: v, errors: errors, status: .unprocessableEntity)
        }
    }

    struct DialoguePage: Encodable {
        struct Item: Encodable { let text: String; let due: String; let done: String?; let doneURL: String }
        let day: String
        let topic: String
        let participants: [String]
        let minutes: [String]
        let items: [Item]
        let listURL = SiteURL.dialogues.path
    }

    func dialogue(req: Request) async throws -> Response {
        let (d, f) = try await req.reception.dialogue(try req.id())
        let model = DialoguePage(
            day: DisplayFormat.date(d.heldOn), topic: d.topic,
            participants: d.participants.split(separator: "\n").map(String.init), minutes: d.minutes.split(separator: "\n").map(String.init),
            items: f.map { DialoguePage.Item(text: $0.text, due: DisplayFormat.date($0.dueOn),
                                             done: $0.doneOn.flatMap(LocalDate.init(parsing:))?.display,
                                             doneURL: SiteURL.dialogueFollowUpDone(d.id!, $0.id!).path) })
        return try await req.page("dialogue", title: d.topic, model)
    }

    func followUpDone(req: Request) async throws -> Response {
        let id = try req.id()
        try await req.reception.completeFollowUp(try req.id("followUpId"), of: id)
        return req.redirect(to: SiteURL.dialogue(id).path + "?ok=case_saved")
    }
}
