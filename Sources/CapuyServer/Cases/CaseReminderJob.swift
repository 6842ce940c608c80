import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Reminds the handling unit before a case's limit and escalates an overdue
/// case to the unit above (issue 4, point 4). Each case is reminded once
/// and escalated once per limit; an extension or reopening starts again.
/// The notices name the unit and the date, never the case's text.
///
/// Issue 14, item 5: the work goes in bounded batches, each its own short
/// transaction, so citizens' submissions are written between them (one
/// transaction of 14,707 escalations held the database for 3.5 minutes and
/// intake stalled). The handling unit's notice links to its case; the unit
/// above gets one digest per run, not one identical notice per case.
struct CaseReminderJob {
    static let leaseName = "case-reminders"
    /// Cases per transaction: three set-based statements, a few milliseconds.
    static let batchSize = 100
    /// Between batches the database is left to others: SQLite's busy handler
    /// lets a waiting writer retry within tens of milliseconds.
    static let pause = Duration.milliseconds(60)

    typealias Outcome = ReminderOutcome

    let db: any Database
    let today: LocalDate
    /// Cases per transaction (tests make it small to see several batches).
    var batchSize = CaseReminderJob.batchSize

    func run(holder: String) async throws -> Outcome {
        try await JobLease.run(Self.leaseName, holder: holder, for: 600, on: db) { try await remindAndEscalate() } ?? Outcome(ran: false)
    }

    private var openStates: [String] { CaseState.allCases.filter(\.isOpen).map(\.rawValue) }

    private func remindAndEscalate() async throws -> Outcome {
        var outcome = Outcome()
        while true {
            let done = try await remindBatch()
            outcome.reminded += done
            if done < batchSize { break }
            try await Task.sleep(for: Self.pause)
        }
        var digest = EscalationDigest()
        while true {
            let done = try await escalateBatch(into: &digest)
            outcome.escalated += done
            if done < batchSize { break }
            try await Task.sleep(for: Self.pause)
        }
        let total = outcome, digests = digest.parents.map(\.notice)
        try await db.write(as: .system) { tx, trail in
            for notice in digests { try await Self.notice(notice, on: tx) }
            if total.reminded + total.escalated > 0 {
                trail.record("job.caseReminders", entity: "job", id: UUID(), path: "", after: total)
            }
        }
        return outcome
    }

    /// The columns a batch reads: a small row, not a model.
    private struct Due: Decodable {
        let id: UUID
        let handling_org_id: UUID
        let due_on: String?
    }

    /// Open, unfinished cases not yet marked in `marker`, due in `dueRange`, oldest limit first.
    private func batch(marker: String, dueFrom: String?, dueTo: String, strictlyBefore: Bool, on db: any Database) async throws -> [Due] {
        var q = db.sql.select().columns("id", "handling_org_id", "due_on").from(CitizenCase.schema)
            .where("state", .in, openStates).where("finished_on", .is, SQLLiteral.null).where(SQLColumn(marker), .is, SQLLiteral.null)
            .where("due_on", strictlyBefore ? .lessThan : .lessThanOrEqual, dueTo)
        if let dueFrom { q = q.where("due_on", .greaterThanOrEqual, dueFrom) }
        return try await q.orderBy("due_on").limit(batchSize).all(decoding: Due.self)
    }

    /// Marks the batch, and writes its events and notices, in three
    /// statements. `holders` maps each handling unit to the open unit that
    /// hears about it: itself, or its successor once it has closed (issue 15).
    private func mark(_ rows: [Due], holders: [UUID: Organization], marker: String, event: String, kind: NoticeKind, on tx: any Database,
                      note: (Due) -> String, message: (Due) -> (vi: String, en: String)) async throws {
        guard !rows.isEmpty else { return }
        try await tx.sql.update(CitizenCase.schema).set(SQLColumn(marker), to: SQLBind(today.iso))
            .where("id", .in, rows.map(\.id)).run()
        let now = Date()
        try await BulkInsert.rows(rows.map { r in
            [SQLBind(UUID()), SQLBind(r.id), SQLBind(now), SQLBind(event), SQLBind(note(r)), SQLBind(false), SQLBind(Actor.system.name)]
        }, columns: ["id", "case_id", "at", "action", "note", "public", "actor_name"], into: CaseEvent.schema, on: tx)
        try await BulkInsert.rows(rows.compactMap { r in
            holders[r.handling_org_id].map { holder in
                let text = message(r)
                return [SQLBind(UUID()), SQLBind(holder.id!), SQLBind(holder.path), SQLBind(kind.rawValue), SQLBind(r.id), SQLBind(text.vi),
                        SQLBind(text.en), SQLBind(now)]
            }
        }, columns: ["id", "organization_id", "organization_path", "kind", "case_id", "message", "message_en", "created_at"], into: Notice.schema, on: tx)
    }

    private static func display(_ iso: String?) -> String { iso.flatMap(LocalDate.init(parsing:))?.display ?? "" }

