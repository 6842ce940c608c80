import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Reorganization plans (issue 15): checked row by row, previewed, applied in
/// one transaction now or stored until their effective date, cancelled.
struct ReorganizationService {
    let db: any Database
    let actor: Actor
    let today: LocalDate
    let now: Date

    /// A dry run's preview travels out of its rolled-back transaction in this.
    private struct PreviewOnly: Error { let preview: PlanPreview }

    /// A plan as read from a request, a file or the store.
    struct Submission: Sendable {
        var title: String
        var effectiveOn: String
        var rows: [PlanRow]
        var shapeIssues: [PlanIssue]
    }

    /// Checks the plan, then previews it (`dryRun`), applies it (its date has
    /// come) or stores it as pending (a date to come). `manage` nil is the
    /// console's maintenance scope: the whole tree.
    func submit(_ plan: Submission, dryRun: Bool, manage: Scope?) async throws -> ReorganizationResultDTO {
        let (effectiveOn, title) = try checkHeader(plan)
        if dryRun || effectiveOn > today {
            let preview = try await rehearse(plan.rows, shapeIssues: plan.shapeIssues, effectiveOn: effectiveOn, title: title, manage: manage)
            guard !dryRun else { return ReorganizationResultDTO(status: "preview", planId: nil, preview: preview) }
            let id = try await store(plan, title: title, effectiveOn: effectiveOn, status: .pending, manage: manage, touched: preview.counts.map(\.id))
            return ReorganizationResultDTO(status: ReorganizationPlanRecord.Status.pending.rawValue, planId: id, preview: preview)
        }
        defer { InheritedRecords.linksChanged() }
        return try await db.write(as: actor) { tx, trail in
            let (steps, preview) = try await self.execute(plan.rows, shapeIssues: plan.shapeIssues, effectiveOn: effectiveOn, title: title, manage: manage, db: tx, trail: trail)
            let id = try await self.insertRecord(plan, title: title, effectiveOn: effectiveOn, status: .applied, manage: manage,
                                                 touched: PlanExecutor.touched(steps), db: tx, trail: trail)
            return ReorganizationResultDTO(status: ReorganizationPlanRecord.Status.applied.rawValue, planId: id, preview: preview)
        }
    }

    /// Runs the plan in a transaction that is always rolled back: the dry run
    /// is the apply itself, so what it shows is what the apply will do.
    func rehearse(_ rows: [PlanRow], shapeIssues: [PlanIssue] = [], effectiveOn: LocalDate, title: String, manage: Scope?) async throws -> PlanPreview {
        do {
            _ = try await db.write(as: actor) { tx, trail -> Bool in
                let (_, preview) = try await self.execute(rows, shapeIssues: shapeIssues, effectiveOn: effectiveOn, title: title, manage: manage, db: tx, trail: trail)
                throw PreviewOnly(preview: preview)
            }
        } catch let only as PreviewOnly {
            return only.preview
        }
        throw Refusal(.internalServerError, "Không lập được bản xem trước.", en: "The preview could not be made.")
    }

    /// Checks every row against the tree inside the transaction, then applies the steps.
    /// Rows with shape problems are left out of the simulation (they would
    /// only repeat them), and every problem is reported in row order.
    private func execute(_ rows: [PlanRow], shapeIssues: [PlanIssue] = [], effectiveOn: LocalDate, title: String, manage: Scope?,
                         db tx: any Database, trail: AuditTrail) async throws -> ([PlanStep], PlanPreview) {
        let malformed = Set(shapeIssues.map(\.row))
        let sound = rows.filter { !malformed.contains($0.line) }
        let snapshot = try await PlanSnapshotLoader.load(sound, manage: manage, db: tx)
        let (steps, found) = PlanSimulation.run(sound, effectiveOn: effectiveOn, snapshot: snapshot)
        let issues = (shapeIssues + found).sorted { $0.row < $1.row }
        if !issues.isEmpty { throw ValidationFailure(issues.map(\.fieldIssue)) }
        let executor = PlanExecutor(effectiveOn: effectiveOn, title: title, actor: actor, now: now)
        return (steps, try await executor.run(steps, rows: rows.count, db: tx, trail: trail))
    }

