import CapuyCore
import Fluent
import Foundation
import Vapor

struct ReceptionSessionInput: Content {
    var organizationId: UUID
    var heldOn: String
    var hostName: String
    var hostTitle: String?
    var place: String
    var extra: Bool?
    var notes: String?
}

struct ReceptionSessionDTO: Content {
    let id: UUID
    let organizationId: UUID
    let organizationName: String?
    let heldOn: String
    let hostName: String
    let hostTitle: String
    let place: String
    let extra: Bool
    let notes: String?

    init(_ s: ReceptionSession, unitName: String?, withNotes: Bool) {
        id = s.id!
        organizationId = s.$organization.id
        organizationName = unitName
        heldOn = s.heldOn
        hostName = s.hostName
        hostTitle = s.hostTitle
        place = s.place
        extra = s.extra
        notes = withNotes ? s.notes : nil
    }
}

/// A unit whose head received citizens on fewer days than R-REC-1 asks.
struct ReceptionShortfallDTO: Content {
    let organizationId: UUID
    let organizationName: String
    let required: Int
    let held: Int
    let missing: Int
}

struct DialogueInput: Content {
    struct FollowUp: Content {
        var text: String
        var dueOn: String
    }

    var organizationId: UUID
    var heldOn: String
    var topic: String
    var participants: String
    var minutes: String
    var followUps: [FollowUp]?
}

struct DialogueDTO: Content {
    struct FollowUp: Content {
        let id: UUID
        let text: String
        let dueOn: String
        let doneOn: String?
    }

    let id: UUID
    let organizationId: UUID
    let heldOn: String
    let topic: String
    let participants: String
    let minutes: String
    let followUps: [FollowUp]
}

/// Reception sessions (R-REC-1) and dialogues, kept by the handling staff.
struct ReceptionService {
    let db: any Database
    let actor: Actor
    let today: LocalDate
    let scope: Scope
    let quota: ReceptionQuota

    func sessions(from: LocalDate, to: LocalDate, limit: Int = 500) async throws -> [ReceptionSession] {
        try await scope.filter(ReceptionSession.query(on: db), \.$organizationPath)
            .filter(\.$heldOn >= from.iso).filter(\.$heldOn <= to.iso).sort(\.$heldOn).limit(limit).all()
    }

    func find(_ id: UUID) async throws -> ReceptionSession {
        guard let s = try await ReceptionSession.find(id, on: db), scope.contains(path: s.organizationPath) else { throw Refusal.notFound }
        return s
    }

