import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Where a case goes and who may never see it (issue 4, point 3).
struct CaseRoute: Sendable {
    let subject: Organization
    let handling: Organization
    let subjectMemberId: UUID?
    let subjectPerson: String?
    let shieldedPath: String
    let excludedMembers: Set<UUID>
    /// The subject is one of the unit's leaders, or the unit itself in a denunciation.
    let isLeadership: Bool
    /// The level above's recorded decision to have the case handled inside
    /// the subject's own subtree though it concerns its leadership.
    let downDecision: String?

    func apply(to c: CitizenCase) {
        c.$subjectOrg.id = subject.id!
        c.subjectPath = subject.path
        c.subjectMemberId = subjectMemberId
        c.subjectPerson = subjectPerson
        c.$handlingOrg.id = handling.id!
        c.handlingPath = handling.path
        c.shieldedPath = shieldedPath
        c.subjectIsLeader = isLeadership
    }

    /// Writes the exclusions in one statement; a new case has none to replace.
    func saveExclusions(for caseId: UUID, on db: any Database, replacing: Bool = true) async throws {
        if replacing { try await CaseExclusion.query(on: db).filter(\.$citizenCase.$id == caseId).delete() }
        let rows: [[any SQLExpression]] = excludedMembers.sorted(by: { $0.uuidString < $1.uuidString }).map {
            [SQLBind(UUID()), SQLBind(caseId), SQLBind($0)]
        }
        try await BulkInsert.rows(rows, columns: ["id", "case_id", "member_id"], into: CaseExclusion.schema, on: db)
    }
}

struct CaseRouter {
    let db: any Database
    let today: LocalDate

    static let needsDecision = ValidationFailure(
        field: "downDecision",
        "Đơn liên quan đến cấp ủy hoặc người đứng đầu của đơn vị chỉ được giao xuống đơn vị đó khi cấp trên có quyết định: ghi số, ngày và nội dung quyết định (ít nhất 10 ký tự).",
        en: "A case about a unit's leadership goes down to that unit only by a decision of the level above: give its number, date and substance (at least 10 characters).")

    /// `current` is the unit handling the case now (on reclassification):
    /// keeping it needs no new reason. `text` is the case's title and content,
    /// searched for the leaders' names; `previouslyLeadership` is what was
    /// decided before, which only `downDecision` can undo (issue 14, item 3).
    func route(kind: CaseKind, subjectId: UUID, subjectMemberId: UUID?, subjectPerson: String?, subjectIsLeader: Bool?,
               handlingId: UUID?, reason: String?, current: UUID? = nil, text: [String] = [], filedKind: CaseKind? = nil,
               previouslyLeadership: Bool = false, downDecision: String? = nil) async throws -> CaseRoute {
        guard let subject = try await Organization.find(subjectId, on: db) else {
            throw ValidationFailure(field: "subjectOrganizationId", "Không tìm thấy tổ chức được phản ánh.", en: "No such unit.")
        }
        if subject.isClosed {
            throw ValidationFailure(field: "subjectOrganizationId", "Tổ chức “\(subject.name)” đã kết thúc hoạt động; hãy chọn tổ chức kế tục.",
                                    en: "“\(subject.name)” has closed; choose its successor.")
        }
        var person = subjectPerson
        if let memberId = subjectMemberId {
            guard let member = try await Member.find(memberId, on: db), member.organizationPath.hasPrefix(subject.path) else {
                throw ValidationFailure(field: "subjectMemberId", "Đảng viên này không thuộc tổ chức được phản ánh.",
                                        en: "That member is not in the subject unit.")
            }
            person = person ?? member.fullName
        }
        let leadership = try await Self.leadership(of: subject.id!, today: today, on: db)
        // Leadership is read from the unit's current posts and the names in
        // the case, not only from the submitter's flag (issue 14, item 3).
        let names = try await Self.names(of: leadership, on: db)
        let named = CaseRouting.namedLeaders(in: [person ?? ""] + text, leaders: names)
        let detected = subjectMemberId.map(leadership.contains) == true || !named.isEmpty
        let unitItself = subjectMemberId == nil && person == nil
        let decision = downDecision.map(VietnameseText.normalizeSpaces).flatMap { $0.count >= 10 ? String($0.prefix(2000)) : nil }
        if downDecision != nil, decision == nil { throw Self.needsDecision }
        // A denunciation of the unit itself is about its committee, even when,
        // anonymous, it is kept as a report (R-CASE-5).
        let denouncesUnit = unitItself && (kind == .denunciation || filedKind == .denunciation)
        var isLeadership = detected || subjectIsLeader == true || denouncesUnit
        if previouslyLeadership && !isLeadership {
            // A case once found to concern the leadership stays so unless the
            // level above decides otherwise, on the record.
            if subjectIsLeader == false { guard decision != nil else { throw Self.needsDecision } } else { isLeadership = true }
        }
        let proposedPath = CaseRouting.competentUnit(kind: kind, subjectPath: subject.treePath, subjectIsLeadership: isLeadership)
        var handling: Organization
        if proposedPath.value == subject.path {
            handling = subject
        } else {
            guard let above = try await Organization.query(on: db).filter(\.$path == proposedPath.value).first() else {
                throw Refusal.notFound
            }
            handling = above
        }
        if let handlingId, handlingId != handling.id {
            guard handlingId == current || (reason ?? "").trimmingCharacters(in: .whitespaces).count >= 5 else {
                throw ValidationFailure(field: "handlingReason", "Ghi lý do giao cho đơn vị khác với đề xuất (ít nhất 5 ký tự).",
                                        en: "Give the reason for choosing another unit than proposed (at least 5 characters).")
            }
            guard let chosen = try await Organization.find(handlingId, on: db), !chosen.isClosed else {
                throw ValidationFailure(field: "handlingOrganizationId", "Không tìm thấy đơn vị giải quyết.", en: "No such handling unit.")
            }
            handling = chosen
        }
        let handlingPath = handling.treePath
        // No one judges their own committee: a denunciation of the unit or its
        // leaders may not be handled inside the unit's own subtree.
        let insideSubject = subject.treePath.parent != nil && handlingPath.isWithin(subject.treePath)
        if kind == .denunciation, isLeadership, insideSubject {
            throw ValidationFailure(field: "handlingOrganizationId",
                                    "Tố cáo về tổ chức hoặc người đứng đầu không giao cho chính tổ chức đó hay cấp dưới của nó.",
                                    en: "A denunciation of a unit or its leaders cannot go to that unit or below it.")
        }
        // Any other case about the leadership goes down only by a decision.
        if isLeadership, insideSubject, decision == nil { throw Self.needsDecision }
        let shielded = isLeadership && handlingPath.isStrictlyAbove(subject.treePath) ? subject.path : ""
        var excluded = leadership
        if let m = subjectMemberId { excluded.insert(m) }
        let sentDown = (isLeadership && insideSubject) || (previouslyLeadership && !isLeadership) ? decision : nil
        return CaseRoute(subject: subject, handling: handling, subjectMemberId: subjectMemberId, subjectPerson: person,
                         shieldedPath: shielded, excludedMembers: excluded, isLeadership: isLeadership, downDecision: sentDown)
    }

