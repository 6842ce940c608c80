import CapuyCore
import Fluent
import Foundation
import SQLKit

extension DocumentService {
    /// Issues a draft: gives it the next number of its series (R-DOC-1) and
    /// makes it visible to its recipients, in one transaction.
    ///
    /// Two issues can never take the same number: every write transaction
    /// takes the audit head row first (Database.write), so issues are
    /// serialized on SQLite and on PostgreSQL across instances, and the
    /// unique index on (issuer, term, series, number) is the last guard.
    func issue(_ id: UUID, _ input: DocumentIssueInput, view: Scope, manage: Scope) async throws -> PartyDocument {
        _ = try await findManaged(id, view: view, manage: manage)
        guard let issuedOn = LocalDate(parsing: input.issuedOn) else {
            throw ValidationFailure(field: "issuedOn", "Ngày ban hành không hợp lệ: dùng dạng ngày/tháng/năm.",
                                    en: "Not a valid issue date: use day/month/year.")
        }
        return try await db.write(as: actor) { tx, trail in
            guard let doc = try await PartyDocument.find(id, on: tx) else { throw Refusal.notFound }
            guard !doc.isIssued else {
                throw ValidationFailure(field: "status", "Văn bản đã được ban hành (\(doc.identifier ?? "")).",
                                        en: "The document is already issued (\(doc.identifier ?? "")).")
            }
            let before = DocumentDTO(doc)
            guard let issuer = try await Organization.find(doc.$issuer.id, on: tx),
                  let type = try await DocumentType.query(on: tx).filter(\.$code == doc.typeCode).first() else {
                throw Refusal.notFound
            }
            guard let term = try await TermService.term(of: issuer.id!, on: issuedOn, db: tx) else {
                throw ValidationFailure(field: "issuedOn",
                                        "\(issuer.name) chưa có nhiệm kỳ chứa ngày \(issuedOn.display): khai báo nhiệm kỳ trước khi ban hành.",
                                        en: "\(issuer.name) has no term holding \(issuedOn.display): add the term first.")
            }
            try await Self.checkTaskDeadlines(of: id, notBefore: issuedOn, on: tx)
            if let target = doc.implementsId, let implemented = try await PartyDocument.find(target, on: tx),
               let on = implemented.issuedOn.flatMap(LocalDate.init(parsing:)), on > issuedOn {
                throw ValidationFailure(field: "issuedOn", "Văn bản triển khai không thể ban hành trước văn bản được triển khai (\(on.display)).",
                                        en: "An implementing document cannot be issued before the one it implements (\(on.display)).")
            }
            let last = try await Self.lastNumbered(issuer: issuer.id!, term: term.id!, abbreviation: type.abbreviation,
                                                   typeCode: type.code, on: tx)
            let latest = try await Self.lastNumbered(issuer: issuer.id!, term: term.id!, abbreviation: type.abbreviation,
                                                     typeCode: type.code, by: "issued_on", on: tx)
            let next = (last?.number ?? 0) + 1
            if let issue = NumberingRule.check(requested: input.number, next: next, identifierOfLast: last?.identifier) {
                throw ValidationFailure([issue])
            }
            // Numbers follow issue order (R-DOC-1). A paper dated before the
            // last one numbered in its series (an old term entered late) takes
            // the next number only when the registering user confirms it, as
            // the paper register shows it (issue 18).
            if input.number == nil, let latest, let latestOn = latest.issued_on.flatMap(LocalDate.init(parsing:)),
               let issue = NumberingRule.backdated(issuedOn: issuedOn, next: next, last: latest.identifier ?? "", lastIssuedOn: latestOn) {
                throw ValidationFailure([issue])
            }
            let number = DocumentNumber(number: next, typeAbbreviation: type.abbreviation,
                                        issuerAbbreviation: issuer.kind.issuerAbbreviation(named: issuer.name))
            doc.statusRaw = DocumentStatus.issued.rawValue
            doc.termId = term.id
            doc.number = next
            doc.typeAbbreviation = type.abbreviation
            doc.issuerAbbreviation = number.issuerAbbreviation
            doc.identifier = number.description
            doc.issuedOn = issuedOn.iso
            doc.year = issuedOn.year
            doc.searchFolded = Self.searchText(doc)
            try await doc.save(on: tx)
            trail.record("document.issue", entity: "document", id: id, path: doc.issuerPath, before: before, after: DocumentDTO(doc))
            try await TaskService.closeByImplementingDocument(doc, actor: self.actor, trail: trail, on: tx)
            return doc
        }
    }

    private struct Numbered: Decodable {
        let number: Int
        let identifier: String?
        let issued_on: String?
    }

    /// The series is the abbreviation and every type now written with it. A
    /// type whose abbreviation changed mid-term (R-DOC-2) goes on from its
    /// last number rather than giving 01 a second time (R-DOC-1).
    /// `by` "issued_on" gives the latest dated instead (for the date order check).
    private static func lastNumbered(issuer: UUID, term: UUID, abbreviation: String, typeCode: String,
                                     by order: String = "number", on tx: any Database) async throws -> Numbered? {
        let codes = try await DocumentType.query(on: tx).filter(\.$abbreviation == abbreviation).all().map(\.code)
        return try await tx.sql.select().column("number").column("identifier").column("issued_on").from(PartyDocument.schema)
            .where("issuer_id", .equal, issuer).where("term_id", .equal, term)
            .where(group: { $0.where("type_abbreviation", .equal, abbreviation).orWhere("type_code", .in, Array(Set(codes + [typeCode]))) })
            .where("number", .isNot, SQLLiteral.null)
            .orderBy(order, .descending).orderBy("number", .descending).limit(1)
            .first(decoding: Numbered.self)
    }

    /// Deadlines set on a draft must still hold on the day it is issued.
    private static func checkTaskDeadlines(of id: UUID, notBefore day: LocalDate, on tx: any Database) async throws {
        let early = try await PartyTask.query(on: tx).filter(\.$documentId == id).filter(\.$deadline < day.iso).sort(\.$deadline).first()
        if let early, let deadline = LocalDate(parsing: early.deadline),
           let issue = TaskRules.checkDeadline(deadline, notBefore: day, field: "issuedOn") {
            throw ValidationFailure([FieldIssue(field: "issuedOn", "Nhiệm vụ “\(early.title)”: " + issue.message,
                                                en: "Task “\(early.title)”: " + issue.messageEn)])
        }
    }
}
