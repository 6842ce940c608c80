import CapuyCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Takes cases in: from the portal (anyone) and from staff for every other
/// channel. One transaction per case: the case, its first step, its files,
/// its exclusions and the audit event land together or not at all.
struct CaseIntake {
    let db: any Database
    let actor: Actor
    let context: CapuyContext

    struct NewFile: Sendable {
        let name: String
        let bytes: Data
    }

    /// A portal submission; `client` is the throttle key of the sender, `key`
    /// the client's idempotency key (`PortalSubmissionKey`), if it sent one.
    func submit(_ s: CaseSubmission, files: [NewFile], client: String, key rawKey: String? = nil,
                keyField: String = PortalSubmissionKey.header) async throws -> CaseReceiptDTO {
        let key = try SubmissionKey.parse(rawKey, field: keyField, request: [
            s.kind, s.topic ?? "", s.title, s.content, s.subjectOrganizationId.uuidString, s.subjectPerson ?? "",
            String(s.subjectIsLeader ?? false),
        ] + files.map { $0.name + ":" + Digest.sha256Hex($0.bytes) })
        var draft = Draft(kindRaw: s.kind, channel: .portal, channelDetail: "", topicRaw: s.topic, title: s.title, content: s.content,
                          receivedOn: context.today(), subjectId: s.subjectOrganizationId, subjectPerson: s.subjectPerson,
                          subjectMemberId: nil, subjectIsLeader: s.subjectIsLeader, handlingId: nil, handlingReason: nil,
                          trackRaw: nil, complex: false, remote: false, receptionSessionId: nil,
                          identity: s.identity?.trimmed() ?? SubmitterIdentity())
        let checked = try validate(&draft, files: files, staff: false)
        let limit = context.settings.portalSubmitsPerHour
        return try await record(draft, checked: checked, files: files, key: key) { tx in
            try await PortalThrottle.take("portal-submit:" + client.prefix(100), limit: limit, now: context.now(), on: tx)
        }
    }

    /// A case staff received by letter, from voters, an elected body, the
    /// press or a reception session. The staff member must handle cases
    /// somewhere; the case goes wherever the rules route it.
    func intake(_ i: CaseIntakeInput, files: [NewFile], staff: Scope) async throws -> CaseReceiptDTO {
        guard !staff.isEmpty else { throw Refusal.forbidden }
        var c = IssueCollector()
        let channel = CaseChannel(rawValue: i.channel)
        if channel == nil || channel == .portal {
            c.add("channel", "Chọn nguồn tiếp nhận (cử tri, cơ quan dân cử, đơn thư, báo chí, tiếp công dân).",
                  en: "Choose the channel (voters, elected body, letter, press, reception).")
        }
        if channel == .press, (i.channelDetail ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            c.add("channelDetail", "Ghi tên báo và bài báo.", en: "Give the outlet and the article.")
        }
        var received = context.today()
        if let raw = i.receivedOn, !raw.isEmpty {
            if let d = LocalDate(parsing: raw), d <= context.today() { received = d } else {
                c.add("receivedOn", "Ngày tiếp nhận không hợp lệ hoặc ở tương lai.", en: "The date received is invalid or in the future.")
            }
        }
        try c.throwIfAny()
        var draft = Draft(kindRaw: i.kind, channel: channel!, channelDetail: String((i.channelDetail ?? "").prefix(500)), topicRaw: i.topic,
                          title: i.title, content: i.content, receivedOn: received, subjectId: i.subjectOrganizationId,
                          subjectPerson: i.subjectPerson, subjectMemberId: i.subjectMemberId, subjectIsLeader: i.subjectIsLeader,
                          handlingId: i.handlingOrganizationId, handlingReason: i.handlingReason, trackRaw: i.track,
                          complex: i.complex ?? false, remote: i.remote ?? false, receptionSessionId: i.receptionSessionId,
                          identity: i.identity?.trimmed() ?? SubmitterIdentity())
        let checked = try validate(&draft, files: files, staff: true)
        return try await record(draft, checked: checked, files: files) { tx in
            if let session = i.receptionSessionId {
                guard let s = try await ReceptionSession.find(session, on: tx), staff.contains(path: s.organizationPath) else {
                    throw ValidationFailure(field: "receptionSessionId", "Không tìm thấy buổi tiếp công dân này.",
                                            en: "No such reception session.")
                }
            }
        }
    }

