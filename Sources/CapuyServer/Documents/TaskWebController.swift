import CapuyCore
import Fluent
import Foundation
import Vapor

/// The recipients' page: tasks received by my units, with a progress form each.
struct TaskWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("nhiem-vu", use: inbox)
        routes.post("nhiem-vu", ":id", "bao-cao", use: report)
        routes.post("nhiem-vu", ":id", "da-nhan", use: acknowledge)
    }

    func inbox(req: Request) async throws -> Response {
        try await renderInbox(req, errors: [:], errorFor: nil)
    }

    func renderInbox(_ req: Request, errors: FormErrors, errorFor: UUID?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let p = try req.principal
        let lang = req.language
        let today = req.capuy.today()
        let showAll = req.query[Bool.self, at: "tatCa"] ?? false
        let view = p.scope(.viewDocuments)
        let items = try await req.tasks.inbox(in: view, organizationId: nil, openOnly: !showAll)
        let tasks = try await PartyTask.query(on: req.db).filter(\.$id ~~ Array(Set(items.map { $0.$task.id }))).all()
        let taskByID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id!, $0) })
        let docs = try await PartyDocument.query(on: req.db).filter(\.$id ~~ Array(Set(items.compactMap(\.documentId)))).all()
        let docByID = Dictionary(uniqueKeysWithValues: docs.map { ($0.id!, $0) })
        let units = try await Organization.query(on: req.db).filter(\.$id ~~ Array(Set(items.map { $0.$organization.id }))).all()
        let unitByID = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
        // Deliverable choices: issued documents of the unit that implement the assigning one.
        // Read only those of the inbox's units: a national resolution has thousands.
        let implementing = try await PartyDocument.query(on: req.db).filter(\.$implementsId ~~ docs.map { $0.id! })
            .filter(\.$issuer.$id ~~ units.map { $0.id! })
            .filter(\.$statusRaw == DocumentStatus.issued.rawValue).all()
        let reporter = p.scope(.reportTasks)
        let rows = items.map { a -> InboxRow in
            let task = taskByID[a.$task.id]
            let doc = a.documentId.flatMap { docByID[$0] }
            let standing = a.standing(today: today)
            let options = implementing.filter { $0.implementsId == a.documentId && $0.$issuer.id == a.$organization.id }
                .map { SelectOption(value: $0.id!.uuidString, label: "\($0.identifier ?? "") \($0.title)", selected: $0.id == a.deliverableDocumentId) }
            return InboxRow(
                id: a.id!.uuidString, unit: unitByID[a.$organization.id]?.name ?? "", task: task?.title ?? "",
                documentURL: doc.map { SiteURL.document($0.id!).path },
                documentLabel: doc.map { "\($0.identifier ?? "") \($0.title)" } ?? lang.pick("Chương trình công tác", "Work program"),
                deadline: LocalDate(parsing: a.deadline)?.display ?? a.deadline,
                standing: lang.pick(standing.label, standing.labelEn), standingKey: standing.rawValue, percent: a.percent,
                note: a.note ?? "", open: a.completedOn == nil && reporter.contains(path: a.organizationPath),
                reportURL: SiteURL.assignmentReport(a.id!).path,
                acknowledgeURL: a.acknowledgedAt == nil && a.completedOn == nil && reporter.contains(path: a.organizationPath)
                    ? SiteURL.assignmentAcknowledge(a.id!).path : nil,
                link: a.deliverableLink ?? "", needsDocument: task?.deliverable == .implementingDocument,
                documentOptions: options)
        }
        let notices = try await NoticeService(db: req.db, actor: req.actor).list(in: view, limit: 20).map {
            InboxNotice(message: lang == .en ? $0.messageEn ?? $0.message : $0.message, url: $0.thingURL)
        }
        let model = InboxPage(rows: rows, showAll: showAll, toggleURL: SiteURL.inbox.path + (showAll ? "" : "?tatCa=true"),
                              notices: notices, errors: errors.keys.sorted().compactMap { errors[$0] }, errorFor: errorFor?.uuidString ?? "")
        return try await req.page("inbox", title: lang.pick("Nhiệm vụ được giao", "My tasks"), model, status: status)
    }

    /// "Đã nhận": the unit confirms it received the task.
    func acknowledge(req: Request) async throws -> Response {
        _ = try await req.tasks.acknowledge(try req.id(), report: try req.principal.scope(.reportTasks))
        return req.redirect(to: SiteURL.inbox.path + "?ok=acknowledged")
    }

    func report(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        let input = ProgressInput(percent: req.field("percent").flatMap { Int($0) } ?? -1, note: req.field("note"),
                                  deliverableDocumentId: req.field("deliverableDocumentId").flatMap(UUID.init(uuidString:)),
                                  deliverableLink: req.field("deliverableLink"), completedOn: req.field("completedOn")?.nilIfEmpty)
        do {
            _ = try await req.tasks.report(id, input, view: p.scope(.viewDocuments), report: p.scope(.reportTasks))
            return req.redirect(to: SiteURL.inbox.path + "?ok=reported")
        } catch let failure as ValidationFailure {
            return try await renderInbox(req, errors: FormErrors(failure, req.language), errorFor: id, status: .unprocessableEntity)
        }
    }
}