    /// Full names of the given members, for finding them named in a case.
    static func names(of members: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !members.isEmpty else { return [:] }
        let rows = try await Member.query(on: db).filter(\.$id ~~ Array(members)).field(\.$id).field(\.$fullName).all()
        return Dictionary(rows.map { ($0.id!, $0.fullName) }, uniquingKeysWith: { a, _ in a })
    }

    /// Members holding a committee post in the unit today.
    static func leadership(of unitId: UUID, today: LocalDate, on db: any Database) async throws -> Set<UUID> {
        let posts = try await Position.query(on: db).filter(\.$organization.$id == unitId)
            .filter(\.$titleRaw != PositionTitle.statePost.rawValue).all()
        return Set(posts.filter { ($0.endOn ?? "9999-12-31") > today.iso }.map { $0.$member.id })
    }
}

extension TreePath {
    func isStrictlyAbove(_ other: TreePath) -> Bool { other.isStrictlyBelow(self) }
}

/// Finds the open case a new one repeats (issue 4, point 2; R-CASE-5
/// "repeated ones without new evidence"), whatever kind either was filed as
/// (issue 14, item 6):
/// - the same text, by its signature, among every open case of the subject
///   unit, however old (one indexed look-up);
/// - a similar text (signatures agreeing at the threshold), or the same
///   person (identity fingerprint) with the same title, among the 100 most
///   recent open cases of the unit.
/// Intake runs it inside its write transaction, after the audit head is
/// taken, so texts sent at the same moment see each other.
struct CaseDuplicateFinder {
    let db: any Database
    /// The most recent open cases of the unit compared by similarity.
    static let candidates = 100

    /// A small row decoded by SQLKit: building hundreds of full models per
    /// submission was most of the portal's CPU time.
    private struct Candidate: Decodable {
        let id: UUID
        let title: String
        let text_signature: String
        let identity_fingerprint: String?
        let duplicate_of_id: UUID?
    }

    func original(subjectId: UUID, signature: String, title: String, fingerprint: String?) async throws -> UUID? {
        let open = CaseState.allCases.filter(\.isOpen).map(\.rawValue)
        func openCases() -> SQLSelectBuilder {
            db.sql.select().columns("id", "title", "text_signature", "identity_fingerprint", "duplicate_of_id").from(CitizenCase.schema)
                .where("subject_org_id", .equal, subjectId).where("state", .in, open).where("finished_on", .is, SQLLiteral.null)
        }
        // No ORDER BY here: with one, SQLite walked the unit's cases in date
        // order instead of looking the signature up. Exact repeats are few.
        if !signature.isEmpty {
            let same = try await openCases().where("text_signature", .equal, signature).limit(50).all(decoding: Candidate.self)
            if let first = same.first(where: { $0.duplicate_of_id == nil }) ?? same.first { return first.duplicate_of_id ?? first.id }
        }
        let rows = try await openCases().orderBy("received_on", .descending).limit(Self.candidates).all(decoding: Candidate.self)
        let myTitle = title.lowercased()
        for r in rows {
            let sameText = CaseDuplicates.estimatedSimilarity(signature, r.text_signature) >= CaseDuplicates.threshold
            let samePersonSameTitle = fingerprint != nil && r.identity_fingerprint == fingerprint && r.title.lowercased() == myTitle
            if sameText || samePersonSameTitle { return r.duplicate_of_id ?? r.id }
        }
        return nil
    }
}
