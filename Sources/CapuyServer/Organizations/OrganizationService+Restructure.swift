import CapuyCore
import Fluent
import Foundation
import SQLKit

extension OrganizationService {
    /// Moves a unit with its whole subtree under a new parent. Every path in
    /// the subtree (units, members, posts, grants) is rewritten in the one
    /// transaction, so no reader ever sees half a move.
    func move(_ id: UUID, to parentID: UUID, kind rawKind: String? = nil, view: Scope, manage: Scope) async throws -> Organization {
        let org = try await find(id, in: view)
        guard manage.containsStrictly(org.treePath) else { throw Refusal.forbidden }
        let requestedKind = try Self.kind(rawKind)
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(id, on: tx),
                  let parent = try await Organization.find(parentID, on: tx),
                  manage.contains(path: parent.path) else { throw Refusal.notFound }
            guard !org.isClosed else {
                throw Refusal(.conflict, "Đơn vị đã giải thể hoặc sáp nhập, không thể chuyển.", en: "A closed unit cannot be moved.")
            }
            let kind = requestedKind ?? org.kind
            try throwIfAny(TreeRules.checkMove(path: org.treePath, kind: kind, newParent: parent.treePath,
                                               newParentKind: parent.kind, newParentClosed: parent.isClosed))
            try await Self.checkChildren(fit: kind, under: org, on: tx)
            return try await Self.place(org, under: parent, kind: kind, on: self.today, note: "Tổ chức lại: \(org.name) chuyển về trực thuộc \(parent.name)",
                                        db: tx, trail: trail)
        }
    }

    /// Moves a checked unit with its subtree inside the caller's transaction:
    /// rollups, paths, task roll-ups and a transfer row for every member
    /// carried along. Shared by the move request and reorganization plans.
    static func place(_ org: Organization, under parent: Organization, kind: OrganizationKind, on day: LocalDate, note: String,
                      db tx: any Database, trail: AuditTrail) async throws -> Organization {
        let id = org.id!
        let before = OrganizationDTO(org)
        parent.childSeq += 1
        guard let newPath = parent.treePath.child(parent.childSeq) else {
            throw ValidationFailure(field: "parentId", "Đơn vị cấp trên đã đủ số đơn vị trực thuộc tối đa.",
                                    en: "The parent unit has reached the maximum number of sub-units.")
        }
        try await parent.save(on: tx)
        // The subtree's counts leave the units above the old place and reach those above the new one.
        let carried = try await Rollups.tally(of: id, on: tx) + .oneOpenUnit
        try await Rollups.add([(org.treePath.parent?.value, -carried), (parent.path, carried)]
            .compactMap { path, t in path.map { ($0, t) } }, on: tx)
        try await RatingRollups.move(unit: id, from: org.treePath.parent?.value, to: parent.path, on: tx)
        try await Self.rebase(from: org.treePath, to: newPath, on: tx)
        // Task roll-ups above the old place no longer hold the subtree.
        try await TaskTallies.rebuild(taskIDs: try await TaskTallies.tasks(touching: newPath, on: tx), on: tx)
        guard let moved = try await Organization.find(id, on: tx) else { throw Refusal.notFound }
        moved.$parent.id = parent.id!
        moved.kindRaw = kind.rawValue
        try await moved.save(on: tx)
        try await Self.recordMovedWithParent(subtree: newPath, note: note, on: day, db: tx)
        trail.record("organization.move", entity: "organization", id: id, path: newPath.value,
                     before: before, after: OrganizationDTO(moved))
        return moved
    }

    /// Every member of a moved subtree stays in their unit, but their record
    /// shows the reorganization (issue 15: members who moved with their
    /// parent left no trace): one transfer each, from and to their own unit,
    /// written in bulk.
    static func recordMovedWithParent(subtree: TreePath, note: String, on day: LocalDate, db: any Database) async throws {
        try await recordMovedWithParent(subtrees: Scope([subtree]), note: note, on: day, db: db)
    }

    /// In one `INSERT … SELECT`: a national reorganization moves 4.8 million
    /// members with their units, and reading each into Swift to write it
    /// back was most of the apply.
    static func recordMovedWithParent(subtrees: Scope, note: String, on day: LocalDate, db: any Database) async throws {
        try await db.sql.raw("""
            INSERT INTO \(ident: Transfer.schema) (id, member_id, from_organization_id, to_organization_id, transferred_on, reason)
            SELECT \(newUUID(db)), id, organization_id, organization_id, \(bind: day.iso), \(bind: note)
            FROM \(ident: Member.schema) WHERE \(subtrees.predicate(column: "organization_path"))
            """).run()
    }

    /// A fresh id written by the database itself, in the form Fluent reads:
    /// PostgreSQL's own; on SQLite, version-4 text in capitals, as Swift writes ids.
    static func newUUID(_ db: any Database) -> any SQLExpression {
        guard db.isSQLite else { return SQLRaw("gen_random_uuid()") }
        return SQLRaw("upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || "
            + "substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))")
    }

    /// A kind named in a request, or nil when none was.
    static func kind(_ raw: String?) throws -> OrganizationKind? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let kind = OrganizationKind(rawValue: raw) else {
            throw ValidationFailure(field: "kind", "Loại đơn vị không hợp lệ.", en: "Unknown kind of unit.")
        }
        return kind
    }

    /// Refuses a kind the unit's open sub-units cannot stand under.
    static func checkChildren(fit kind: OrganizationKind, under org: Organization, on db: any Database) async throws {
        guard kind != org.kind else { return }
        let children = try await Organization.query(on: db).filter(\.$parent.$id == org.id!).filter(\.$closedOn == nil).field(\.$kindRaw).all()
        let issues = TreeRules.checkKindChange(to: kind, childKinds: Set(children.map(\.kind)))
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }

    /// Every stored path column: (table, column, whether it keeps a depth).
    static let subtreeColumns: [(String, String, Bool)] = [
        (Organization.schema, "path", true),
        (Member.schema, "organization_path", false),
        (Position.schema, "organization_path", false),
        (Grant.schema, "organization_path", false),
        (Term.schema, "organization_path", false),
        (PartyDocument.schema, "issuer_path", false),
        (DocumentRecipient.schema, "organization_path", false),
        (PartyTask.schema, "issuer_path", false),
        (TaskAssignment.schema, "organization_path", false),
        (Notice.schema, "organization_path", false),
        (WorkProgram.schema, "organization_path", false),
        (ReviewRound.schema, "organization_path", false),
        (MemberReview.schema, "organization_path", false),
        (UnitReview.schema, "organization_path", false),
        (DisciplineRecord.schema, "organization_path", false),
        (Commitment.schema, "organization_path", false),
        (Commitment.schema, "superior_path", false),
        (Pledge.schema, "organization_path", false),
        (Inspection.schema, "organization_path", false),
        (InspectionProgram.schema, "organization_path", false),
        (DisciplineDecision.schema, "organization_path", false),
        (DisciplineAppeal.schema, "handling_path", false),
        (SurveyRound.schema, "organization_path", false),
        (SurveyCells.schema, "organization_path", false),
        (SurveyObserver.schema, "organization_path", false),
        (SurveyEvaluation.schema, "organization_path", false),
        (Meeting.schema, "organization_path", false),
        (MeetingTask.schema, "organization_path", false),
        (FollowAssignment.schema, "organization_path", false),
        (FollowAssignment.schema, "assigned_by_path", false),
        // Cases and reception (issue 15: a moved unit's cases kept their
        // old paths, so its staff lost them and the old parent kept them).
        (CitizenCase.schema, "subject_path", false),
        (CitizenCase.schema, "shielded_path", false),
        (CitizenCase.schema, "handling_path", false),
        (ReceptionSession.schema, "organization_path", false),
        (Dialogue.schema, "organization_path", false),
    ]

    /// Rewrites every stored path under `old` to lie under `new`.
    static func rebase(from old: TreePath, to new: TreePath, on db: any Database) async throws {
        try await rebase([(old, new)], on: db)
    }

    /// Closes a unit (merger, split, dissolution) on a date, naming the units
    /// that take over. It is never deleted. Sub-units must be closed or moved
    /// first; its members go to the first successor, each as a transfer.
    func close(_ id: UUID, _ input: OrganizationCloseInput, view: Scope, manage: Scope) async throws -> Organization {
        let org = try await find(id, in: view)
        guard manage.containsStrictly(org.treePath) else { throw Refusal.forbidden }
        var c = IssueCollector()
        guard let closedOn = try parseOptionalDate(input.closedOn, field: "closedOn", into: &c) else {
            if c.isEmpty { c.add("closedOn", "Cần nhập ngày giải thể, sáp nhập.", en: "The closing date is required.") }
            throw ValidationFailure(c.issues)
        }
        if closedOn > today { c.add("closedOn", "Ngày giải thể không thể ở tương lai.", en: "The closing date cannot be in the future.") }
        if let opened = org.openedOn.flatMap(LocalDate.init(parsing:)), closedOn < opened {
            c.add("closedOn", "Ngày giải thể không thể trước ngày thành lập.", en: "The closing date cannot precede the founding date.")
        }
        // In the order given, each once: the first named takes the members
        // (issue 15: a Set lost the order and sent members to the wrong unit).
        var named = Set<UUID>()
        let successorIDs = (input.successorIds ?? []).filter { named.insert($0).inserted }
        if successorIDs.contains(id) { c.add("successorIds", "Đơn vị không thể kế thừa chính nó.", en: "A unit cannot succeed itself.") }
        try c.throwIfAny()
        // The new links reach successors' read grants once committed.
        defer { InheritedRecords.linksChanged() }
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(id, on: tx) else { throw Refusal.notFound }
            guard !org.isClosed else {
                throw Refusal(.conflict, "Đơn vị đã giải thể hoặc sáp nhập.", en: "The unit is already closed.")
            }
            let openChildren = try await Organization.query(on: tx).filter(\.$parent.$id == id).filter(\.$closedOn == nil).count()
            if openChildren > 0 {
                throw ValidationFailure(field: "closedOn", "Còn \(openChildren) đơn vị trực thuộc đang hoạt động: hãy chuyển hoặc giải thể chúng trước.",
                                        en: "\(openChildren) sub-units are still open: move or close them first.")
            }
            let successors = try await Organization.query(on: tx).filter(\.$id ~~ successorIDs).all()
            if successors.count != successorIDs.count || successors.contains(where: { !manage.contains(path: $0.path) }) {
                throw ValidationFailure(field: "successorIds", "Có đơn vị kế thừa không tồn tại hoặc ngoài phạm vi của bạn.",
                                        en: "A successor does not exist or is outside your scope.")
            }
            if successors.contains(where: \.isClosed) {
                throw ValidationFailure(field: "successorIds", "Đơn vị kế thừa phải đang hoạt động.", en: "Successors must be open.")
            }
            let heir = successorIDs.first.flatMap { sid in successors.first { $0.id == sid } }
            try await Self.shut(org, on: closedOn, successors: successorIDs, heir: heir, note: input.note, db: tx, trail: trail)
            return org
        }
    }

    /// Closes a checked unit inside the caller's transaction: its members
    /// go to the heir (the first successor) as transfers, the links to its
    /// successors are kept in order, and its open unit leaves the rollups.
    static func shut(_ org: Organization, on closedOn: LocalDate, successors: [UUID], heir: Organization?, note: String?,
                     db tx: any Database, trail: AuditTrail) async throws {
        let id = org.id!
        let members = try await Member.query(on: tx).filter(\.$organization.$id == id).all()
        if !members.isEmpty {
            guard let heir else {
                throw ValidationFailure(field: "successorIds", "Đơn vị còn \(members.count) đảng viên: cần chọn đơn vị kế thừa để chuyển sinh hoạt.",
                                        en: "The unit still has \(members.count) members: name a successor to transfer them to.")
            }
            for m in members {
                _ = try await MemberService.recordTransfer(m, to: heir, on: closedOn, reason: "Sáp nhập, giải thể đơn vị \(org.name)",
                                                       db: tx, trail: trail)
            }
        }
        let before = OrganizationDTO(org)
        org.closedOn = closedOn.iso
        org.closureNote = note.map(VietnameseText.normalizeSpaces)
        try await org.save(on: tx)
        if let parentPath = org.treePath.parent { try await Rollups.add(-.oneOpenUnit, at: parentPath.value, on: tx) }
        for (position, successor) in successors.enumerated() {
            try await OrganizationSuccessor(organizationID: id, successorID: successor, position: position).create(on: tx)
        }
        trail.record("organization.close", entity: "organization", id: id, path: org.path, before: before, after: OrganizationDTO(org))
    }
}
