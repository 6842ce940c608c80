import CapuyCore
import Fluent
import Foundation

/// Classification, re-routing, handlers, the sealed identity, publication
/// and the link to an inspection.
extension CaseService {
    func classify(_ id: UUID, _ input: CaseClassifyInput) async throws -> CitizenCase {
        let today = self.today
        return try await db.write(as: actor) { tx, trail in
            let c = try await self.find(id, on: tx)
            let before = CaseAuditDTO(c)
            var issues = IssueCollector()
            var kind = c.kind
            if let raw = input.kind {
                if let k = CaseKind(rawValue: raw) { kind = CaseRouting.effectiveKind(k, hasIdentity: c.hasIdentity) }
                else { issues.add("kind", "Loại đơn không hợp lệ.", en: "Unknown kind.") }
            }
            if let raw = input.topic {
                if let t = CaseTopic(rawValue: raw) { c.topicRaw = t.rawValue } else { issues.add("topic", "Lĩnh vực không hợp lệ.", en: "Unknown topic.") }
            }
            var track = CaseTrack.tracks(for: kind).contains(c.track) ? c.track : CaseTrack.tracks(for: kind)[0]
            if let raw = input.track {
                if let t = CaseTrack(rawValue: raw), CaseTrack.tracks(for: kind).contains(t) { track = t }
                else { issues.add("track", "Trình tự giải quyết không phù hợp với loại đơn.", en: "The track does not fit the kind.") }
            }
            try issues.throwIfAny()
            let succession = try await Self.succession(of: c, to: input.subjectOrganizationId, on: tx)
            // What intake decided about the leader stands unless the handler
            // says otherwise, so a denunciation sent up cannot slip back down.
            let route = try await CaseRouter(db: tx, today: today).route(
                kind: kind, subjectId: succession?.successor.id ?? c.$subjectOrg.id,
                subjectMemberId: succession == nil ? input.subjectMemberId ?? c.subjectMemberId : nil,
                subjectPerson: c.subjectPerson, subjectIsLeader: input.subjectIsLeader,
                handlingId: input.handlingOrganizationId ?? (succession?.handlerClosed == true ? nil : c.$handlingOrg.id),
                reason: input.reason, current: c.$handlingOrg.id,
                text: [c.title, c.content], filedKind: CaseKind(rawValue: c.filedKindRaw), previouslyLeadership: c.subjectIsLeader,
                downDecision: input.downDecision)
            let moved = route.handling.id != c.$handlingOrg.id
            c.kindRaw = kind.rawValue
            c.trackRaw = track.rawValue
            if let complex = input.complex { c.complex = complex }
            if let remote = input.remote { c.remote = remote }
            route.apply(to: c)
            try await c.save(on: tx)
            try await route.saveExclusions(for: c.id!, on: tx)
            if let succession {
                try await CaseEvents.add(c, "succession", note: "Tổ chức được phản ánh đã kết thúc hoạt động; hồ sơ chuyển sang \(succession.successor.name) là đơn vị kế thừa.",
                                         public: true, actor: self.actor, at: self.context.now(), on: tx)
            }
            if moved {
                let reason = VietnameseText.normalizeSpaces(input.reason ?? "")
                try await CaseEvents.add(c, "reroute", note: "Hồ sơ được giao cho \(route.handling.name) giải quyết.", public: true,
                                         actor: self.actor, at: self.context.now(), on: tx)
                try await CaseEvents.add(c, "rerouteReason", note: "Lý do đổi đơn vị giải quyết: \(reason)", public: false, actor: self.actor, at: self.context.now(), on: tx)
                // Handlers of the old unit lose the case with it.
                try await CaseHandler.query(on: tx).filter(\.$citizenCase.$id == c.id!).delete()
            }
            if let decision = route.downDecision {
                // Recorded and shown (issue 14, item 3): the history says who sent it down, and on what decision.
                try await CaseEvents.add(c, "downDecision", note: "Cấp trên quyết định giao đơn vị \(route.handling.name) giải quyết: \(decision)",
                                         public: false, actor: self.actor, at: self.context.now(), on: tx)
                trail.record("case.sendDown", entity: "case", id: c.id!, path: c.handlingPath,
                             after: ["decision": decision, "handlingOrganizationId": route.handling.id!.uuidString])
            }
            trail.record("case.classify", entity: "case", id: c.id!, path: c.handlingPath, before: before, after: CaseAuditDTO(c))
            return c
        }
    }

    /// The successor a case about a closed unit is handed on to, or nil when
    /// the request names no new subject. Only a unit that took over from the
    /// closed one may become the subject (issue 15).
    static func succession(of c: CitizenCase, to newSubject: UUID?, on db: any Database) async throws
        -> (successor: Organization, handlerClosed: Bool)? {
        guard let newSubject, newSubject != c.$subjectOrg.id else { return nil }
        let refusal = ValidationFailure(field: "subjectOrganizationId",
                                        "Chỉ chuyển hồ sơ sang đơn vị kế thừa của tổ chức được phản ánh khi tổ chức đó đã kết thúc hoạt động.",
                                        en: "A case's subject changes only to a successor of the unit, once that unit has closed.")
        guard let old = try await Organization.find(c.$subjectOrg.id, on: db), old.isClosed,
              try await OrganizationSuccessor.query(on: db).filter(\.$organization.$id == old.id!)
                .filter(\.$successor.$id == newSubject).count() > 0,
              let successor = try await Organization.find(newSubject, on: db), !successor.isClosed else { throw refusal }
        let handler = try await Organization.find(c.$handlingOrg.id, on: db)
        return (successor, handler?.isClosed ?? true)
    }