    // MARK: - the shared path

    struct Draft {
        var kindRaw: String
        var channel: CaseChannel
        var channelDetail: String
        var topicRaw: String?
        var title: String
        var content: String
        var receivedOn: LocalDate
        var subjectId: UUID
        var subjectPerson: String?
        var subjectMemberId: UUID?
        var subjectIsLeader: Bool?
        var handlingId: UUID?
        var handlingReason: String?
        var trackRaw: String?
        var complex: Bool
        var remote: Bool
        var receptionSessionId: UUID?
        var identity: SubmitterIdentity
    }

    struct Checked {
        let filedKind: CaseKind
        let kind: CaseKind
        let topic: CaseTopic
        let track: CaseTrack?
        let kinds: [AttachmentKind]
    }

    private func validate(_ d: inout Draft, files: [NewFile], staff: Bool) throws -> Checked {
        var c = IssueCollector()
        let filed = CaseKind(rawValue: d.kindRaw)
        if filed == nil { c.add("kind", "Chọn loại đơn: kiến nghị, phản ánh, khiếu nại hoặc tố cáo.", en: "Choose petition, report, complaint or denunciation.") }
        let topic = d.topicRaw.flatMap { $0.isEmpty ? nil : $0 }.map { CaseTopic(rawValue: $0) } ?? .other
        if topic == nil { c.add("topic", "Lĩnh vực không hợp lệ.", en: "Unknown topic.") }
        d.title = VietnameseText.normalizeSpaces(d.title)
        d.content = d.content.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(5...200).contains(d.title.count) {
            c.add("title", "Tiêu đề dài từ 5 đến 200 ký tự.", en: "The title is 5 to 200 characters long.")
        }
        if !(10...20_000).contains(d.content.count) {
            c.add("content", "Nội dung dài từ 10 đến 20.000 ký tự.", en: "The content is 10 to 20,000 characters long.")
        }
        d.subjectPerson = d.subjectPerson.map(VietnameseText.normalizeSpaces).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        if let email = d.identity.email, !(email.contains("@") && email.contains(".")) {
            c.add("identity.email", "Địa chỉ thư điện tử không hợp lệ.", en: "Invalid e-mail address.")
        }
        if let phone = d.identity.phone, phone.filter(\.isNumber).count < 8 || phone.contains(where: { !$0.isNumber && !" +.-()".contains($0) }) {
            c.add("identity.phone", "Số điện thoại không hợp lệ.", en: "Invalid phone number.")
        }
        var track: CaseTrack?
        if let raw = d.trackRaw, !raw.isEmpty {
            track = CaseTrack(rawValue: raw)
            if track == nil || (filed != nil && !CaseTrack.tracks(for: filed!).contains(track!)) {
                c.add("track", "Trình tự giải quyết không phù hợp với loại đơn.", en: "The track does not fit the kind.")
            }
        }
        if files.count > CaseRules.maxFiles {
            c.add("file", "Gửi tối đa \(CaseRules.maxFiles) tệp.", en: "At most \(CaseRules.maxFiles) files.")
        }
        var kinds: [AttachmentKind] = []
        for f in files {
            let name = AttachmentService.cleanName(f.name)
            let kind = AttachmentKind.sniff(f.bytes, fileName: name)
            for issue in AttachmentRules.check(size: f.bytes.count, kind: kind, fileName: name, maxBytes: context.settings.attachmentMaxBytes) {
                c.add(issue.field, issue.message, en: issue.messageEn)
            }
            if let kind { kinds.append(kind) }
        }
        try c.throwIfAny()
        // R-CASE-5: a denunciation without a real name and contact is kept as a report.
        let kind = CaseRouting.effectiveKind(filed!, hasIdentity: d.identity.isIdentified)
        return Checked(filedKind: filed!, kind: kind, topic: topic!, track: track, kinds: kinds)
    }