    /// Reminds up to a batch of cases due within the warning days.
    private func remindBatch() async throws -> Int {
        let today = today
        return try await db.write(as: .system) { tx, _ in
            // A concluded case has met its limit (finished_on is set): nothing to remind or escalate.
            let soon = try await batch(marker: "reminded_on", dueFrom: today.iso, dueTo: today.adding(days: CaseRules.warnDays).iso,
                                       strictlyBefore: false, on: tx)
            let holders = try await OpenUnits.resolve(soon.map(\.handling_org_id), on: tx)
            try await mark(soon, holders: holders, marker: "reminded_on", event: "remind", kind: .reminder, on: tx,
                           note: { "Nhắc hạn: hồ sơ đến hạn ngày \(Self.display($0.due_on))." },
                           message: { ("Hồ sơ đơn thư sắp đến hạn ngày \(Self.display($0.due_on)).", "A case is due on \(Self.display($0.due_on)).") })
            return soon.count
        }
    }

    /// Escalates up to a batch of overdue cases, noting each for the digest.
    private func escalateBatch(into digest: inout EscalationDigest) async throws -> Int {
        let today = today
        let (count, seen) = try await db.write(as: .system) { tx, _ -> (Int, [(unit: Organization, parent: Organization)]) in
            let late = try await batch(marker: "escalated_on", dueFrom: nil, dueTo: today.iso, strictlyBefore: true, on: tx)
            let byId = try await OpenUnits.resolve(late.map(\.handling_org_id), on: tx)
            let units = Array(byId.values)
            let parents = try await Organization.many(ids: Array(Set(units.compactMap { $0.$parent.id })), on: tx)
            let parentById = Dictionary(uniqueKeysWithValues: parents.map { ($0.id!, $0) })
            func parent(_ r: Due) -> Organization? { byId[r.handling_org_id]?.$parent.id.flatMap { parentById[$0] } }
            try await mark(late, holders: byId, marker: "escalated_on", event: "escalate", kind: .overdue, on: tx,
                           note: { "Quá hạn từ ngày \(Self.display($0.due_on)); đã báo cáo \(parent($0)?.name ?? "cấp trên")." },
                           message: { ("Hồ sơ đơn thư quá hạn từ ngày \(Self.display($0.due_on)).", "A case is overdue since \(Self.display($0.due_on)).") })
            let seen = late.compactMap { r in byId[r.handling_org_id].flatMap { unit in parent(r).map { (unit, $0) } } }
            return (late.count, seen)
        }
        for (unit, parent) in seen { digest.add(unit: unit, parent: parent) }
        return count
    }

    struct NoticeRow {
        let org: UUID
        let path: String
        let kind: NoticeKind
        var caseId: UUID?
        let message: String
        var messageEn: String? = nil
    }

    static func notice(_ row: NoticeRow, on db: any Database) async throws {
        let n = Notice()
        n.$organization.id = row.org
        n.organizationPath = row.path
        n.kindRaw = row.kind.rawValue
        n.caseId = row.caseId
        n.message = row.message
        n.messageEn = row.messageEn
        try await n.create(on: db)
    }
}

/// The overdue cases of one run, counted per unit above and per unit below
/// it, for one notice to each unit above.
struct EscalationDigest {
    private var counts: [UUID: (parent: Organization, units: [UUID: (name: String, count: Int)])] = [:]

    mutating func add(unit: Organization, parent: Organization) {
        var entry = counts[parent.id!] ?? (parent, [:])
        let current = entry.units[unit.id!]?.count ?? 0
        entry.units[unit.id!] = (unit.name, current + 1)
        counts[parent.id!] = entry
    }

    /// One notice per unit above, naming its units below with their counts
    /// in Vietnamese order of names, at most ten, then how many more.
    var parents: [(parent: Organization, notice: CaseReminderJob.NoticeRow)] {
        counts.values.sorted { $0.parent.path < $1.parent.path }.map { entry in
            let units = entry.units.values.sorted { VietnameseCollation.compare($0.name, $1.name) }
            let total = units.reduce(0) { $0 + $1.count }
            let listed = units.prefix(10).map { "\($0.name): \($0.count)" }.joined(separator: "; ")
            let more = units.count > 10 ? "; và \(units.count - 10) đơn vị khác" : ""
            let moreEn = units.count > 10 ? "; and \(units.count - 10) more units" : ""
            let message = "\(total) hồ sơ đơn thư của đơn vị trực thuộc quá hạn (\(listed)\(more)). Xem mục Đơn thư, bộ lọc “Quá hạn chuyển lên”."
            let en = "\(total) \(total == 1 ? "case" : "cases") of units below overdue (\(listed)\(moreEn)). See Cases, filter “Escalated overdue”."
            return (entry.parent, .init(org: entry.parent.id!, path: entry.parent.path, kind: .escalation, caseId: nil, message: message, messageEn: en))
        }
    }
}