    /// Assigns a handler: someone who may see the case, i.e. handles cases
    /// over its unit and is not excluded from it.
    func assign(_ id: UUID, userId: UUID) async throws -> [User] {
        try await db.write(as: actor) { tx, trail in
            let c = try await self.find(id, on: tx)
            // One answer for an unknown, inactive or ineligible account: the
            // refusal tells nothing about accounts outside the case.
            let refusal = ValidationFailure(field: "userId", "Không có tài khoản nào với tên này được giải quyết hồ sơ (ngoài phạm vi hoặc thuộc diện không được giải quyết).",
                                            en: "No account by that name may handle this case (out of scope or excluded).")
            guard let user = try await User.query(on: tx).filter(\.$id == userId).with(\.$grants).first(), user.active else { throw refusal }
            let theirScope = Scope(user.grants.compactMap(SessionStore.grantInfo)
                .filter { AccessPolicy.allows($0.role, .handleCases) }.map(\.path))
            let visible = try await CitizenCase.query(on: tx).filter(\.$id == c.id!)
                .filter(.sql(CaseVisibility.predicate(theirScope, memberId: user.memberId))).count() > 0
            guard visible else { throw refusal }
            if try await CaseHandler.query(on: tx).filter(\.$citizenCase.$id == c.id!).filter(\.$user.$id == userId).count() == 0 {
                let h = CaseHandler()
                h.$citizenCase.id = c.id!
                h.$user.id = userId
                try await h.create(on: tx)
                try await CaseEvents.add(c, "assign", note: "Phân công \(user.displayName) giải quyết.", public: false, actor: self.actor, at: self.context.now(), on: tx)
                trail.record("case.assign", entity: "case", id: c.id!, path: c.handlingPath, after: ["userId": userId.uuidString])
            }
            let links = try await CaseHandler.query(on: tx).filter(\.$citizenCase.$id == c.id!).all()
            return try await User.query(on: tx).filter(\.$id ~~ links.map { $0.$user.id }).sort(\.$username).all()
        }
    }

    /// Opens the sealed identity for an assigned handler who gives a reason;
    /// the reading itself is an audit event (R-CASE-4).
    func revealIdentity(_ id: UUID, reason raw: String, userId: UUID?) async throws -> SubmitterIdentity {
        let reason = VietnameseText.normalizeSpaces(raw)
        guard reason.count >= 5 else {
            throw ValidationFailure(field: "reason", "Ghi lý do cần xem thông tin người gửi (ít nhất 5 ký tự).",
                                    en: "Give the reason for viewing the submitter's details (at least 5 characters).")
        }
        let key = context.dataKey
        return try await db.write(as: actor) { tx, trail in
            let c = try await self.find(id, on: tx)
            guard try await self.isHandler(c.id!, user: userId, on: tx) else {
                throw Refusal(.forbidden, "Chỉ người được phân công giải quyết hồ sơ mới xem được thông tin người gửi.",
                              en: "Only the assigned handlers may see who wrote in.")
            }
            guard let sealed = c.identitySealed else {
                throw Refusal(.notFound, "Người gửi không để lại thông tin cá nhân.", en: "The submitter left no personal details.")
            }
            let identity = try SubmitterIdentity.open(sealed, with: key)
            trail.record("case.revealIdentity", entity: "case", id: c.id!, path: c.handlingPath, after: ["reason": reason])
            // Seen, not only chained (issue 14, item 4): those who oversee the
            // case read who opened it, when and why in its history; the
            // submitter reads on the tracking page that it was opened and
            // when, never by whom. Nothing of the identity is written.
            let now = self.context.now()
            try await CaseEvents.add(c, "identityOpened", note: "\(self.actor.name) mở thông tin người gửi. Lý do: \(reason)",
                                     public: false, actor: self.actor, at: now, on: tx)
            try await CaseEvents.add(c, "identityOpenedNotice", note: "Thông tin cá nhân của người gửi được cán bộ giải quyết mở xem để giải quyết đơn.",
                                     public: true, actor: self.actor, at: now, on: tx)
            return identity
        }
    }