    private func record(_ d: Draft, checked: Checked, files: [NewFile], key: SubmissionKey? = nil,
                        guardBody: @escaping @Sendable (any Database) async throws -> Void) async throws -> CaseReceiptDTO {
        let code = ReceiptCode.make(randomBytes: (0..<ReceiptCode.length).map { _ in UInt8.random(in: 0...255) })
        let sealed = d.identity.isEmpty ? nil : try d.identity.seal(with: context.dataKey)
        let fingerprint = d.identity.fingerprint(with: context.dataKey)
        let limits = context.settings.caseTimeLimits
        let d = d
        let signature = CaseDuplicates.signature(d.title + " " + d.content)
        // Routing only reads the tree, so it is done before the write too,
        // keeping the serialized part of a submission to its inserts.
        let route = try await CaseRouter(db: db, today: d.receivedOn).route(
            kind: checked.kind, subjectId: d.subjectId, subjectMemberId: d.subjectMemberId, subjectPerson: d.subjectPerson,
            subjectIsLeader: d.subjectIsLeader, handlingId: d.handlingId, reason: d.handlingReason, text: [d.title, d.content], filedKind: checked.filedKind)
        let calendar = try await context.calendar.load(on: db)
        let now = context.now()
        let dataKey = context.dataKey
        return try await db.write(as: actor) { tx, trail in
            // A repeat of a submission already stored gets its receipt again,
            // before the throttle counts it: it changes nothing.
            if let key, let prior = try await key.prior(on: tx, dataKey: dataKey) {
                return try await Self.receipt(caseId: prior.caseId, code: prior.code, limits: limits, on: tx)
            }
            try await guardBody(tx)
            // Inside the transaction, which serializes writers: repeats sent at
            // the same moment see each other (issue 14, item 6).
            let original = try await CaseDuplicateFinder(db: tx).original(subjectId: d.subjectId, signature: signature, title: d.title,
                                                                          fingerprint: fingerprint)
            let c = CitizenCase()
            c.id = UUID()
            c.receiptHash = Digest.sha256Hex(Data(code.utf8))
            c.filedKindRaw = checked.filedKind.rawValue
            c.kindRaw = checked.kind.rawValue
            c.trackRaw = (checked.track.flatMap { CaseTrack.tracks(for: checked.kind).contains($0) ? $0 : nil }
                          ?? CaseTrack.tracks(for: checked.kind)[0]).rawValue
            c.channelRaw = d.channel.rawValue
            c.channelDetail = d.channelDetail
            c.topicRaw = checked.topic.rawValue
            c.stateRaw = CaseState.received.rawValue
            c.complex = d.complex
            c.remote = d.remote
            c.title = d.title
            c.content = d.content
            route.apply(to: c)
            c.hasIdentity = d.identity.isIdentified
            c.identitySealed = sealed
            c.identityFingerprint = fingerprint
            c.receivedOn = d.receivedOn.iso
            c.dueOn = limits.acceptance.end(from: d.receivedOn, calendar: calendar).iso
            c.extensions = 0
            c.receptionSessionId = d.receptionSessionId
            c.searchFolded = VietnameseText.fold(d.title + " " + (d.subjectPerson ?? ""))
            c.textSignature = signature
            c.duplicateOfId = original
            try await c.create(on: tx)
            try await route.saveExclusions(for: c.id!, on: tx, replacing: false)
            for (f, kind) in zip(files, checked.kinds) {
                try await CaseAttachment(caseId: c.id!, name: AttachmentService.cleanName(f.name), kind: kind, bytes: f.bytes).create(on: tx)
            }
            let notice = CaseMessages.received(c, handlingName: route.handling.name, limits: limits)
            try await CaseEvents.add(c, "receive", note: notice.vi, public: true, actor: actor, at: now, on: tx)
            if c.filedKind != c.kind {
                try await CaseEvents.add(c, "keptAsReport", note: CaseMessages.keptAsReport.vi, public: true, actor: actor, at: now, on: tx)
            }
            if let original = c.duplicateOfId {
                try await CaseEvents.add(c, "duplicate", note: "Trùng với hồ sơ đang giải quyết \(original).", public: false, actor: actor, at: now, on: tx)
            }
            try await key?.remember(caseId: c.id!, code: code, dataKey: dataKey, now: now, on: tx)
            trail.record("case.create", entity: "case", id: c.id!, path: c.handlingPath, after: CaseAuditDTO(c))
            return Self.receipt(c, code: code, notice: notice)
        }
    }

