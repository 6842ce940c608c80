import CapuyCore
import Fluent
import Foundation
import Vapor

/// The case page: its facts, history and the forms a handler acts with.
enum CaseShow {
    struct Page: Encodable {
        struct Step: Encodable { let at: String; let text: String; let isPublic: Bool; let actor: String }
        struct File: Encodable { let name: String; let url: String; let size: String }
        struct Fact: Encodable { let label: String; let value: String }
        struct ActionForm: Encodable { let value: String; let label: String; let needsReason: Bool; let isConclude: Bool }

        let id: String
        let receiptCode: String?
        let title: String
        let facts: [Fact]
        let paragraphs: [String]
        let state: String
        let standing: String?
        let standingLabel: String?
        let longRunning: Bool
        let steps: [Step]
        let files: [File]
        let handlers: [String]
        let isHandler: Bool
        let hasIdentity: Bool
        let identity: SubmitterIdentity?
        /// A predecessor's case: read, never changed, from this page.
        let readOnly: Bool
        let actions: [ActionForm]
        let canExtend: Bool
        let canPublish: Bool
        let canInspect: Bool
        let conclusion: [String]
        let kinds: [SelectOption]
        let topics: [SelectOption]
        let tracks: [SelectOption]
        /// The handling unit picker (HTML).
        let units: String
        let complex: Bool
        let remote: Bool
        let urls: [String: String]
        let errors: FormErrors
    }

    static func render(_ req: Request, id: UUID, receiptCode: String? = nil, identity: SubmitterIdentity? = nil,
                       errors: FormErrors = [:], flash: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.language
        let p = try req.principal
        let service = try req.cases
        let c = try await service.read(id)
        // A predecessor's case (issue 15): shown, with no form to change it.
        let readOnly = !service.mayAct(on: c)
        let dto = req.caseDTO(c)
        let units = try await Organization.many(ids: [c.$handlingOrg.id, c.$subjectOrg.id], on: req.db)
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        let events = try await service.events(of: c)
        let files = try await service.attachments(of: c)
        let handlers = try await service.handlers(of: c)
        let standing = dto.standing.flatMap(CaseStanding.init(rawValue:))
        var facts: [[String]] = [
            [lang.pick("Loại đơn", "Kind"), lang.pick(c.kind.label, c.kind.labelEn) + (c.filedKind != c.kind ? " (" + lang.pick("gửi là ", "filed as ") + lang.pick(c.filedKind.label, c.filedKind.labelEn) + ")" : "")],
            [lang.pick("Trình tự", "Track"), lang.pick(c.track.label, c.track.labelEn) + (c.complex ? lang.pick(" · phức tạp", " · complex") : "") + (c.remote ? lang.pick(" · vùng sâu, vùng xa", " · remote area") : "")],
            [lang.pick("Nguồn", "Channel"), lang.pick(c.channel.label, c.channel.labelEn) + (c.channelDetail.isEmpty ? "" : " · " + c.channelDetail)],
            [lang.pick("Lĩnh vực", "Topic"), lang.pick(c.topic.label, c.topic.labelEn)],
            [lang.pick("Tổ chức được phản ánh", "Subject unit"), names[c.$subjectOrg.id] ?? ""],
            [lang.pick("Đơn vị giải quyết", "Handling unit"), names[c.$handlingOrg.id] ?? ""],
            [lang.pick("Ngày tiếp nhận", "Received"), c.received.display],
        ]
        if let person = c.subjectPerson { facts.insert([lang.pick("Người bị phản ánh", "Person named"), person], at: 5) }
        if let a = c.acceptedOn.flatMap(LocalDate.init(parsing:)) { facts.append([lang.pick("Ngày thụ lý", "Accepted"), a.display]) }
        if let d = c.due { facts.append([lang.pick("Hạn", "Due"), d.display + (c.extensions > 0 ? lang.pick(" (đã gia hạn \(c.extensions) lần)", " (extended \(c.extensions)×)") : "")]) }
        if c.duplicateOfId != nil { facts.append([lang.pick("Trùng", "Duplicate"), lang.pick("Trùng với một hồ sơ đang giải quyết", "Repeats an open case")]) }
        if let until = c.publishedUntil.flatMap(LocalDate.init(parsing:)) { facts.append([lang.pick("Công khai đến", "Public until"), until.display]) }
        let scope = p.scope(.handleCases)
        // The units above the handler's own are offered too: a case may be sent up.
        let above = try await Organization.many(paths: scope.rootsAndAncestors.filter { path in !scope.contains(path: path) }, on: req.db)
        let chosenUnit = (req.method == .POST ? req.field("handlingOrganizationId").flatMap(UUID.init(uuidString:)) : nil) ?? c.$handlingOrg.id
        let unitPicker = try await req.unitPicker("handlingOrganizationId", from: .init(scope), selected: chosenUnit,
                                                  pinned: above.sorted { $0.path < $1.path })
        let isHandler = !readOnly && handlers.contains { $0.id == p.userId }
        let model = Page(
            id: id.uuidString, receiptCode: receiptCode, title: c.title, facts: facts.map { Page.Fact(label: $0[0], value: $0[1]) },
            paragraphs: c.content.split(separator: "\n").map(String.init), state: lang.pick(c.state.label, c.state.labelEn),
            standing: standing?.rawValue, standingLabel: standing.map { lang.pick($0.label, $0.labelEn) }, longRunning: dto.longRunning,
            steps: events.map { Page.Step(at: DisplayFormat.dateTime($0.at), text: $0.note, isPublic: $0.isPublic, actor: $0.actorName) },
            files: files.map { Page.File(name: $0.fileName, url: SiteURL.caseAttachment(id, $0.id!).path, size: "\(max(1, $0.size / 1024)) KB") },
            handlers: handlers.map(\.displayName), isHandler: isHandler, hasIdentity: c.identitySealed != nil, identity: identity,
            readOnly: readOnly,
            actions: readOnly ? [] : CaseWorkflow.actions(from: c.state).map {
                Page.ActionForm(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), needsReason: $0.needsReason, isConclude: $0 == .conclude)
            },
            canExtend: !readOnly && c.state.isRunningAgainstLimit,
            canPublish: !readOnly && [.concluded, .notified, .closed].contains(c.state) && c.publishedUntil == nil,
            canInspect: !readOnly && c.inspectionId == nil && (c.state == .accepted || c.state == .verifying),
            conclusion: (c.conclusion ?? "").split(separator: "\n").map(String.init),
            kinds: CaseKind.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0 == c.kind) },
            topics: CaseTopic.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0 == c.topic) },
            tracks: CaseTrack.tracks(for: c.kind).map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0 == c.track) },
            units: unitPicker, complex: c.complex, remote: c.remote,
            urls: ["list": SiteURL.cases.path, "act": SiteURL.caseAction(id).path, "extend": SiteURL.caseExtend(id).path,
                   "classify": SiteURL.caseClassify(id).path, "assign": SiteURL.caseAssign(id).path, "reveal": SiteURL.caseReveal(id).path,
                   "publish": SiteURL.casePublish(id).path, "inspect": SiteURL.caseInspection(id).path,
                   "attach": SiteURL.caseAttach(id).path],
            errors: errors)
        return try await req.page("case", title: c.title, model, status: status, flash: flash)
    }
}

