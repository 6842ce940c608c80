import CapuyCore
import Foundation

struct MemberRow: Encodable {
    let url: String
    let name: String
    let birthDate: String
    let gender: String
    let status: String
    let card: String

    init(_ m: MemberDTO, _ lang: Language) {
        url = SiteURL.member(m.id).path
        name = m.fullName
        birthDate = DisplayFormat.date(m.birthDate)
        gender = lang.pick(m.gender.label, m.gender.labelEn)
        status = lang.pick(m.status.label, m.status.labelEn)
        card = m.partyCardNumber ?? ""
    }
}

struct MembersPage: Encodable {
    let q: String
    let unitId: String
    let unitName: String?
    let statuses: [SelectOption]
    let exportURL: String?
    let total: Int
    /// A search that found more than it lists.
    let capped: Bool
    /// The page's rows, escaped by `HTMLText` (written with `#unsafeHTML`).
    let rowsHTML: String
    let page: Int
    let pages: Int
    let prevURL: String?
    let nextURL: String?
}

struct MemberPage: Encodable {
    struct PositionRow: Encodable {
        let title: String
        let detail: String?
        let unit: String
        let term: String?
        let startOn: String
        let endOn: String?
        let endURL: String?
    }

    struct TransferRow: Encodable {
        let date: String
        let from: String
        let to: String
        let reason: String?
    }

    let id: String
    let name: String
    let card: String
    let birthDate: String
    let gender: String
    let ethnicity: String
    let admissionDate: String
    let officialDate: String
    let status: String
    let unit: UnitRow
    let positions: [PositionRow]
    let transfers: [TransferRow]
    let canManage: Bool
    let canAudit: Bool
    let editURL: String
    let transferURL: String
    let positionURL: String
    let auditURL: String
    /// The unit pickers (HTML): a post's unit, a transfer's receiving unit.
    let units: String
    let transferUnits: String
    let titles: [SelectOption]
    /// The forms as sent, when one comes back.
    let v: [String: String]
    let errors: FormErrors
}

struct MemberFormPage: Encodable {
    let action: String
    let isNew: Bool
    let unitName: String
    let fullName: String
    let birthDate: String
    let gender: String
    let ethnicity: String
    let card: String
    let admissionDate: String
    let officialDate: String
    let errors: FormErrors
    let cancelURL: String
}
