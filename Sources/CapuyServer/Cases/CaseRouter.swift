import CapuyCore
import Fluent
import Foundation

/// Where a case goes and who may never see it (issue 4, point 3).
struct CaseRoute: Sendable {
    let subject: Organization
    let handling: Organization
    let subjectMemberId: UUID?
    let subjectPerson: String?
    let shieldedPath: String
    let excludedMembers: Set<UUID>

    func apply(to c: CitizenCase) {
        c.$subjectOrg.id = subject.id!
        c.subjectPath = subject.path
        c.subjectMemberId = subjectMemberId
        c.subjectPerson = subjectPerson
        c.$handlingOrg.id = handling.id!
        c.handlingPath = handling.path
        c.shieldedPath = shieldedPath
    }

    func saveExclusions(for caseId: UUID, on db: any Database) async throws {
        try await CaseExclusion.query(on: db).filter(\.$citizenCase.$id == caseId).delete()
        for member in excludedMembers.sorted(by: { $0.uuidString < $1.uuidString }) {
            let x = CaseExclusion()
            x.$citizenCase.id = caseId
            x.memberId = member
            try await x.create(on: db)
        }
    }
}

struct CaseRouter {
    let db: any Database
    let today: LocalDate

    /// `current` is the unit handling the case now (on reclassification):
    /// keeping it needs no new reason.
    func route(kind: CaseKind, subjectId: UUID, subjectMemberId: UUID?, subjectPerson: String?, subjectIsLeader: Bool?,
               handlingId: UUID?, reason: String?, current: UUID? = nil) async throws -> CaseRoute {
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
        let isLeadership: Bool
        if let memberId = subjectMemberId { isLeadership = leadership.contains(memberId) || subjectIsLeader == true }
        else if person != nil { isLeadership = subjectIsLeader ?? false }
        else { isLeadership = true } // the unit itself
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
        if kind == .denunciation, isLeadership, subject.treePath.parent != nil, handlingPath.isWithin(subject.treePath) {
            throw ValidationFailure(field: "handlingOrganizationId",
                                    "Tố cáo về tổ chức hoặc người đứng đầu không giao cho chính tổ chức đó hay cấp dưới của nó.",
                                    en: "A denunciation of a unit or its leaders cannot go to that unit or below it.")
        }
        let shielded = kind == .denunciation && handlingPath.isStrictlyAbove(subject.treePath) ? subject.path : ""
        var excluded = leadership
        if let m = subjectMemberId { excluded.insert(m) }
        return CaseRoute(subject: subject, handling: handling, subjectMemberId: subjectMemberId, subjectPerson: person,
                         shieldedPath: shielded, excludedMembers: excluded)
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

/// Finds the open case a new one repeats (issue 4, point 2).
struct CaseDuplicateFinder {
    let db: any Database
    static let candidates = 200

    func original(of c: CitizenCase, fingerprint: String?) async throws -> UUID? {
        let open = CaseState.allCases.filter(\.isOpen).map(\.rawValue)
        let rows = try await CitizenCase.query(on: db)
            .filter(\.$subjectOrg.$id == c.$subjectOrg.id).filter(\.$stateRaw ~~ open).filter(\.$filedKindRaw == c.filedKindRaw)
            .sort(\.$receivedOn, .descending).limit(Self.candidates)
            .field(\.$id).field(\.$title).field(\.$content).field(\.$identityFingerprint).field(\.$duplicateOfId)
            .all()
        guard !rows.isEmpty else { return nil }
        let mine = CaseDuplicates.shingles(c.title + " " + c.content)
        let myTitle = VietnameseText.fold(c.title)
        for r in rows {
            let sameText = CaseDuplicates.similarity(mine, CaseDuplicates.shingles(r.title + " " + r.content)) >= CaseDuplicates.threshold
            let samePersonSameTitle = fingerprint != nil && r.identityFingerprint == fingerprint && VietnameseText.fold(r.title) == myTitle
            if sameText || samePersonSameTitle { return r.duplicateOfId ?? r.id }
        }
        return nil
    }
}
