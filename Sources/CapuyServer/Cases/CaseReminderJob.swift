import CapuyCore
import Fluent
import Foundation

/// Reminds the handling unit before a case's limit and escalates an overdue
/// case to the unit above (issue 4, point 4). Each case is reminded once
/// and escalated once per limit; an extension or reopening starts again.
/// The notices name the unit and the date, never the case's text.
struct CaseReminderJob {
    static let leaseName = "case-reminders"

    typealias Outcome = ReminderOutcome

    let db: any Database
    let today: LocalDate

    func run(holder: String) async throws -> Outcome {
        try await JobLease.run(Self.leaseName, holder: holder, for: 600, on: db) { try await remindAndEscalate() } ?? Outcome(ran: false)
    }

    private func remindAndEscalate() async throws -> Outcome {
        let today = today
        return try await db.write(as: .system) { tx, trail in
            var outcome = Outcome()
            let open = CaseState.allCases.filter(\.isOpen).map(\.rawValue)
            // A concluded case has met its limit (finished_on is set): nothing to remind or escalate.
            let soon = try await CitizenCase.query(on: tx).filter(\.$stateRaw ~~ open).filter(\.$finishedOn == nil).filter(\.$remindedOn == nil)
                .filter(\.$dueOn >= today.iso).filter(\.$dueOn <= today.adding(days: CaseRules.warnDays).iso).all()
            for c in soon {
                c.remindedOn = today.iso
                try await c.save(on: tx)
                let due = c.due?.display ?? ""
                try await CaseEvents.add(c, "remind", note: "Nhắc hạn: hồ sơ đến hạn ngày \(due).", public: false, actor: .system, at: Date(), on: tx)
                try await Self.notice(to: c.$handlingOrg.id, path: c.handlingPath, kind: .reminder,
                                      "Hồ sơ đơn thư sắp đến hạn ngày \(due). Xem mục Đơn thư, bộ lọc “Sắp đến hạn”.", on: tx)
            }
            outcome.reminded = soon.count

            let late = try await CitizenCase.query(on: tx).filter(\.$stateRaw ~~ open).filter(\.$finishedOn == nil).filter(\.$escalatedOn == nil)
                .filter(\.$dueOn < today.iso).all()
            let units = try await Organization.many(ids: late.map { $0.$handlingOrg.id }, on: tx)
            let byId = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
            let parents = try await Organization.many(ids: units.compactMap { $0.$parent.id }, on: tx)
            let parentById = Dictionary(uniqueKeysWithValues: parents.map { ($0.id!, $0) })
            for c in late {
                c.escalatedOn = today.iso
                try await c.save(on: tx)
                let due = c.due?.display ?? ""
                let unit = byId[c.$handlingOrg.id]
                let parent = unit?.$parent.id.flatMap { parentById[$0] }
                try await CaseEvents.add(c, "escalate", note: "Quá hạn từ ngày \(due); đã báo cáo \(parent?.name ?? "cấp trên").",
                                         public: false, actor: .system, at: Date(), on: tx)
                try await Self.notice(to: c.$handlingOrg.id, path: c.handlingPath, kind: .overdue,
                                      "Hồ sơ đơn thư quá hạn từ ngày \(due). Xem mục Đơn thư, bộ lọc “Quá hạn”.", on: tx)
                if let parent, let unit {
                    try await Self.notice(to: parent.id!, path: parent.path, kind: .escalation,
                                          "\(unit.name) có hồ sơ đơn thư quá hạn từ ngày \(due). Xem mục Đơn thư, bộ lọc “Quá hạn chuyển lên”.", on: tx)
                }
            }
            outcome.escalated = late.count
            if outcome.reminded + outcome.escalated > 0 {
                trail.record("job.caseReminders", entity: "job", id: UUID(), path: "", after: outcome)
            }
            return outcome
        }
    }

    private static func notice(to org: UUID, path: String, kind: NoticeKind, _ message: String, on db: any Database) async throws {
        let n = Notice()
        n.$organization.id = org
        n.organizationPath = path
        n.kindRaw = kind.rawValue
        n.message = message
        try await n.create(on: db)
    }
}