    private static func receipt(_ c: CitizenCase, code: String, notice: CaseMessages.Text) -> CaseReceiptDTO {
        CaseReceiptDTO(id: c.id!, receiptCode: code, kind: c.kindRaw, filedKind: c.filedKindRaw, receivedOn: c.receivedOn,
                       decisionBy: c.dueOn, duplicateOf: c.duplicateOfId != nil, message: notice.vi, messageEn: notice.en)
    }

    /// The receipt given when the case was stored, for a repeat of its submission.
    private static func receipt(caseId: UUID, code: String, limits: CaseTimeLimits, on db: any Database) async throws -> CaseReceiptDTO {
        guard let c = try await CitizenCase.find(caseId, on: db) else { throw Refusal.notFound }
        let handling = try await Organization.find(c.$handlingOrg.id, on: db)
        return receipt(c, code: code, notice: CaseMessages.received(c, handlingName: handling?.name ?? "", limits: limits))
    }
}

enum CaseRules {
    /// Reminders start this many days before a limit.
    static let warnDays = 5
    static let maxFiles = 5
    /// Files a case may gather over its life, intake included.
    static let maxFilesPerCase = 30
    /// A published conclusion stays up at least this long (R-CASE-4, Decree 31/2019).
    static let minPublicationDays = 15
}

/// Per-client counters for the portal, kept in the shared throttle table so
/// every instance counts the same (DESIGN.md, Scale out).
enum PortalThrottle {
    static let window: TimeInterval = 3600

    static func take(_ key: String, limit: Int, now: Date, on db: any Database) async throws {
        let t = try await LoginThrottle.counter(key, window: window, now: now, on: db)
        guard t.failures < limit else {
            // Clamped before the conversion: a window start far off (a clock
            // change) must not trap, and the wait is never more than the window.
            let seconds = CheckedNumber.int(min(window, max(1, window - now.timeIntervalSince(t.windowStart))).rounded(.up)) ?? Int(window)
            let minutes = max(1, seconds / 60)
            throw Refusal(.tooManyRequests, "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau \(minutes) phút.",
                          en: "Too many requests. Try again in \(minutes) minutes.", retryAfter: seconds)
        }
        t.failures += 1
        try await t.save(on: db)
    }
}

/// The working-day calendar with the holidays the office keeps. Holidays
/// change a few times a year and every submission needs them, so each app
/// keeps them for a minute; adding one clears that copy at once (other
/// instances see it within the minute).
final class CaseCalendar: Sendable {
    static let lifetime: TimeInterval = 60
    private let cached = NIOLockedValueBox<(WorkingCalendar, Date)?>(nil)

    func load(on db: any Database) async throws -> WorkingCalendar {
        if let (calendar, at) = cached.withLockedValue({ $0 }), Date().timeIntervalSince(at) < Self.lifetime { return calendar }
        let rows = try await db.sql.select().columns("day", "kind").from(Holiday.schema).all(decoding: Day.self)
        let worked = Set(rows.filter { $0.kind == HolidayKind.worked.rawValue }.compactMap { LocalDate(parsing: $0.day) })
        let off = Set(rows.filter { $0.kind != HolidayKind.worked.rawValue }.compactMap { LocalDate(parsing: $0.day) })
        let calendar = WorkingCalendar(holidays: off.union(HolidayService.statutoryDates()), workedDays: worked)
        cached.withLockedValue { $0 = (calendar, Date()) }
        return calendar
    }

    func forget() { cached.withLockedValue { $0 = nil } }

    private struct Day: Decodable { let day: String; let kind: String }
}
