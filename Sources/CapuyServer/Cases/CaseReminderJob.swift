import CapuyCore
import Fluent
import Foundation

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
    /// Cases per transaction: about a tenth of a second of writing.
    static let batchSize = 200

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
            await Task.yield()
        }
        var digest = EscalationDigest()
        while true {
            let done = try await escalateBatch(into: &digest)
            outcome.escalated += done
            if done < batchSize { break }
            await Task.yield()
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

    /// Reminds up to a batch of cases due within the warning days.
    private func remindBatch() async throws -> Int {
        let today = today, open = openStates, batchSize = batchSize
        return try await db.write(as: .system) { tx, _ in
            // A concluded case has met its limit (finished_on is set): nothing to remind or escalate.
            let soon = try await CitizenCase.query(on: tx).filter(\.$stateRaw ~~ open).filter(\.$finishedOn == nil).filter(\.$remindedOn == nil)
                .filter(\.$dueOn >= today.iso).filter(\.$dueOn <= today.adding(days: CaseRules.warnDays).iso)
                .sort(\.$dueOn).limit(batchSize).all()
            let now = Date()
            for c in soon {
                c.remindedOn = today.iso
                try await c.save(on: tx)
                let due = c.due?.display ?? ""
                try await CaseEvents.add(c, "remind", note: "Nhắc hạn: hồ sơ đến hạn ngày \(due).", public: false, actor: .system, at: now, on: tx)
                try await Self.notice(.init(org: c.$handlingOrg.id, path: c.handlingPath, kind: .reminder, caseId: c.id,
                                            message: "Hồ sơ đơn thư sắp đến hạn ngày \(due)."), on: tx)
            }
            return soon.count
        }
    }

    /// Escalates up to a batch of overdue cases, noting each for the digest.
    private func escalateBatch(into digest: inout EscalationDigest) async throws -> Int {
        let today = today, open = openStates, batchSize = batchSize
        let (count, seen) = try await db.write(as: .system) { tx, _ -> (Int, [(unit: Organization, parent: Organization)]) in
            let late = try await CitizenCase.query(on: tx).filter(\.$stateRaw ~~ open).filter(\.$finishedOn == nil).filter(\.$escalatedOn == nil)
                .filter(\.$dueOn < today.iso).sort(\.$dueOn).limit(batchSize).all()
            let units = try await Organization.many(ids: Array(Set(late.map { $0.$handlingOrg.id })), on: tx)
            let byId = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
            let parents = try await Organization.many(ids: Array(Set(units.compactMap { $0.$parent.id })), on: tx)
            let parentById = Dictionary(uniqueKeysWithValues: parents.map { ($0.id!, $0) })
            var seen: [(unit: Organization, parent: Organization)] = []
            let now = Date()
            for c in late {
                c.escalatedOn = today.iso
                try await c.save(on: tx)
                let due = c.due?.display ?? ""
                let unit = byId[c.$handlingOrg.id]
                let parent = unit?.$parent.id.flatMap { parentById[$0] }
                try await CaseEvents.add(c, "escalate", note: "Quá hạn từ ngày \(due); đã báo cáo \(parent?.name ?? "cấp trên").",
                                         public: false, actor: .system, at: now, on: tx)
                try await Self.notice(.init(org: c.$handlingOrg.id, path: c.handlingPath, kind: .overdue, caseId: c.id,
                                            message: "Hồ sơ đơn thư quá hạn từ ngày \(due)."), on: tx)
                if let parent, let unit { seen.append((unit, parent)) }
            }
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
    }

    static func notice(_ row: NoticeRow, on db: any Database) async throws {
        let n = Notice()
        n.$organization.id = row.org
        n.organizationPath = row.path
        n.kindRaw = row.kind.rawValue
        n.caseId = row.caseId
        n.message = row.message
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
            let message = "\(total) hồ sơ đơn thư của đơn vị trực thuộc quá hạn (\(listed)\(more)). Xem mục Đơn thư, bộ lọc “Quá hạn chuyển lên”."
            return (entry.parent, .init(org: entry.parent.id!, path: entry.parent.path, kind: .escalation, caseId: nil, message: message))
        }
    }
}
