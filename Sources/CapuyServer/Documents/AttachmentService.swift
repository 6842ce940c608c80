import CapuyCore
import Fluent
import Foundation

/// Files attached to documents. The kind is read from the bytes; the size
/// limit is a setting; the SHA-256 lets anyone check a copy.
struct AttachmentService {
    let db: any Database
    let actor: Actor
    let today: LocalDate
    let maxBytes: Int

    func add(to documentID: UUID, fileName rawName: String, bytes: Data, view: Scope, manage: Scope) async throws -> DocumentAttachment {
        _ = try await DocumentService(db: db, actor: actor, today: today).findManaged(documentID, view: view, manage: manage)
        let fileName = Self.cleanName(rawName)
        let kind = AttachmentKind.sniff(bytes, fileName: fileName)
        let issues = AttachmentRules.check(size: bytes.count, kind: kind, fileName: fileName, maxBytes: maxBytes)
        guard issues.isEmpty, let kind else { throw ValidationFailure(issues) }
        return try await db.write(as: actor) { tx, trail in
            guard let doc = try await PartyDocument.find(documentID, on: tx) else { throw Refusal.notFound }
            let a = DocumentAttachment()
            a.id = UUID()
            a.$document.id = documentID
            a.fileName = fileName
            a.contentType = kind.contentType
            a.size = bytes.count
            a.sha256 = Digest.sha256Hex(bytes)
            a.data = bytes
            try await a.create(on: tx)
            trail.record("document.attach", entity: "document", id: documentID, path: doc.issuerPath, after: AttachmentDTO(a))
            return a
        }
    }

    /// Removes a file from a draft; an issued document keeps its files as issued.
    func remove(_ id: UUID, of documentID: UUID, view: Scope, manage: Scope) async throws {
        _ = try await DocumentService(db: db, actor: actor, today: today).findManaged(documentID, view: view, manage: manage)
        try await db.write(as: actor) { tx, trail in
            guard let doc = try await PartyDocument.find(documentID, on: tx),
                  let a = try await DocumentAttachment.find(id, on: tx), a.$document.id == documentID else { throw Refusal.notFound }
            guard !doc.isIssued else {
                throw ValidationFailure(field: "file", "Văn bản đã ban hành giữ nguyên tệp đính kèm.",
                                        en: "An issued document keeps its attachments.")
            }
            let before = AttachmentDTO(a)
            try await a.delete(on: tx)
            trail.record("document.detach", entity: "document", id: documentID, path: doc.issuerPath, before: before,
                         after: Optional<AttachmentDTO>.none)
        }
    }

    /// Lists without loading the file bytes.
    func list(of documentID: UUID, view: Scope) async throws -> [DocumentAttachment] {
        try await list(of: try await DocumentService(db: db, actor: actor, today: today).find(documentID, in: view))
    }

    /// For a document the caller already found in scope.
    func list(of doc: PartyDocument) async throws -> [DocumentAttachment] {
        try await DocumentAttachment.query(on: db).filter(\.$document.$id == doc.id!)
            .field(\.$id).field(\.$document.$id).field(\.$fileName).field(\.$contentType).field(\.$size).field(\.$sha256)
            .sort(\.$createdAt).all()
    }

    func file(_ id: UUID, of documentID: UUID, view: Scope) async throws -> DocumentAttachment {
        let doc = try await DocumentService(db: db, actor: actor, today: today).find(documentID, in: view)
        guard let a = try await DocumentAttachment.find(id, on: db), a.$document.id == doc.id else { throw Refusal.notFound }
        return a
    }

    /// Keeps the last path component and drops control characters, so that
    /// the name is safe in a Content-Disposition header and in a listing.
    static func cleanName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        return String((cleaned.isEmpty ? "tep-dinh-kem" : cleaned).prefix(200))
    }
}