extension CaseWebController {
    func show(req: Request) async throws -> Response {
        try await CaseShow.render(req, id: try req.id())
    }

    /// Runs a change and returns to the case page, or shows it again with the
    /// refusal under the form that caused it.
    private func change(_ req: Request, ok: String, _ body: (UUID) async throws -> Void) async throws -> Response {
        let id = try req.id()
        do {
            try await body(id)
            return req.redirect(to: SiteURL.caseShow(id).path + "?ok=" + ok)
        } catch let failure as ValidationFailure {
            return try await CaseShow.render(req, id: id, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func act(req: Request) async throws -> Response {
        try await change(req, ok: "case_saved") { id in
            _ = try await req.cases.act(id, CaseActionInput(action: req.field("action") ?? "", note: req.field("note"), conclusion: req.field("conclusion")))
        }
    }

    func extend(req: Request) async throws -> Response {
        try await change(req, ok: "case_extended") { id in _ = try await req.cases.extend(id, reason: req.field("reason") ?? "") }
    }

    func classify(req: Request) async throws -> Response {
        if req.isUnitPickerStep { return try await CaseShow.render(req, id: try req.id()) }
        return try await change(req, ok: "case_saved") { id in
            _ = try await req.cases.classify(id, CaseClassifyInput(
                kind: req.field("kind"), topic: req.field("topic"), track: req.field("track"),
                complex: req.field("complex") == "on", remote: req.field("remote") == "on", subjectMemberId: nil, subjectIsLeader: nil,
                handlingOrganizationId: req.field("handlingOrganizationId").flatMap(UUID.init(uuidString:)), reason: req.field("reason"),
                downDecision: req.field("downDecision").flatMap { $0.isEmpty ? nil : $0 }))
        }
    }

    func assign(req: Request) async throws -> Response {
        try await change(req, ok: "case_saved") { id in
            let username = (req.field("username") ?? "").lowercased()
            // An unknown name gets the same answer as an account that may not
            // handle the case, so the form tells nothing about other units' accounts.
            let user = try await User.query(on: req.db).filter(\.$username == username).first()
            _ = try await req.cases.assign(id, userId: user?.id ?? UUID())
        }
    }

    /// Shows the identity on this one response, never in a URL or a redirect.
    func reveal(req: Request) async throws -> Response {
        let id = try req.id()
        do {
            let identity = try await req.cases.revealIdentity(id, reason: req.field("reason") ?? "", userId: try req.principal.userId)
            return try await CaseShow.render(req, id: id, identity: identity)
        } catch let failure as ValidationFailure {
            return try await CaseShow.render(req, id: id, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func publish(req: Request) async throws -> Response {
        try await change(req, ok: "case_published") { id in
            let typed = req.field("days") ?? ""
            guard typed.isEmpty || Int(typed) != nil else {
                throw ValidationFailure(field: "days", "Số ngày công khai phải là số nguyên.", en: "The number of days must be a whole number.")
            }
            _ = try await req.cases.publish(id, days: Int(typed))
        }
    }

    func inspection(req: Request) async throws -> Response {
        try await change(req, ok: "case_saved") { id in _ = try await req.cases.openInspection(id, title: req.field("inspectionTitle") ?? "") }
    }
}
