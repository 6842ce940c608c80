import CapuyCore
import Fluent
import Foundation
import Vapor

extension DocumentWebController {
    func show(req: Request) async throws -> Response {
        try await renderDocument(req, errors: [:])
    }

    func renderDocument(_ req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let p = try req.principal
        let lang = req.language
        let view = p.scope(.viewDocuments)
        let doc = try await req.documents.find(try req.id(), in: view)
        let id = doc.id!
        guard let issuer = try await Organization.find(doc.$issuer.id, on: req.db) else { throw Refusal.notFound }
        let type = try await req.documents.type(doc.typeCode)
        let canManage = p.scope(.manageDocuments).contains(path: doc.issuerPath)
        let files = try await attachments(req).list(of: doc)
        let tasks = try await req.tasks.tasks(of: .document(id))
        let chain = try await DocumentChain(db: req.db).chain(of: doc, view: view)
        let cascade = req.query[Bool.self, at: "chuoi"] ?? false
        let underID = req.query[String.self, at: "duoi"].flatMap(UUID.init(uuidString:))
        let rollup = try await rollupModel(req, doc: doc, under: underID, cascade: cascade, view: view)
        let recipients = try await DocumentService.recipientNames(of: doc, on: req.db)
        // Any unit that issues documents may draft one implementing an issued document.
        let mayImplement = doc.isIssued && p.may(.manageDocuments)
        func chainRow(_ l: DocumentChainDTO.Link) -> LinkRow {
            LinkRow(url: SiteURL.document(l.id).path, label: l.identifier ?? lang.pick("Dự thảo", "Draft"),
                    detail: "\(l.title) · \(l.issuerName)", indent: max(0, l.level - 1))
        }
        let typeName = type.map { lang.pick($0.name, $0.nameEn) } ?? doc.typeCode
        let model = DocumentPage(
            id: id.uuidString, identifier: doc.identifier ?? lang.pick("Dự thảo", "Draft"), isDraft: !doc.isIssued,
            type: typeName, title: doc.title,
            typeBeforeTitle: !VietnameseText.fold(doc.title).hasPrefix(VietnameseText.fold(typeName)), summary: doc.summary,
            contentParagraphs: doc.content.split(whereSeparator: \.isNewline).map(String.init),
            issuer: issuer.name, issuedOn: doc.issuedOn.flatMap(LocalDate.init(parsing:))?.display ?? "",
            signer: [doc.signerTitle, doc.signerName].filter { !$0.isEmpty }.joined(separator: " "),
            recipients: (recipients + doc.recipientsText.split(whereSeparator: \.isNewline).map(String.init)).joined(separator: "; "),
            canManage: canManage, editURL: SiteURL.documentEdit(id).path, issueURL: SiteURL.documentIssue(id).path, deleteURL: SiteURL.documentDelete(id).path,
            issueDate: req.field("issuedOn") ?? req.capuy.today().display,
            attachURL: SiteURL.documentAttach(id).path, assignURL: SiteURL.documentTasks(id).path, docxURL: SiteURL.documentDOCX(id).path,
            implementURL: mayImplement ? SiteURL.documentNew.path + "?trienKhai=\(id)" : nil,
            attachments: files.map {
                AttachmentRow(url: SiteURL.documentAttachment(id, $0.id!).path, name: $0.fileName, size: SizeText.of($0.size),
                              deleteURL: canManage && !doc.isIssued ? SiteURL.documentAttachmentDelete(id, $0.id!).path : nil)
            },
            tasks: tasks.map { TaskRow(id: $0.id?.uuidString ?? "", title: $0.title, deadline: LocalDate(parsing: $0.deadline)?.display ?? $0.deadline,
                                       deliverable: lang.pick($0.deliverable.label, $0.deliverable.labelEn), recipients: $0.assigneeCount,
                                       deadlineURL: canManage ? SiteURL.taskDeadline(id, task: $0.id!).path : nil) },
            kinds: Self.kindOptions(below: issuer.kind, lang),
            deliverables: Deliverable.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0 == .implementingDocument) },
            // A national cascade has thousands of plans: the page lists the
            // first ones; the roll-up and the API carry the whole chain.
            up: chain.up.map(chainRow), down: chain.down.prefix(Self.chainShown).map(chainRow),
            moreDown: max(0, chain.down.count - Self.chainShown),
            standings: TaskStanding.allCases.map { lang.pick($0.label, $0.labelEn) },
            rollupHTML: TallyRow.html(rollup.rows), rollupTotal: rollup.total, cascade: cascade,
            cascadeURL: SiteURL.document(id).path + "?chuoi=true" + (underID.map { "&duoi=\($0)" } ?? ""),
            directURL: SiteURL.document(id).path + (underID.map { "?duoi=\($0)" } ?? ""),
            rollupXLSX: SiteURL.documentRollupXLSX(id).path + "?chuoi=\(cascade)" + (underID.map { "&duoi=\($0)" } ?? ""),
            errors: errors)
        return try await req.page("document", title: doc.identifier ?? doc.title, model, status: status)
    }

    static let chainShown = 300

    /// Every kind that may stand anywhere below the issuer's kind.
    static func kindOptions(below kind: OrganizationKind, _ lang: Language) -> [SelectOption] {
        var seen: [OrganizationKind] = []
        var frontier = Array(kind.allowedChildren)
        while let k = frontier.popLast() {
            guard !seen.contains(k) else { continue }
            seen.append(k)
            frontier += k.allowedChildren
        }
        return OrganizationKind.allCases.filter(seen.contains).map {
            SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: false)
        }
    }

    private func rollupModel(_ req: Request, doc: PartyDocument, under: UUID?, cascade: Bool,
                             view: Scope) async throws -> (rows: [TallyRow], total: TallyRow?) {
        let (result, start) = try await TaskRollup(db: req.db, today: req.capuy.today())
            .document(doc, under: under, cascade: cascade, view: view, organizations: req.organizations)
        guard result.total.total > 0 else { return ([], nil) }
        let this = req.language.pick("Chính đơn vị", "The unit itself")
        let rows = result.rows.map { row in
            TallyRow(name: row.organizationId == start.id ? "\(row.name) (\(this))" : row.name,
                     url: row.organizationId == start.id ? nil : SiteURL.document(doc.id!).path + "?duoi=\(row.organizationId)" + (cascade ? "&chuoi=true" : ""),
                     tally: row.tally, req.language)
        }
        return (rows, TallyRow(name: DocumentExports.totalLabel(start.name, req.language), url: nil, tally: result.total, req.language))
    }

    // MARK: actions

    /// Every form on the document page: run the change with the caller's
    /// scopes; on success go back with a flash, on bad input show the page
    /// again with the messages (`fold` maps them to the form's slots).
    private func act(_ req: Request, ok flash: String, to target: String? = nil,
                     fold: @escaping (ValidationFailure) -> ValidationFailure = { $0 },
                     _ change: (_ id: UUID, _ view: Scope, _ manage: Scope) async throws -> Void) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        do {
            try await change(id, p.scope(.viewDocuments), p.scope(.manageDocuments))
            return req.redirect(to: (target ?? SiteURL.document(id).path) + "?ok=\(flash)")
        } catch let failure as ValidationFailure {
            return try await renderDocument(req, errors: FormErrors(fold(failure), req.language), status: .unprocessableEntity)
        }
    }

    func attachments(_ req: Request) -> AttachmentService {
        AttachmentService(db: req.db, actor: req.actor, today: req.capuy.today(), maxBytes: maxUpload)
    }

    func issue(req: Request) async throws -> Response {
        let input = DocumentIssueInput(issuedOn: req.field("issuedOn") ?? "", number: req.field("number").flatMap { $0.isEmpty ? nil : Int($0) })
        return try await act(req, ok: "issued") { id, view, manage in
            _ = try await req.documents.issue(id, input, view: view, manage: manage)
        }
    }

    func delete(req: Request) async throws -> Response {
        try await act(req, ok: "deleted", to: SiteURL.documents.path) { id, view, manage in
            try await req.documents.deleteDraft(id, view: view, manage: manage)
        }
    }

    struct Upload: Content {
        var file: File
    }

    func attach(req: Request) async throws -> Response {
        try await act(req, ok: "attached") { id, view, manage in
            guard let upload = try? req.content.decode(Upload.self) else {
                throw ValidationFailure(field: "file", "Chọn tệp cần đính kèm.", en: "Choose a file to attach.")
            }
            _ = try await attachments(req).add(to: id, fileName: upload.file.filename, bytes: Data(buffer: upload.file.data),
                                               view: view, manage: manage)
        }
    }

    func detach(req: Request) async throws -> Response {
        let attachmentID = try req.id("attachmentId")
        return try await act(req, ok: "detached") { id, view, manage in
            try await attachments(req).remove(attachmentID, of: id, view: view, manage: manage)
        }
    }

    func download(req: Request) async throws -> Response {
        let a = try await attachments(req).file(try req.id("attachmentId"), of: try req.id(), view: try req.principal.scope(.viewDocuments))
        return DownloadResponse.file(a.data, name: a.fileName, type: a.contentType)
    }

    func assign(req: Request) async throws -> Response {
        let targets = req.field("target") == "children" ? TaskTargetInput(children: true) : TaskTargetInput(kind: req.field("kind"))
        let input = TaskInput(title: req.field("title") ?? "", deadline: req.field("deadline") ?? "",
                              deliverable: req.field("deliverable"), category: nil, targets: targets)
        return try await act(req, ok: "assigned", fold: \.targetsFolded) { id, view, manage in
            _ = try await req.tasks.assign(.document(id), input, view: view, manage: manage)
        }
    }

    /// Gia hạn: a new deadline for one task of the document, with the reason.
    func setDeadline(req: Request) async throws -> Response {
        let taskID = try req.id("taskId")
        guard try await PartyTask.find(taskID, on: req.db)?.documentId == (try req.id()) else { throw Refusal.notFound }
        let input = DeadlineInput(deadline: req.field("deadline") ?? "", reason: req.field("reason"))
        return try await act(req, ok: "extended", fold: { ValidationFailure($0.issues.map { FieldIssue(field: "extend", $0.message, en: $0.messageEn) }) }) {
            _, view, manage in
            _ = try await req.tasks.setDeadline(taskID, input, view: view, manage: manage)
        }
    }

    func docx(req: Request) async throws -> Response {
        let doc = try await req.documents.find(try req.id(), in: try req.principal.scope(.viewDocuments))
        return try await DocumentExports(db: req.db).docxResponse(doc)
    }

    func rollupXLSX(req: Request) async throws -> Response {
        let view = try req.principal.scope(.viewDocuments)
        let doc = try await req.documents.find(try req.id(), in: view)
        return try await DocumentExports.rollupResponse(req, doc: doc, under: req.query[String.self, at: "duoi"].flatMap(UUID.init(uuidString:)),
                                                        cascade: req.query[Bool.self, at: "chuoi"] ?? false, view: view)
    }
}