    /// The date and title; a plan without a valid date is refused before its
    /// rows are read, with its rows' shape problems.
    private func checkHeader(_ plan: Submission) throws -> (LocalDate, String) {
        var issues: [FieldIssue] = []
        let effectiveOn = LocalDate(parsing: plan.effectiveOn.trimmingCharacters(in: .whitespaces))
        if effectiveOn == nil {
            issues.insert(FieldIssue(field: "effectiveOn", "Ngày hiệu lực không hợp lệ: dùng dạng ngày/tháng/năm.",
                                     en: "The effective date is not valid: use day/month/year."), at: 0)
        }
        let title = VietnameseText.normalizeSpaces(plan.title)
        if title.count > 300 { issues.append(FieldIssue(field: "title", "Tên kế hoạch dài quá 300 ký tự.", en: "The title is longer than 300 characters.")) }
        if !issues.isEmpty { throw ValidationFailure(issues + plan.shapeIssues.map(\.fieldIssue)) }
        return (effectiveOn!, title.isEmpty ? "Kế hoạch tổ chức lại ngày \(effectiveOn!.display)" : title)
    }

    private func store(_ plan: Submission, title: String, effectiveOn: LocalDate, status: ReorganizationPlanRecord.Status,
                       manage: Scope?, touched: [UUID]) async throws -> UUID {
        try await db.write(as: actor) { tx, trail in
            try await self.insertRecord(plan, title: title, effectiveOn: effectiveOn, status: status, manage: manage, touched: touched, db: tx, trail: trail)
        }
    }

    private func insertRecord(_ plan: Submission, title: String, effectiveOn: LocalDate, status: ReorganizationPlanRecord.Status,
                              manage: Scope?, touched: [UUID], db tx: any Database, trail: AuditTrail) async throws -> UUID {
        let record = ReorganizationPlanRecord()
        record.id = UUID()
        record.title = title
        record.effectiveOn = effectiveOn.iso
        record.statusRaw = status.rawValue
        record.rowsJSON = String(decoding: try JSONEncoder().encode(plan.rows), as: UTF8.self)
        record.rowCount = plan.rows.count
        record.organizationPath = manage?.roots.first?.value ?? ""
        record.scopePaths = manage?.roots.map(\.value).joined(separator: " ") ?? ""
        record.createdBy = actor.name
        record.createdAt = now
        record.appliedAt = status == .applied ? now : nil
        try await record.create(on: tx)
        try await link(record.id!, to: touched, db: tx)
        trail.record(status == .applied ? "reorganization.apply" : "reorganization.schedule", entity: "reorganization_plan", id: record.id!,
                     path: record.organizationPath, after: ReorganizationPlanDTO(record))
        return record.id!
    }

    /// Records which existing units a plan touches (its new units, in a
    /// dry run, do not exist), for their pages and the date check.
    private func link(_ plan: UUID, to touched: [UUID], db tx: any Database) async throws {
        var rows: [[any SQLExpression]] = []
        for chunk in PlanSnapshotLoader.chunks(touched) {
            for id in try await Organization.query(on: tx).filter(\.$id ~~ chunk).field(\.$id).all().compactMap(\.id) {
                rows.append([SQLBind(UUID()), SQLBind(plan), SQLBind(id)])
            }
        }
        try await BulkInsert.rows(rows, columns: ["id", "plan_id", "organization_id"], into: ReorganizationPlanUnit.schema, on: tx)
    }

    // MARK: stored plans

    func list(in scope: Scope) async throws -> [ReorganizationPlanRecord] {
        try await Self.visible(ReorganizationPlanRecord.query(on: db), scope).sort(\.$createdAt, .descending).limit(200).all()
    }

    func find(_ id: UUID, in scope: Scope) async throws -> ReorganizationPlanRecord {
        guard let plan = try await Self.visible(ReorganizationPlanRecord.query(on: db).filter(\.$id == id), scope).first() else { throw Refusal.notFound }
        return plan
    }

    /// Plans made inside the scope; a console plan (the whole tree) only for a top-level grant.
    private static func visible(_ q: QueryBuilder<ReorganizationPlanRecord>, _ scope: Scope) -> QueryBuilder<ReorganizationPlanRecord> {
        let wholeTree = scope.roots.contains { $0.parent == nil }
        return q.group(.or) { or in
            or.filter(\.$organizationPath == "-")  // no path is "-": keeps the group from being empty
            for root in scope.roots {
                or.group(.and) { and in and.filter(\.$organizationPath >= root.value).filter(\.$organizationPath < root.value + "/") }
            }
            if wholeTree { or.filter(\.$organizationPath == "") }
        }
    }

