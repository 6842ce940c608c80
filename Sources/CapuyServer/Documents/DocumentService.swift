import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Use cases on documents: the register, drafts and reading. Issuing and
/// numbering live in DocumentService+Issue, links in +Chain.
struct DocumentService {
    let db: any Database
    let actor: Actor
    let today: LocalDate

    struct ListQuery {
        var text: String?
        var type: String?
        var issuerId: UUID?
        var year: Int?
        var termId: UUID?
        var status: DocumentStatus?
        var page = 1
        var per = 50
    }

    static let maxPage = 1_000_000

    func types() async throws -> [DocumentType] {
        try await DocumentType.query(on: db).sort(\.$sortOrder).all()
    }

    func type(_ code: String) async throws -> DocumentType? {
        try await DocumentType.query(on: db).filter(\.$code == code).first()
    }

    /// Changes a type's abbreviation (R-DOC-2 is configurable). Documents
    /// already issued keep the identifier they were given.
    func setAbbreviation(_ code: String, _ input: DocumentTypeInput) async throws -> DocumentType {
        let abbreviation = input.abbreviation.trimmingCharacters(in: .whitespaces)
        guard DocumentTypeCatalog.isValidAbbreviation(abbreviation) else {
            throw ValidationFailure(field: "abbreviation", "Ký hiệu chỉ gồm chữ và số, bắt đầu bằng chữ, tối đa 8 ký tự.",
                                    en: "An abbreviation is letters and digits, starting with a letter, at most 8.")
        }
        return try await db.write(as: actor) { tx, trail in
            guard let t = try await DocumentType.query(on: tx).filter(\.$code == code).first() else { throw Refusal.notFound }
            let before = DocumentTypeDTO(t)
            t.abbreviation = abbreviation
            try await t.save(on: tx)
            trail.record("documentType.update", entity: "documentType", id: t.id!, path: "", before: before, after: DocumentTypeDTO(t))
            return t
        }
    }

    func find(_ id: UUID, in scope: Scope) async throws -> PartyDocument {
        guard let doc = try await PartyDocument.query(on: db).filter(\.$id == id)
            .filter(.sql(DocumentVisibility.predicate(scope))).first() else { throw Refusal.notFound }
        return doc
    }

    /// A document the caller may change: visible, and issued by a unit in the manage scope.
    func findManaged(_ id: UUID, view: Scope, manage: Scope) async throws -> PartyDocument {
        let doc = try await find(id, in: view)
        guard manage.contains(path: doc.issuerPath) else { throw Refusal.forbidden }
        return doc
    }

    /// One page of the register (sổ đăng ký văn bản): newest first, drafts on top.
    func list(_ q: ListQuery, in scope: Scope) async throws -> (items: [PartyDocument], total: Int) {
        try SearchText.check(q.text)
        let query = registerQuery(q, in: scope)
        let total = try await query.count()
        let per = min(max(q.per, 1), 500)
        let page = min(max(q.page, 1), Self.maxPage)
        let items = try await Self.registerOrder(query).range((page - 1) * per..<page * per).all()
        return (items, total)
    }

    /// The whole register for an export, in the same order, up to `exportLimit`.
    func register(_ q: ListQuery, in scope: Scope) async throws -> [PartyDocument] {
        try SearchText.check(q.text)
        return try await Self.registerOrder(registerQuery(q, in: scope)).limit(Self.exportLimit).all()
    }

    static let exportLimit = 100_000

    private func registerQuery(_ q: ListQuery, in scope: Scope) -> QueryBuilder<PartyDocument> {
        var query = PartyDocument.query(on: db).filter(.sql(DocumentVisibility.predicate(scope)))
        // Every word must appear, in any order and with words between them:
        // "nghi quyet xay dung dang" finds "Nghị quyết về xây dựng Đảng".
        for word in (q.text.map(VietnameseText.fold) ?? "").split(separator: " ").prefix(10) {
            query = query.filter(\.$searchFolded ~~ String(word))
        }
        if let type = q.type, !type.isEmpty { query = query.filter(\.$typeCode == type) }
        if let issuer = q.issuerId { query = query.filter(\.$issuer.$id == issuer) }
        if let year = q.year { query = query.filter(\.$year == year) }
        if let term = q.termId { query = query.filter(\.$termId == term) }
        if let status = q.status { query = query.filter(\.$statusRaw == status.rawValue) }
        return query
    }

    private static func registerOrder(_ query: QueryBuilder<PartyDocument>) -> QueryBuilder<PartyDocument> {
        query.sort(\.$statusRaw).sort(\.$issuedOn, .descending).sort(\.$number, .descending).sort(\.$createdAt, .descending)
    }

    /// The units a document was sent to, in tree order.
    static func recipients(of doc: PartyDocument, on db: any Database) async throws -> [Organization] {
        let links = try await DocumentRecipient.query(on: db).filter(\.$document.$id == doc.id!).all()
        return try await Organization.many(ids: links.map { $0.$organization.id }, on: db).sorted { $0.path < $1.path }
    }

    /// The recipient units' names as the page and the DOCX list them, a
    /// repeated name with its parent's (two communes' "Chi bộ Khu phố 1").
    static func recipientNames(of doc: PartyDocument, on db: any Database) async throws -> [String] {
        try await UnitLabels.distinct(try await recipients(of: doc, on: db), on: db)
    }

    func createDraft(_ input: DocumentInput, view: Scope, manage: Scope) async throws -> PartyDocument {
        try await db.write(as: actor) { tx, trail in
            let doc = PartyDocument()
            doc.id = UUID()
            doc.statusRaw = DocumentStatus.draft.rawValue
            try await self.apply(input, to: doc, view: view, manage: manage, on: tx)
            try await doc.create(on: tx)
            try await self.replaceRecipients(of: doc, with: input.recipientIds ?? [], on: tx)
            trail.record("document.create", entity: "document", id: doc.id!, path: doc.issuerPath, after: DocumentDTO(doc))
            return doc
        }
    }

