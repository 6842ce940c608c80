@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Attachments: PDF, DOCX and images, read from the bytes; a size limit; a
/// SHA-256; stored in the database.
@Suite("Documents: attachments")
struct DocumentAttachmentTests {
    static let limit = 4096

    static func upload(_ w: DocWorld, _ token: String, _ doc: UUID, name: String, bytes: [UInt8]) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        headers.contentType = .binary
        let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return try await w.app.testing().sendRequest(.POST, "/api/v1/documents/\(doc)/attachments?fileName=\(query)",
                                                     headers: headers, body: ByteBuffer(bytes: bytes))
    }

    static func pdf(size: Int) -> [UInt8] {
        let head = Array("%PDF-1.7\n".utf8)
        return head + (0..<(size - head.count)).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) }
    }

    /// SHA-256 of `pdf(size: 4096)`, computed outside Swift (Python hashlib).
    static let pdf4096SHA256 = "1f6fdff9d584787b72a5240650d9c3a5c28553f0c44b9917aef8eac351b967a4"

    @Test("A good PDF is stored with its SHA-256 and downloads byte for byte with a Content-Disposition")
    func goodPDF() async throws {
        try await TestApp.withApp(configure: { $0.attachmentMaxBytes = Self.limit }) { app in
            let w = try await DocWorld.make(app)
            let doc = try await w.issued(w.p, issuer: w.f.p, recipients: [w.f.a])
            let bytes = Self.pdf(size: Self.limit)  // exactly at the limit
            let res = try await Self.upload(w, w.p, doc.id, name: "Nghị quyết 01.pdf", bytes: bytes)
            #expect(res.status == .created)
            let a = try res.content.decode(AttachmentDTO.self)
            #expect(a.sha256 == Self.pdf4096SHA256)
            #expect(a.size == bytes.count && a.contentType == "application/pdf" && a.fileName == "Nghị quyết 01.pdf")
            // A recipient lists and downloads it.
            let list = try await w.get("/documents/\(doc.id)/attachments", w.a).content.decode([AttachmentDTO].self)
            #expect(list == [a])
            let file = try await w.get("/documents/\(doc.id)/attachments/\(a.id)", w.a)
            #expect(file.status == .ok)
            #expect(Array(file.body.readableBytesView) == bytes)
            #expect(file.headers.contentType?.description.hasPrefix("application/pdf") == true)
            let disposition = file.headers.first(name: .contentDisposition) ?? ""
            #expect(disposition.hasPrefix("attachment;"))
            #expect(disposition.contains("filename*=UTF-8''Ngh%E1%BB%8B"))
            // B sees neither the document nor its file.
            #expect(try await w.get("/documents/\(doc.id)/attachments/\(a.id)", w.b).status == .notFound)
            // The id of one document's file under another document is not found.
            let other = try await w.issued(w.p, issuer: w.f.p)
            #expect(try await w.get("/documents/\(other.id)/attachments/\(a.id)", w.p).status == .notFound)
            // Only the issuer's side may attach.
            #expect(try await Self.upload(w, w.a, doc.id, name: "x.pdf", bytes: Self.pdf(size: 100)).status == .forbidden)
        }
    }

    @Test("Over the size limit, empty, an .exe, or a ZIP named .pdf: each refused in Vietnamese, nothing stored")
    func refused() async throws {
        try await TestApp.withApp(configure: { $0.attachmentMaxBytes = Self.limit }) { app in
            let w = try await DocWorld.make(app)
            let doc = try await w.draft(w.p, issuer: w.f.p)
            let big = try await Self.upload(w, w.p, doc.id, name: "lon.pdf", bytes: Self.pdf(size: Self.limit + 1))
            #expect(big.status == .unprocessableEntity)
            #expect(big.errorFields == ["file"])
            #expect(big.errorMessages.first?.contains("vượt quá giới hạn") == true)
            let exe = try await Self.upload(w, w.p, doc.id, name: "setup.exe", bytes: [0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0, count: 60))
            #expect(exe.status == .unprocessableEntity)
            #expect(exe.errorMessages.first?.contains("Chỉ nhận tệp PDF") == true)
            let zip = try await Self.upload(w, w.p, doc.id, name: "nghi-quyet.pdf", bytes: [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 1, count: 60))
            #expect(zip.status == .unprocessableEntity)
            // A PDF renamed .png is not a PNG either.
            let renamed = try await Self.upload(w, w.p, doc.id, name: "anh.png", bytes: Self.pdf(size: 100))
            #expect(renamed.status == .unprocessableEntity)
            let empty = try await Self.upload(w, w.p, doc.id, name: "rong.pdf", bytes: [])
            #expect(empty.status == .unprocessableEntity)
            #expect(try await DocumentAttachment.query(on: app.db).count() == 0)
            // A real DOCX (a ZIP named .docx) and a PNG are accepted.
            let docx = try XLSXTestSupport.zip([("word/document.xml", "<w:document/>")])
            #expect(try await Self.upload(w, w.p, doc.id, name: "du-thao.docx", bytes: Array(docx)).status == .created)
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 2, count: 40)
            #expect(try await Self.upload(w, w.p, doc.id, name: "anh.PNG", bytes: png).status == .created)
            #expect(try await DocumentAttachment.query(on: app.db).count() == 2)
        }
    }
}
