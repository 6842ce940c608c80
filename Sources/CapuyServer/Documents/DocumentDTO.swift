import CapuyCore
import Foundation
import Vapor

struct TermDTO: Content, Equatable {
    let id: UUID
    let organizationId: UUID
    let name: String
    let startsOn: String
    let endsOn: String

    init(_ t: Term) {
        id = t.id!
        organizationId = t.$organization.id
        name = t.name
        startsOn = t.startsOn
        endsOn = t.endsOn
    }
}

struct TermInput: Content {
    var organizationId: UUID
    var name: String?
    var startsOn: String
    var endsOn: String
}

struct DocumentTypeDTO: Content, Equatable {
    let code: String
    let name: String
    let nameEn: String
    let abbreviation: String

    init(_ t: DocumentType) {
        code = t.code
        name = t.name
        nameEn = t.nameEn
        abbreviation = t.abbreviation
    }
}

struct DocumentTypeInput: Content {
    var abbreviation: String
}

struct DocumentDTO: Content, Equatable {
    let id: UUID
    let type: String
    let status: DocumentStatus
    let issuerId: UUID
    let identifier: String?
    let number: Int?
    let termId: UUID?
    let issuedOn: String?
    let title: String
    let summary: String
    let content: String
    let place: String
    let signerName: String
    let signerTitle: String
    let recipientsText: String
    let implementsId: UUID?

    init(_ d: PartyDocument) {
        id = d.id!
        type = d.typeCode
        status = d.status
        issuerId = d.$issuer.id
        identifier = d.identifier
        number = d.number
        termId = d.termId
        issuedOn = d.issuedOn
        title = d.title
        summary = d.summary
        content = d.content
        place = d.place
        signerName = d.signerName
        signerTitle = d.signerTitle
        recipientsText = d.recipientsText
        implementsId = d.implementsId
    }
}

/// A draft's fields (API JSON and the web form alike).
struct DocumentInput: Content {
    var type: String
    var issuerId: UUID
    var title: String
    var summary: String?
    var content: String?
    var place: String?
    var signerName: String?
    var signerTitle: String?
    var recipientsText: String?
    var implementsId: UUID?
    /// Units sent the document for information; their subtrees may read it.
    var recipientIds: [UUID]?
}

struct DocumentIssueInput: Content {
    var issuedOn: String
    /// Only when registering a paper document: must be the next number.
    var number: Int?
}

struct AttachmentDTO: Content, Equatable {
    let id: UUID
    let fileName: String
    let contentType: String
    let size: Int
    let sha256: String

    init(_ a: DocumentAttachment) {
        self.init(id: a.id!, fileName: a.fileName, contentType: a.contentType, size: a.size, sha256: a.sha256)
    }

    /// A file of a citizen's case: the same shape as a document's.
    init(_ a: CaseAttachment) {
        self.init(id: a.id!, fileName: a.fileName, contentType: a.contentType, size: a.size, sha256: a.sha256)
    }

    init(id: UUID, fileName: String, contentType: String, size: Int, sha256: String) {
        self.id = id
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
    }
}

/// A document's place in its implementation chain: what it carries out
/// (up to the top) and what carries it out (down, every level).
struct DocumentChainDTO: Content, Equatable {
    struct Link: Content, Equatable {
        let id: UUID
        let identifier: String?
        let title: String
        let issuerId: UUID
        let issuerName: String
        let issuedOn: String?
        let implementsId: UUID?
        let level: Int
    }
    let up: [Link]
    let down: [Link]
}
