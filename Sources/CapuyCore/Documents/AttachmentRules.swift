/// The files a document may carry: PDF, DOCX and images. The kind is read
/// from the bytes, not trusted from the name or the browser's content type.
public enum AttachmentKind: String, CaseIterable, Sendable, Codable {
    case pdf
    case docx
    case png
    case jpeg

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    var extensions: Set<String> {
        switch self {
        case .pdf: ["pdf"]
        case .docx: ["docx"]
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg"]
        }
    }

    /// The kind the bytes are, when the file name agrees with it.
    public static func sniff(_ bytes: some Collection<UInt8>, fileName: String) -> AttachmentKind? {
        let head = Array(bytes.prefix(8))
        let ext = fileName.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let kind: AttachmentKind?
        if head.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2D]) { kind = .pdf }                 // %PDF-
        else if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { kind = .png }
        else if head.starts(with: [0xFF, 0xD8, 0xFF]) { kind = .jpeg }
        else if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { kind = ext == "docx" ? .docx : nil } // a ZIP: only as .docx
        else { kind = nil }
        guard let kind, kind.extensions.contains(ext) else { return nil }
        return kind
    }
}

public enum AttachmentRules {
    public static let defaultMaxBytes = 20 * 1024 * 1024

    /// Every reason to refuse a file, in the words of the person uploading it.
    public static func check(size: Int, kind: AttachmentKind?, fileName: String, maxBytes: Int) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if size == 0 {
            issues.append(FieldIssue(field: "file", "Tệp đính kèm rỗng.", en: "The attached file is empty."))
        } else if size > maxBytes {
            let mb = Double(maxBytes) / 1_048_576
            let limit = mb == mb.rounded() ? "\(Int(mb)) MB" : "\(maxBytes) byte"
            issues.append(FieldIssue(field: "file", "Tệp \(fileName) vượt quá giới hạn \(limit).",
                                     en: "The file \(fileName) is over the \(limit) limit."))
        }
        if size > 0, kind == nil {
            issues.append(FieldIssue(field: "file", "Chỉ nhận tệp PDF, DOCX, PNG hoặc JPEG (\(fileName) không phải loại này).",
                                     en: "Only PDF, DOCX, PNG or JPEG files are accepted (\(fileName) is not one)."))
        }
        return issues
    }
}