    /// Publishes the conclusion on the portal for at least 15 days, refusing a
    /// text that names the submitter (R-CASE-4).
    func publish(_ id: UUID, days: Int?) async throws -> CitizenCase {
        let days = days ?? CaseRules.minPublicationDays
        guard days >= CaseRules.minPublicationDays, days <= 3650 else {
            throw ValidationFailure(field: "days", "Kết luận được công khai ít nhất \(CaseRules.minPublicationDays) ngày.",
                                    en: "A conclusion stays public at least \(CaseRules.minPublicationDays) days.")
        }
        let key = context.dataKey
        let today = self.today
        return try await db.write(as: actor) { tx, trail in
            let c = try await self.find(id, on: tx)
            guard [.concluded, .notified, .closed].contains(c.state), let conclusion = c.conclusion else {
                throw ValidationFailure(field: "days", "Chỉ công khai hồ sơ đã có kết luận.", en: "Only a concluded case can be published.")
            }
            if let sealed = c.identitySealed {
                let identity = try SubmitterIdentity.open(sealed, with: key)
                let folded = VietnameseText.fold(conclusion + " " + c.title)
                if identity.revealingWords.contains(where: { folded.contains(VietnameseText.fold($0)) }) {
                    throw ValidationFailure(field: "conclusion", "Kết luận có thông tin của người gửi đơn; hãy bỏ đi trước khi công khai.",
                                            en: "The conclusion names the submitter; remove it before publishing.")
                }
            }
            let before = CaseAuditDTO(c)
            c.publishedFrom = today.iso
            c.publishedUntil = today.adding(days: days).iso
            try await c.save(on: tx)
            try await CaseEvents.add(c, "publish", note: "Kết luận được công khai trên cổng thông tin đến ngày \(today.adding(days: days).display).",
                                     public: true, actor: self.actor, at: self.context.now(), on: tx)
            trail.record("case.publish", entity: "case", id: c.id!, path: c.handlingPath, before: before, after: CaseAuditDTO(c))
            return c
        }
    }

    /// Opens an inspection at the handling unit; the case is verified through
    /// it and closed by its conclusion.
    func openInspection(_ id: UUID, title raw: String) async throws -> Inspection {
        let title = VietnameseText.normalizeSpaces(raw)
        guard (5...300).contains(title.count) else {
            throw ValidationFailure(field: "title", "Tên cuộc kiểm tra dài 5 đến 300 ký tự.", en: "The inspection title is 5 to 300 characters.")
        }
        let today = self.today
        return try await db.write(as: actor) { tx, trail in
            let c = try await self.find(id, on: tx)
            guard c.inspectionId == nil else {
                throw ValidationFailure(field: "title", "Hồ sơ đã có cuộc kiểm tra.", en: "The case already has an inspection.")
            }
            guard c.state == .accepted || c.state == .verifying else {
                throw ValidationFailure(field: "title", "Chỉ mở kiểm tra cho hồ sơ đã thụ lý.", en: "Only an accepted case can open an inspection.")
            }
            let before = CaseAuditDTO(c)
            let i = Inspection()
            i.id = UUID()
            i.$organization.id = c.$handlingOrg.id
            i.organizationPath = c.handlingPath
            i.caseId = c.id
            i.title = title
            i.openedOn = today.iso
            i.status = "open"
            try await i.create(on: tx)
            c.inspectionId = i.id
            if c.state == .accepted { c.stateRaw = CaseState.verifying.rawValue }
            try await c.save(on: tx)
            try await CaseEvents.add(c, "inspection", note: "Mở cuộc kiểm tra: \(title)", public: false, actor: self.actor, at: self.context.now(), on: tx)
            trail.record("case.inspection", entity: "case", id: c.id!, path: c.handlingPath, before: before, after: CaseAuditDTO(c))
            return i
        }
    }
}

extension CaseService {
    /// A file added after intake (new evidence, a verification record). The
    /// kind is read from the bytes; the name and digest are audited.
    func attach(_ id: UUID, fileName raw: String, bytes: Data) async throws -> CaseAttachment {
        let name = AttachmentService.cleanName(raw)
        let kind = AttachmentKind.sniff(bytes, fileName: name)
        let issues = AttachmentRules.check(size: bytes.count, kind: kind, fileName: name, maxBytes: context.settings.attachmentMaxBytes)
        guard issues.isEmpty, let kind else { throw ValidationFailure(issues) }
        return try await db.write(as: actor) { tx, trail in
            let c = try await self.find(id, on: tx)
            let count = try await CaseAttachment.query(on: tx).filter(\.$citizenCase.$id == c.id!).count()
            guard count < CaseRules.maxFilesPerCase else {
                throw ValidationFailure(field: "file", "Hồ sơ đã có \(count) tệp, tối đa \(CaseRules.maxFilesPerCase).",
                                        en: "The case already has \(count) files; at most \(CaseRules.maxFilesPerCase).")
            }
            let a = CaseAttachment(caseId: c.id!, name: name, kind: kind, bytes: bytes)
            try await a.create(on: tx)
            try await CaseEvents.add(c, "attach", note: "Bổ sung tệp \(name).", public: false, actor: self.actor, at: self.context.now(), on: tx)
            trail.record("case.attach", entity: "case", id: c.id!, path: c.handlingPath,
                         after: ["fileName": name, "sha256": a.sha256, "size": String(bytes.count)])
            return a
        }
    }
}
