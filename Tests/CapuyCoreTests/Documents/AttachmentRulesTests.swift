import CapuyCore
import Testing

@Suite("Attachments")
struct AttachmentRulesTests {
    let pdf: [UInt8] = Array("%PDF-1.7\n".utf8)
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]
    let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0, 0]

    @Test("The kind is read from the bytes and must agree with the name")
    func sniffing() {
        #expect(AttachmentKind.sniff(pdf, fileName: "nghi-quyet.PDF") == .pdf)
        #expect(AttachmentKind.sniff(png, fileName: "anh.png") == .png)
        #expect(AttachmentKind.sniff([0xFF, 0xD8, 0xFF, 0xE0], fileName: "anh.jpg") == .jpeg)
        #expect(AttachmentKind.sniff(zip, fileName: "ke-hoach.docx") == .docx)
        // A ZIP under another name, a script renamed .pdf, a PDF named .png: refused.
        #expect(AttachmentKind.sniff(zip, fileName: "goi.zip") == nil)
        #expect(AttachmentKind.sniff(Array("#!/bin/sh".utf8), fileName: "x.pdf") == nil)
        #expect(AttachmentKind.sniff(pdf, fileName: "x.png") == nil)
    }

    @Test("Over the limit, empty or of a forbidden type: a clear Vietnamese reason")
    func checks() {
        #expect(AttachmentRules.check(size: 21 * 1_048_576, kind: .pdf, fileName: "a.pdf", maxBytes: 20 * 1_048_576)
            .map(\.message) == ["Tệp a.pdf vượt quá giới hạn 20 MB."])
        #expect(AttachmentRules.check(size: 0, kind: nil, fileName: "a.pdf", maxBytes: 10).count == 1)
        #expect(AttachmentRules.check(size: 5, kind: nil, fileName: "a.exe", maxBytes: 10).first?.message.contains("PDF, DOCX") == true)
        #expect(AttachmentRules.check(size: 5, kind: .png, fileName: "a.png", maxBytes: 10).isEmpty)
    }
}
