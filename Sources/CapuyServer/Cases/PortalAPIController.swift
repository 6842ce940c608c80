import CapuyCore
import Foundation
import Vapor

/// The citizens' API: no account, throttled per client (issue 4, point 1).
struct PortalAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let portal = routes.grouped("public")
        portal.post("cases", use: submit)
        portal.post("cases", "status", use: status)
        portal.get("conclusions", use: conclusions)
        portal.get("reception-sessions", use: schedule)
        portal.get("units", use: units)
    }

    func submit(req: Request) async throws -> Response {
        let receipt = try await req.caseIntake.submit(try req.input(CaseSubmission.self), files: [], client: req.clientKey,
                                                      key: req.headers.first(name: PortalSubmissionKey.header))
        return try await receipt.encodeResponse(status: .created, for: req)
    }

    struct CodeInput: Content { var receiptCode: String }

    /// The code travels in the body, not the URL, so it stays out of logs and history.
    func status(req: Request) async throws -> CaseStatusDTO {
        try await req.casePortal.status(code: try req.input(CodeInput.self).receiptCode, client: req.clientKey)
    }

    func conclusions(req: Request) async throws -> [PublishedConclusionDTO] {
        try await req.casePortal.publishedConclusions()
    }

    func schedule(req: Request) async throws -> [ReceptionSessionDTO] {
        try await req.casePortal.schedule()
    }

    struct UnitOption: Content { let id: UUID; let name: String }

    func units(req: Request) async throws -> [UnitOption] {
        try await req.casePortal.units(matching: req.query[String.self, at: "q"] ?? "").map { UnitOption(id: $0.id!, name: $0.name) }
    }
}

/// Staff API for reception sessions and dialogues.
struct ReceptionAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reception-sessions", use: list)
        routes.post("reception-sessions", use: create)
        routes.get("reception-sessions", "shortfalls", use: shortfalls)
        routes.get("dialogues", use: dialogues)
        routes.post("dialogues", use: createDialogue)
        routes.get("dialogues", ":id", use: dialogue)
        routes.post("dialogues", ":id", "follow-ups", ":followUpId", "done", use: followUpDone)
    }

    func list(req: Request) async throws -> [ReceptionSessionDTO] {
        struct Q: Content { var from: String?; var to: String? }
        let q = try req.query.decode(Q.self)
        let today = req.capuy.today()
        let from = q.from.flatMap(LocalDate.init(parsing:)) ?? today.adding(days: -31)
        let to = q.to.flatMap(LocalDate.init(parsing:)) ?? today.adding(days: 62)
        let rows = try await req.reception.sessions(from: from, to: to)
        let units = try await Organization.many(ids: rows.map { $0.$organization.id }, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        return rows.map { ReceptionSessionDTO($0, unitName: names[$0.$organization.id], withNotes: true) }
    }

    func create(req: Request) async throws -> Response {
        let s = try await req.reception.create(try req.input(ReceptionSessionInput.self))
        return try await ReceptionSessionDTO(s, unitName: nil, withNotes: true).encodeResponse(status: .created, for: req)
    }

    /// `month` as yyyy-MM; this month by default.
    func shortfalls(req: Request) async throws -> [ReceptionShortfallDTO] {
        let (year, month) = try Self.month(req.query[String.self, at: "month"], today: req.capuy.today())
        return try await req.reception.shortfalls(year: year, month: month)
    }

    static func month(_ raw: String?, today: LocalDate) throws -> (Int, Int) {
        guard let raw, !raw.isEmpty else { return (today.year, today.month) }
        let parts = raw.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1900...9999).contains(y), (1...12).contains(m) else {
            throw ValidationFailure(field: "month", "Tháng viết dạng yyyy-MM, ví dụ 2026-11.", en: "Write the month as yyyy-MM, e.g. 2026-11.")
        }
        return (y, m)
    }

    func dialogues(req: Request) async throws -> [DialogueDTO] {
        try await req.reception.dialogues().map { ReceptionService.dto($0, []) }
    }

    func createDialogue(req: Request) async throws -> Response {
        let service = try req.reception
        let d = try await service.createDialogue(try req.input(DialogueInput.self))
        let (dialogue, follow) = try await service.dialogue(d.id!)
        return try await ReceptionService.dto(dialogue, follow).encodeResponse(status: .created, for: req)
    }

    func dialogue(req: Request) async throws -> DialogueDTO {
        let (d, f) = try await req.reception.dialogue(try req.id())
        return ReceptionService.dto(d, f)
    }

    func followUpDone(req: Request) async throws -> DialogueDTO {
        let service = try req.reception
        try await service.completeFollowUp(try req.id("followUpId"), of: try req.id())
        let (d, f) = try await service.dialogue(try req.id())
        return ReceptionService.dto(d, f)
    }
}