    func updateDraft(_ id: UUID, _ input: DocumentInput, view: Scope, manage: Scope) async throws -> PartyDocument {
        _ = try await findManaged(id, view: view, manage: manage)
        return try await db.write(as: actor) { tx, trail in
            guard let doc = try await PartyDocument.find(id, on: tx) else { throw Refusal.notFound }
            guard !doc.isIssued else {
                throw ValidationFailure(field: "status", "Văn bản đã ban hành không sửa được.", en: "An issued document cannot be edited.")
            }
            let before = DocumentDTO(doc)
            try await self.apply(input, to: doc, view: view, manage: manage, on: tx)
            try await doc.save(on: tx)
            try await self.replaceRecipients(of: doc, with: input.recipientIds ?? [], on: tx)
            trail.record("document.update", entity: "document", id: id, path: doc.issuerPath, before: before, after: DocumentDTO(doc))
            return doc
        }
    }

    /// Deletes a draft with its tasks and files. An issued document has a
    /// number in the register and is never deleted (R-DOC-1).
    func deleteDraft(_ id: UUID, view: Scope, manage: Scope) async throws {
        _ = try await findManaged(id, view: view, manage: manage)
        try await db.write(as: actor) { tx, trail in
            guard let doc = try await PartyDocument.find(id, on: tx) else { throw Refusal.notFound }
            guard !doc.isIssued else {
                throw ValidationFailure(field: "status", "Văn bản đã ban hành có số trong sổ đăng ký, không xóa được.",
                                        en: "An issued document is in the register and cannot be deleted.")
            }
            let before = DocumentDTO(doc)
            try await tx.sql.delete(from: TaskTallies.schema).where("document_id", .equal, id).run()
            try await TaskAssignment.query(on: tx).filter(\.$documentId == id).delete()
            try await PartyTask.query(on: tx).filter(\.$documentId == id).delete()
            try await DocumentAttachment.query(on: tx).filter(\.$document.$id == id).delete()
            try await DocumentRecipient.query(on: tx).filter(\.$document.$id == id).delete()
            try await doc.delete(on: tx)
            trail.record("document.delete", entity: "document", id: id, path: doc.issuerPath, before: before, after: Optional<DocumentDTO>.none)
        }
    }

    /// Checks every field of a draft and copies it onto the model.
    private func apply(_ input: DocumentInput, to doc: PartyDocument, view: Scope, manage: Scope, on tx: any Database) async throws {
        var c = IssueCollector()
        let title = VietnameseText.normalizeSpaces(input.title)
        if title.isEmpty { c.add("title", "Cần nhập tên (trích yếu) của văn bản.", en: "The title is required.") }
        if title.count > 500 { c.add("title", "Tên văn bản dài quá 500 ký tự.", en: "The title is over 500 characters.") }
        let type = try await DocumentType.query(on: tx).filter(\.$code == input.type).first()
        if type == nil { c.add("type", "Loại văn bản không có trong danh mục.", en: "Unknown document type.") }
        guard let issuer = try await Organization.find(input.issuerId, on: tx), manage.contains(path: issuer.path) else {
            throw Refusal.notFound
        }
        if issuer.isClosed { c.add("issuerId", "Đơn vị ban hành đã giải thể hoặc sáp nhập.", en: "The issuing unit is closed.") }
        if doc.createdAt != nil, doc.$issuer.id != issuer.id {
            c.add("issuerId", "Không đổi được đơn vị ban hành của dự thảo đã lưu.", en: "The issuer of a saved draft cannot change.")
        }
        if let target = input.implementsId {
            try await DocumentChain(db: tx).checkImplements(doc: doc.id!, target: target, view: view, into: &c)
        }
        try c.throwIfAny()
        doc.typeCode = type!.code
        doc.$issuer.id = issuer.id!
        doc.issuerPath = issuer.path
        doc.title = title
        doc.summary = (input.summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        doc.content = (input.content ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        doc.place = VietnameseText.normalizeSpaces(input.place ?? "")
        doc.signerName = VietnameseText.normalizeName(input.signerName ?? "")
        doc.signerTitle = VietnameseText.normalizeSpaces(input.signerTitle ?? "")
        doc.recipientsText = (input.recipientsText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        doc.implementsId = input.implementsId
        doc.searchFolded = Self.searchText(doc)
    }

    static func searchText(_ doc: PartyDocument) -> String {
        VietnameseText.fold([doc.identifier ?? "", doc.title, doc.summary].joined(separator: " "))
    }

    /// Recipients inside the issuer's subtree get the document for their
    /// whole subtree; a unit outside it (a report sent up) only for itself.
    private func replaceRecipients(of doc: PartyDocument, with ids: [UUID], on tx: any Database) async throws {
        try await DocumentRecipient.query(on: tx).filter(\.$document.$id == doc.id!).delete()
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return }
        let orgs = try await Organization.many(ids: unique, on: tx)
        guard orgs.count == unique.count else {
            throw ValidationFailure(field: "recipientIds", "Có nơi nhận không tồn tại.", en: "A recipient does not exist.")
        }
        let issuerPath = TreePath(doc.issuerPath)
        for org in orgs {
            let r = DocumentRecipient()
            r.$document.id = doc.id!
            r.$organization.id = org.id!
            r.organizationPath = org.path
            r.includesSubtree = issuerPath.map { org.treePath.isWithin($0) } ?? false
            try await r.create(on: tx)
        }
    }
}