    func create(_ input: ReceptionSessionInput) async throws -> ReceptionSession {
        var c = IssueCollector()
        let day = LocalDate(parsing: input.heldOn)
        if day == nil { c.add("heldOn", "Ngày tiếp không hợp lệ.", en: "Invalid date.") }
        let host = VietnameseText.normalizeSpaces(input.hostName)
        if !(2...120).contains(host.count) { c.add("hostName", "Ghi họ tên người chủ trì tiếp công dân.", en: "Name the host.") }
        let place = VietnameseText.normalizeSpaces(input.place)
        if !(2...300).contains(place.count) { c.add("place", "Ghi địa điểm tiếp.", en: "Give the place.") }
        try c.throwIfAny()
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(input.organizationId, on: tx), self.scope.contains(path: org.path) else {
                throw ValidationFailure(field: "organizationId", "Chọn đơn vị trong phạm vi của bạn.", en: "Choose a unit in your scope.")
            }
            let s = ReceptionSession()
            s.id = UUID()
            s.$organization.id = org.id!
            s.organizationPath = org.path
            s.heldOn = day!.iso
            s.hostName = host
            s.hostTitle = String(VietnameseText.normalizeSpaces(input.hostTitle ?? "").prefix(120))
            s.place = place
            s.extra = input.extra ?? false
            s.notes = String((input.notes ?? "").prefix(5000))
            try await s.create(on: tx)
            trail.record("reception.create", entity: "receptionSession", id: s.id!, path: org.path,
                         after: ReceptionSessionDTO(s, unitName: org.name, withNotes: false))
            return s
        }
    }

    /// Units in scope that the rule covers and that held too few reception
    /// days in the month (R-REC-1).
    func shortfalls(year: Int, month: Int, limit: Int = 500) async throws -> [ReceptionShortfallDTO] {
        guard let range = ReportPeriod.month.range(year: year, index: month) else { return [] }
        let kinds = quota.daysPerMonth.filter { $0.value > 0 }.map(\.key.rawValue)
        guard !kinds.isEmpty else { return [] }
        let units = try await scope.filter(Organization.query(on: db), \.$path).filter(\.$kindRaw ~~ kinds)
            .filter(\.$closedOn == nil).sort(\.$path).all()
        let sessions = try await sessions(from: range.from, to: range.to, limit: 1_000_000)
        var days: [UUID: [LocalDate]] = [:]
        for s in sessions { if let d = LocalDate(parsing: s.heldOn) { days[s.$organization.id, default: []].append(d) } }
        var out: [ReceptionShortfallDTO] = []
        for u in units {
            let held = days[u.id!] ?? []
            let missing = quota.shortfall(kind: u.kind, sessionDays: held)
            if missing > 0 {
                out.append(.init(organizationId: u.id!, organizationName: u.name, required: quota.required(for: u.kind),
                                 held: Set(held).count, missing: missing))
                if out.count >= limit { break }
            }
        }
        return out
    }

    func dialogues(limit: Int = 200) async throws -> [Dialogue] {
        try await scope.filter(Dialogue.query(on: db), \.$organizationPath).sort(\.$heldOn, .descending).limit(limit).all()
    }

    func dialogue(_ id: UUID) async throws -> (Dialogue, [DialogueFollowUp]) {
        guard let d = try await Dialogue.find(id, on: db), scope.contains(path: d.organizationPath) else { throw Refusal.notFound }
        let f = try await DialogueFollowUp.query(on: db).filter(\.$dialogue.$id == id).sort(\.$dueOn).all()
        return (d, f)
    }

    func createDialogue(_ input: DialogueInput) async throws -> Dialogue {
        var c = IssueCollector()
        let day = LocalDate(parsing: input.heldOn)
        if day == nil { c.add("heldOn", "Ngày đối thoại không hợp lệ.", en: "Invalid date.") }
        let topic = VietnameseText.normalizeSpaces(input.topic)
        if !(5...300).contains(topic.count) { c.add("topic", "Ghi chủ đề đối thoại (5–300 ký tự).", en: "Give the topic (5–300 characters).") }
        if input.participants.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            c.add("participants", "Ghi thành phần tham dự.", en: "List the participants.")
        }
        var pending: [(String, LocalDate)] = []
        for (i, f) in (input.followUps ?? []).enumerated() {
            let text = VietnameseText.normalizeSpaces(f.text)
            guard !text.isEmpty else { continue }
            guard let due = LocalDate(parsing: f.dueOn) else {
                c.add("followUps.\(i).dueOn", "Hạn thực hiện không hợp lệ.", en: "Invalid due date.")
                continue
            }
            pending.append((String(text.prefix(500)), due))
        }
        try c.throwIfAny()
        let followUps = pending
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(input.organizationId, on: tx), self.scope.contains(path: org.path) else {
                throw ValidationFailure(field: "organizationId", "Chọn đơn vị trong phạm vi của bạn.", en: "Choose a unit in your scope.")
            }
            let d = Dialogue()
            d.id = UUID()
            d.$organization.id = org.id!
            d.organizationPath = org.path
            d.heldOn = day!.iso
            d.topic = topic
            d.participants = String(input.participants.prefix(5000))
            d.minutes = String(input.minutes.prefix(50_000))
            try await d.create(on: tx)
            for (text, due) in followUps {
                let f = DialogueFollowUp()
                f.$dialogue.id = d.id!
                f.text = text
                f.dueOn = due.iso
                try await f.create(on: tx)
            }
            trail.record("dialogue.create", entity: "dialogue", id: d.id!, path: org.path,
                         after: ["topic": topic, "heldOn": d.heldOn, "followUps": String(followUps.count)])
            return d
        }
    }

    func completeFollowUp(_ id: UUID, of dialogueId: UUID) async throws {
        let today = self.today
        try await db.write(as: actor) { tx, trail in
            guard let d = try await Dialogue.find(dialogueId, on: tx), self.scope.contains(path: d.organizationPath),
                  let f = try await DialogueFollowUp.find(id, on: tx), f.$dialogue.id == dialogueId else { throw Refusal.notFound }
            guard f.doneOn == nil else { return }
            f.doneOn = today.iso
            try await f.save(on: tx)
            trail.record("dialogue.followUpDone", entity: "dialogue", id: dialogueId, path: d.organizationPath,
                         after: ["followUp": f.text, "doneOn": today.iso])
        }
    }

    static func dto(_ d: Dialogue, _ f: [DialogueFollowUp]) -> DialogueDTO {
        DialogueDTO(id: d.id!, organizationId: d.$organization.id, heldOn: d.heldOn, topic: d.topic, participants: d.participants,
                    minutes: d.minutes, followUps: f.map { .init(id: $0.id!, text: $0.text, dueOn: $0.dueOn, doneOn: $0.doneOn) })
    }
}

extension Request {
    var reception: ReceptionService {
        get throws {
            ReceptionService(db: db, actor: actor, today: capuy.today(), scope: try principal.scope(.handleCases),
                             quota: capuy.settings.receptionQuota)
        }
    }
}
