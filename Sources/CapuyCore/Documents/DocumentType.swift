/// A kind of party document with its abbreviation (DOMAIN.md R-DOC-2).
///
/// The abbreviations are configurable data: these are only the defaults a new
/// database is seeded with; the `document_types` table is what counts.
public struct DocumentTypeDefinition: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var abbreviation: String

    public init(code: String, name: String, nameEn: String, abbreviation: String) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.abbreviation = abbreviation
    }
}

public enum DocumentTypeCatalog {
    /// Today's abbreviations per Hướng dẫn 36-HD/VPTW (R-DOC-2). Quyết định
    /// and quy định share "QĐ"; the Central Committee's regulations use "QĐi".
    public static let defaults: [DocumentTypeDefinition] = [
        .init(code: "resolution", name: "Nghị quyết", nameEn: "Resolution", abbreviation: "NQ"),
        .init(code: "decision", name: "Quyết định", nameEn: "Decision", abbreviation: "QĐ"),
        .init(code: "regulation", name: "Quy định", nameEn: "Regulation", abbreviation: "QĐ"),
        .init(code: "directive", name: "Chỉ thị", nameEn: "Directive", abbreviation: "CT"),
        .init(code: "conclusion", name: "Kết luận", nameEn: "Conclusion", abbreviation: "KL"),
        .init(code: "rules", name: "Quy chế", nameEn: "Rules", abbreviation: "QC"),
        .init(code: "guidance", name: "Hướng dẫn", nameEn: "Guidance", abbreviation: "HD"),
        .init(code: "notice", name: "Thông báo", nameEn: "Notice", abbreviation: "TB"),
        .init(code: "report", name: "Báo cáo", nameEn: "Report", abbreviation: "BC"),
        .init(code: "plan", name: "Kế hoạch", nameEn: "Plan", abbreviation: "KH"),
        .init(code: "program", name: "Chương trình", nameEn: "Program", abbreviation: "CTr"),
        .init(code: "project", name: "Đề án", nameEn: "Project", abbreviation: "ĐA"),
        .init(code: "officialLetter", name: "Công văn", nameEn: "Official letter", abbreviation: "CV"),
        .init(code: "submission", name: "Tờ trình", nameEn: "Submission", abbreviation: "TTr"),
    ]

    /// An abbreviation is short, has no spaces, dashes or slashes (they
    /// separate the parts of an identifier) and starts with a letter.
    public static func isValidAbbreviation(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter, (1...8).contains(text.count) else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber }
    }
}
