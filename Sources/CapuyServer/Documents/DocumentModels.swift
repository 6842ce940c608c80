import CapuyCore
import Fluent
import Foundation

/// A committee term (nhiệm kỳ) of one unit; which one is current is derived
/// from the dates (TermRules), never stored.
final class Term: Model, @unchecked Sendable {
    static let schema = "terms"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "name") var name: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String

    init() {}

    var span: TermSpan {
        TermSpan(startsOn: LocalDate(parsing: startsOn) ?? LocalDate(year: 1930, month: 2, day: 3)!,
                 endsOn: LocalDate(parsing: endsOn) ?? LocalDate(year: 1930, month: 2, day: 3)!)
    }
}

/// A document type and its abbreviation: configurable data (R-DOC-2).
final class DocumentType: Model, @unchecked Sendable {
    static let schema = "document_types"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "abbreviation") var abbreviation: String
    @Field(key: "sort_order") var sortOrder: Int

    init() {}
}

enum DocumentStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case issued
}

/// A party document, a draft until it is issued and numbered.
final class PartyDocument: Model, @unchecked Sendable {
    static let schema = "documents"

    @ID(key: .id) var id: UUID?
    @Field(key: "type_code") var typeCode: String
    @Field(key: "status") var statusRaw: String
    // issuer
    @Parent(key: "issuer_id") var issuer: Organization
    @Field(key: "issuer_path") var issuerPath: String
    // number (set when issued, R-DOC-1)
    @OptionalField(key: "term_id") var termId: UUID?
    @OptionalField(key: "number") var number: Int?
    @OptionalField(key: "type_abbreviation") var typeAbbreviation: String?
    @OptionalField(key: "issuer_abbreviation") var issuerAbbreviation: String?
    @OptionalField(key: "identifier") var identifier: String?
    @OptionalField(key: "issued_on") var issuedOn: String?
    @OptionalField(key: "year") var year: Int?
    // content
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "content") var content: String
    @Field(key: "place") var place: String
    @Field(key: "signer_name") var signerName: String
    @Field(key: "signer_title") var signerTitle: String
    @Field(key: "recipients_text") var recipientsText: String
    @OptionalField(key: "implements_id") var implementsId: UUID?
    /// Folded identifier, title and summary, for accent-insensitive search.
    @Field(key: "search_folded") var searchFolded: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var status: DocumentStatus { DocumentStatus(rawValue: statusRaw) ?? .draft }
    var isIssued: Bool { status == .issued }
}

/// A unit a document is sent to (nơi nhận). With `includesSubtree` the whole
/// subtree below it may read the document too.
final class DocumentRecipient: Model, @unchecked Sendable {
    static let schema = "document_recipients"

    @ID(key: .id) var id: UUID?
    @Parent(key: "document_id") var document: PartyDocument
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "includes_subtree") var includesSubtree: Bool

    init() {}
}

/// A file attached to a document, kept in the database so that every
/// instance serves it.
final class DocumentAttachment: Model, @unchecked Sendable {
    static let schema = "document_attachments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "document_id") var document: PartyDocument
    @Field(key: "file_name") var fileName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
