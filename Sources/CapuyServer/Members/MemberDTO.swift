import CapuyCore
import Foundation
import Vapor

struct MemberDTO: Content, Equatable {
    let id: UUID
    let fullName: String
    let partyCardNumber: String?
    let birthDate: String
    let gender: Gender
    let ethnicity: String
    let admissionDate: String
    let officialDate: String?
    let status: MemberStatus
    let organizationId: UUID

    init(id: UUID, fullName: String, partyCardNumber: String?, birthDate: String, gender: Gender, ethnicity: String,
         admissionDate: String, officialDate: String?, status: MemberStatus, organizationId: UUID) {
        self.id = id
        self.fullName = fullName
        self.partyCardNumber = partyCardNumber
        self.birthDate = birthDate
        self.gender = gender
        self.ethnicity = ethnicity
        self.admissionDate = admissionDate
        self.officialDate = officialDate
        self.status = status
        self.organizationId = organizationId
    }

    init(_ m: Member) {
        id = m.id ?? UUID()
        fullName = m.fullName
        partyCardNumber = m.partyCardNumber
        birthDate = m.birthDate
        gender = m.gender
        ethnicity = m.ethnicity
        admissionDate = m.admissionDate
        officialDate = m.officialDate
        status = m.status
        organizationId = m.$organization.id
    }
}

/// Input for a new member or an edit (API JSON and the web form alike).
/// Dates are ISO (yyyy-MM-dd) or dd/MM/yyyy.
struct MemberInput: Content {
    var fullName: String
    var birthDate: String
    var gender: String
    var ethnicity: String
    var partyCardNumber: String?
    var admissionDate: String
    var officialDate: String?
    var organizationId: UUID?
}

struct TransferInput: Content {
    var toOrganizationId: UUID
    var transferredOn: String
    var reason: String?
}

struct PositionInput: Content {
    var organizationId: UUID
    var title: String
    var detail: String?
    var term: String?
    var startOn: String
}

struct PositionEndInput: Content {
    var endOn: String
}

struct PositionDTO: Content, Equatable {
    let id: UUID
    let memberId: UUID
    let organizationId: UUID
    let title: PositionTitle
    let detail: String?
    let term: String?
    let startOn: String
    let endOn: String?

    init(_ p: Position) {
        id = p.id ?? UUID()
        memberId = p.$member.id
        organizationId = p.$organization.id
        title = p.title
        detail = p.detail
        term = p.term
        startOn = p.startOn
        endOn = p.endOn
    }
}

struct TransferDTO: Content, Equatable {
    let id: UUID
    let memberId: UUID
    let fromOrganizationId: UUID
    let toOrganizationId: UUID
    let transferredOn: String
    let reason: String?

    init(_ t: Transfer) {
        id = t.id ?? UUID()
        memberId = t.$member.id
        fromOrganizationId = t.$from.id
        toOrganizationId = t.$to.id
        transferredOn = t.transferredOn
        reason = t.reason
    }
}

/// A page of a list, with the total for the pager.
struct PageOf<T: Content>: Content {
    let items: [T]
    let page: Int
    let per: Int
    let total: Int
    /// Keyset cursors (issue 16): pass `next` as `after`, or `previous` as
    /// `before`, for the neighbouring page at any depth; nil at either end.
    var next: String? = nil
    var previous: String? = nil
    /// True when a search found more members than it lists (issue 16): `total` is then the number listed.
    var capped: Bool? = nil
}
