import CapuyCore
import Foundation
import Vapor

struct DocumentAPIController: RouteCollection {
    /// Uploads may be this large on the wire; the exact limit (and its
    /// Vietnamese message) is checked by AttachmentRules.
    let maxUpload: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get("document-types", use: types)
        routes.put("document-types", ":code", use: setAbbreviation)
        let docs = routes.grouped("documents")
        docs.get(use: list)
        docs.post(use: create)
        docs.get("register.xlsx", use: registerXLSX)
        docs.get(":id", use: show)
        docs.put(":id", use: update)
        docs.delete(":id", use: delete)
        docs.post(":id", "issue", use: issue)
        docs.get(":id", "chain", use: chain)
        docs.get(":id", "export.docx", use: docx)
        docs.get(":id", "attachments", use: attachments)
        docs.on(.POST, ":id", "attachments", body: .collect(maxSize: ByteCount(value: maxUpload + 1_048_576)), use: attach)
        docs.get(":id", "attachments", ":attachmentId", use: download)
        docs.delete(":id", "attachments", ":attachmentId", use: detach)
        docs.get(":id", "audit", use: audit)
    }

    func types(req: Request) async throws -> [DocumentTypeDTO] {
        try await req.documents.types().map(DocumentTypeDTO.init)
    }

    /// Abbreviations are configuration shared by the whole tree: only an
    /// administrator granted at the top of the tree may change them, not one
    /// whose grant covers a single commune.
    func setAbbreviation(req: Request) async throws -> DocumentTypeDTO {
        guard try req.principal.administersWholeTree else { throw Refusal.forbidden }
        return DocumentTypeDTO(try await req.documents.setAbbreviation(req.parameters.get("code") ?? "", try req.input(DocumentTypeInput.self)))
    }

    struct ListQuery: Content {
        var q: String?
        var type: String?
        var issuerId: UUID?
        var year: Int?
        var termId: UUID?
        var status: String?
        var page: Int?
        var per: Int?
    }

    static func listQuery(_ req: Request) throws -> DocumentService.ListQuery {
        let q = try req.query.decode(ListQuery.self)
        let status = try q.status.flatMap { $0.isEmpty ? nil : $0 }.map {
            guard let s = DocumentStatus(rawValue: $0) else {
                throw ValidationFailure(field: "status", "Trạng thái phải là draft hoặc issued.", en: "Status must be draft or issued.")
            }
            return s
        }
        return DocumentService.ListQuery(text: q.q, type: q.type, issuerId: q.issuerId, year: try QueryYear.check(q.year), termId: q.termId,
                                         status: status, page: q.page ?? 1, per: q.per ?? 50)
    }

    func list(req: Request) async throws -> PageOf<DocumentDTO> {
        let query = try Self.listQuery(req)
        let result = try await req.documents.list(query, in: try req.principal.scope(.viewDocuments))
        return PageOf(items: result.items.map(DocumentDTO.init), page: min(max(query.page, 1), DocumentService.maxPage),
                      per: min(max(query.per, 1), 500), total: result.total)
    }

    func create(req: Request) async throws -> Response {
        let p = try req.principal
        let doc = try await req.documents.createDraft(try req.input(DocumentInput.self), view: p.scope(.viewDocuments),
                                                      manage: p.scope(.manageDocuments))
        return try await DocumentDTO(doc).encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> DocumentDTO {
        DocumentDTO(try await req.documents.find(try req.id(), in: try req.principal.scope(.viewDocuments)))
    }

    func update(req: Request) async throws -> DocumentDTO {
        let p = try req.principal
        return DocumentDTO(try await req.documents.updateDraft(try req.id(), try req.input(DocumentInput.self),
                                                               view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments)))
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let p = try req.principal
        try await req.documents.deleteDraft(try req.id(), view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments))
        return .noContent
    }

    func issue(req: Request) async throws -> DocumentDTO {
        let p = try req.principal
        return DocumentDTO(try await req.documents.issue(try req.id(), try req.input(DocumentIssueInput.self),
                                                         view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments)))
    }

    func chain(req: Request) async throws -> DocumentChainDTO {
        let view = try req.principal.scope(.viewDocuments)
        let doc = try await req.documents.find(try req.id(), in: view)
        return try await DocumentChain(db: req.db).chain(of: doc, view: view)
    }

    func docx(req: Request) async throws -> Response {
        let doc = try await req.documents.find(try req.id(), in: try req.principal.scope(.viewDocuments))
        return try await DocumentExports(db: req.db).docxResponse(doc)
    }

    func registerXLSX(req: Request) async throws -> Response {
        try await DocumentExports(db: req.db).registerResponse(try Self.listQuery(req), in: try req.principal.scope(.viewDocuments),
                                                               service: req.documents, organizations: req.organizations, today: req.capuy.today())
    }

    func attachments(req: Request) async throws -> [AttachmentDTO] {
        try await attachmentService(req).list(of: try req.id(), view: try req.principal.scope(.viewDocuments)).map(AttachmentDTO.init)
    }

    /// The body is the file itself; its name comes in `?fileName=`.
    func attach(req: Request) async throws -> Response {
        let p = try req.principal
        let name = (try? req.query.get(String.self, at: "fileName")) ?? ""
        let bytes = req.body.data.map { Data(buffer: $0) } ?? Data()
        let a = try await attachmentService(req).add(to: try req.id(), fileName: name, bytes: bytes,
                                                     view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments))
        return try await AttachmentDTO(a).encodeResponse(status: .created, for: req)
    }

    func download(req: Request) async throws -> Response {
        let a = try await attachmentService(req).file(try req.id("attachmentId"), of: try req.id(),
                                                      view: try req.principal.scope(.viewDocuments))
        return DownloadResponse.file(a.data, name: a.fileName, type: a.contentType)
    }

    func detach(req: Request) async throws -> HTTPStatus {
        let p = try req.principal
        try await attachmentService(req).remove(try req.id("attachmentId"), of: try req.id(), view: p.scope(.viewDocuments),
                                                manage: p.scope(.manageDocuments))
        return .noContent
    }

    func audit(req: Request) async throws -> [AuditEventDTO] {
        let doc = try await req.documents.find(try req.id(), in: try req.principal.scope(.viewAudit))
        return try await AuditQuery.forEntity(doc.id!, on: req.db).map(AuditEventDTO.init)
    }

    private func attachmentService(_ req: Request) -> AttachmentService {
        AttachmentService(db: req.db, actor: req.actor, today: req.capuy.today(), maxBytes: req.capuy.settings.attachmentMaxBytes)
    }
}