    /// Cancels a pending plan before its date; audited with the reason.
    func cancel(_ id: UUID, reason raw: String?, view: Scope, manage: Scope) async throws -> ReorganizationPlanRecord {
        let plan = try await find(id, in: view)
        guard plan.organizationPath.isEmpty ? manage.roots.contains { $0.parent == nil } : manage.contains(path: plan.organizationPath) else {
            throw Refusal.forbidden
        }
        return try await db.write(as: actor) { tx, trail in
            guard let plan = try await ReorganizationPlanRecord.find(id, on: tx) else { throw Refusal.notFound }
            guard plan.status == .pending else {
                throw Refusal(.conflict, "Chỉ hủy được kế hoạch đang chờ đến ngày hiệu lực.", en: "Only a pending plan can be cancelled.")
            }
            let before = ReorganizationPlanDTO(plan)
            plan.statusRaw = ReorganizationPlanRecord.Status.cancelled.rawValue
            plan.outcome = raw.map(VietnameseText.normalizeSpaces)?.nilIfEmpty.map { "Hủy: \($0)" } ?? "Hủy bởi \(self.actor.name)"
            try await plan.save(on: tx)
            trail.record("reorganization.cancel", entity: "reorganization_plan", id: id, path: plan.organizationPath,
                         before: before, after: ReorganizationPlanDTO(plan))
            return plan
        }
    }

    /// The scheduled job: applies every pending plan whose day has come, in
    /// date order, each in its own transaction. A plan the tree no longer
    /// fits is marked failed with its reasons, and nothing of it is applied.
    func applyDue() async throws -> (applied: Int, failed: Int) {
        let due = try await ReorganizationPlanRecord.query(on: db).filter(\.$statusRaw == ReorganizationPlanRecord.Status.pending.rawValue)
            .filter(\.$effectiveOn <= today.iso).sort(\.$effectiveOn).sort(\.$createdAt).all()
        var applied = 0, failed = 0
        defer { if applied > 0 { InheritedRecords.linksChanged() } }
        for plan in due {
            let rows = (try? JSONDecoder().decode([PlanRow].self, from: Data(plan.rowsJSON.utf8))) ?? []
            let scope: Scope? = plan.scopePaths.isEmpty ? nil : Scope(plan.scopePaths.split(separator: " ").compactMap { TreePath(String($0)) })
            let effectiveOn = LocalDate(parsing: plan.effectiveOn) ?? today
            do {
                try await db.write(as: actor) { tx, trail in
                    // Read inside the writer's transaction: another runner may have applied or cancelled it.
                    guard let stored = try await ReorganizationPlanRecord.find(plan.id!, on: tx), stored.status == .pending else { return }
                    let (steps, _) = try await self.execute(rows, effectiveOn: effectiveOn, title: plan.title, manage: scope, db: tx, trail: trail)
                    let before = ReorganizationPlanDTO(stored)
                    stored.statusRaw = ReorganizationPlanRecord.Status.applied.rawValue
                    stored.appliedAt = self.now
                    try await stored.save(on: tx)
                    try await ReorganizationPlanUnit.query(on: tx).filter(\.$plan.$id == plan.id!).delete()
                    try await self.link(plan.id!, to: PlanExecutor.touched(steps), db: tx)
                    trail.record("reorganization.apply", entity: "reorganization_plan", id: plan.id!, path: stored.organizationPath,
                                 before: before, after: ReorganizationPlanDTO(stored))
                }
                applied += 1
            } catch let failure as ValidationFailure {
                try await markFailed(plan.id!, reasons: failure.issues.map(\.message))
                failed += 1
            }
        }
        return (applied, failed)
    }

    private func markFailed(_ id: UUID, reasons: [String]) async throws {
        try await db.write(as: actor) { tx, trail in
            guard let plan = try await ReorganizationPlanRecord.find(id, on: tx), plan.status == .pending else { return }
            let before = ReorganizationPlanDTO(plan)
            plan.statusRaw = ReorganizationPlanRecord.Status.failed.rawValue
            plan.outcome = reasons.prefix(50).joined(separator: "\n")
            try await plan.save(on: tx)
            trail.record("reorganization.fail", entity: "reorganization_plan", id: id, path: plan.organizationPath, before: before, after: ReorganizationPlanDTO(plan))
        }
    }
}
