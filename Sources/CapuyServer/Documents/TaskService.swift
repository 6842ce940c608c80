import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Tasks given by documents and work programs, and what recipients report.
struct TaskService {
    let db: any Database
    let actor: Actor
    let today: LocalDate

    enum Source: Sendable {
        case document(UUID)
        case program(UUID)
    }

    /// Gives one task to the chosen units. A cascade to every grassroots
    /// organization of the country is tens of thousands of rows: they go in
    /// with bulk inserts, and one audit event records the task and its count.
    func assign(_ source: Source, _ input: TaskInput, view: Scope, manage: Scope) async throws -> PartyTask {
        let issuerID: UUID
        let notBefore: LocalDate
        switch source {
        case .document(let id):
            let doc = try await DocumentService(db: db, actor: actor, today: today).findManaged(id, view: view, manage: manage)
            issuerID = doc.$issuer.id
            notBefore = doc.issuedOn.flatMap(LocalDate.init(parsing:)) ?? today
        case .program(let id):
            let program = try await WorkProgramService(db: db, actor: actor, today: today).find(id, in: view)
            guard manage.contains(path: program.organizationPath) else { throw Refusal.forbidden }
            issuerID = program.$organization.id
            notBefore = today
        }
        var c = IssueCollector()
        let title = VietnameseText.normalizeSpaces(input.title)
        if title.isEmpty { c.add("title", "Cần nhập nội dung nhiệm vụ.", en: "Describe the task.") }
        let deadline = LocalDate(parsing: input.deadline)
        if let issue = TaskRules.checkDeadline(deadline, notBefore: notBefore) { c.add(issue.field, issue.message, en: issue.messageEn) }
        let deliverable = Deliverable(rawValue: input.deliverable ?? Deliverable.report.rawValue)
        if deliverable == nil { c.add("deliverable", "Sản phẩm phải là văn bản triển khai, báo cáo hoặc xác nhận hoàn thành.", en: "Unknown deliverable.") }
        let category = TaskCategory(rawValue: input.category ?? TaskCategory.task.rawValue)
        if category == nil { c.add("category", "Loại nhiệm vụ không hợp lệ.", en: "Unknown task category.") }
        try c.throwIfAny()
        return try await db.write(as: actor) { tx, trail in
            guard let issuer = try await Organization.find(issuerID, on: tx) else { throw Refusal.notFound }
            let units = try await TaskTargets.resolve(input.targets, issuer: issuer, on: tx)
            let task = PartyTask()
            task.id = UUID()
            if case .document(let id) = source { task.documentId = id }
            if case .program(let id) = source { task.programId = id }
            task.$issuer.id = issuer.id!
            task.issuerPath = issuer.path
            task.categoryRaw = category!.rawValue
            task.title = title
            task.deadline = deadline!.iso
            task.deliverableRaw = deliverable!.rawValue
            task.assigneeCount = units.count
            try await task.create(on: tx)
            let rows: [[any SQLExpression]] = units.map { u in
                [SQLBind(UUID()), SQLBind(task.id!), SQLBind(task.documentId), SQLBind(task.programId), SQLBind(u.id),
                 SQLBind(u.path), SQLBind(task.deadline), SQLBind(0)]
            }
            try await BulkInsert.rows(rows, columns: ["id", "task_id", "document_id", "program_id", "organization_id",
                                                      "organization_path", "deadline", "percent"],
                                      into: TaskAssignment.schema, on: tx)
            try await TaskTallies.create(task: task, recipientPaths: units.map(\.path), on: tx)
            trail.record("task.assign", entity: "task", id: task.id!, path: issuer.path,
                         after: TaskAuditRecord(task: TaskDTO(task), targets: input.targets))
            return task
        }
    }

    /// Moves a task's deadline (gia hạn), with the reason on record. Every
    /// recipient gets the new date; reminders and escalation start again; the
    /// tallies are recounted, since "done on time" depends on the date.
    func setDeadline(_ taskID: UUID, _ input: DeadlineInput, view: Scope, manage: Scope) async throws -> PartyTask {
        guard let task = try await PartyTask.find(taskID, on: db) else { throw Refusal.notFound }
        let notBefore: LocalDate
        if let docID = task.documentId {
            let doc = try await DocumentService(db: db, actor: actor, today: today).findManaged(docID, view: view, manage: manage)
            notBefore = doc.issuedOn.flatMap(LocalDate.init(parsing:)) ?? today
        } else {
            guard view.contains(path: task.issuerPath) else { throw Refusal.notFound }
            guard manage.contains(path: task.issuerPath) else { throw Refusal.forbidden }
            notBefore = today
        }
        var c = IssueCollector()
        let deadline = LocalDate(parsing: input.deadline)
        if let issue = TaskRules.checkDeadline(deadline, notBefore: notBefore) { c.add(issue.field, issue.message, en: issue.messageEn) }
        let reason = VietnameseText.normalizeSpaces(input.reason ?? "")
        if reason.isEmpty { c.add("reason", "Cần ghi lý do gia hạn.", en: "Give the reason for the new deadline.") }
        try c.throwIfAny()
        return try await db.write(as: actor) { tx, trail in
            guard let task = try await PartyTask.find(taskID, on: tx) else { throw Refusal.notFound }
            let before = TaskDTO(task)
            task.deadline = deadline!.iso
            try await task.save(on: tx)
            try await tx.sql.update(TaskAssignment.schema).set("deadline", to: task.deadline).set("reminded_on", to: SQLLiteral.null)
                .set("escalated_on", to: SQLLiteral.null).where("task_id", .equal, taskID).run()
            try await TaskTallies.rebuild(taskIDs: [taskID], on: tx)
            trail.record("task.deadline", entity: "task", id: taskID, path: task.issuerPath, before: before,
                         after: DeadlineRecord(task: TaskDTO(task), reason: reason))
            return task
        }
    }

    func tasks(of source: Source) async throws -> [PartyTask] {
        switch source {
        case .document(let id): try await PartyTask.query(on: db).filter(\.$documentId == id).sort(\.$deadline).all()
        case .program(let id): try await PartyTask.query(on: db).filter(\.$programId == id).sort(\.$deadline).all()
        }
    }

    /// A task a unit in scope received. A draft's tasks are not sent yet:
    /// they stay unknown to their recipients until the document is issued.
    func findAssignment(_ id: UUID, in scope: Scope) async throws -> TaskAssignment {
        guard let a = try await TaskAssignment.find(id, on: db), scope.contains(path: a.organizationPath) else {
            throw Refusal.notFound
        }
        if let docID = a.documentId, try await PartyDocument.find(docID, on: db)?.isIssued != true {
            throw Refusal.notFound
        }
        return a
    }

    /// A unit's inbox: the tasks its units received from issued documents
    /// and from work programs, soonest deadline first.
    func inbox(in scope: Scope, organizationId: UUID?, openOnly: Bool, limit: Int = 200) async throws -> [TaskAssignment] {
        var q = scope.filter(TaskAssignment.query(on: db), \.$organizationPath)
        if let orgID = organizationId {
            let org = try await OrganizationService(db: db, actor: actor, today: today).find(orgID, in: scope)
            q = q.filter(\.$organization.$id == org.id!)
        }
        if openOnly { q = q.filter(\.$completedOn == nil) }
        let issued = SQLQueryString("""
            (\(ident: TaskAssignment.schema).\(ident: "document_id") IS NULL OR EXISTS (SELECT 1 FROM \(ident: PartyDocument.schema) d \
            WHERE d.id = \(ident: TaskAssignment.schema).\(ident: "document_id") AND d.status = \(bind: DocumentStatus.issued.rawValue)))
            """)
        return try await q.filter(.sql(issued)).sort(\.$deadline).sort(\.$organizationPath).limit(limit).all()
    }

    func acknowledge(_ id: UUID, report: Scope) async throws -> TaskAssignment {
        _ = try await findAssignment(id, in: report)
        return try await db.write(as: actor) { tx, trail in
            guard let a = try await TaskAssignment.find(id, on: tx) else { throw Refusal.notFound }
            guard a.acknowledgedAt == nil else { return a }
            a.acknowledgedAt = Date()
            try await a.save(on: tx)
            trail.record("task.acknowledge", entity: "taskAssignment", id: id, path: a.organizationPath,
                         after: AssignmentDTO(a, today: self.today))
            return a
        }
    }

    /// Records progress; at 100% the task is done on the day given, or today.
    /// A task whose deliverable is an implementing document is done only with one.
    func report(_ id: UUID, _ input: ProgressInput, view: Scope, report: Scope) async throws -> TaskAssignment {
        _ = try await findAssignment(id, in: report)
        var c = IssueCollector()
        if let issue = TaskRules.checkPercent(input.percent) { c.add(issue.field, issue.message, en: issue.messageEn) }
        let note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > 4000 { c.add("note", "Ghi chú dài quá 4.000 ký tự.", en: "The note is over 4,000 characters.") }
        let link = input.deliverableLink?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let link, !(link.hasPrefix("https://") || link.hasPrefix("http://")) {
            c.add("deliverableLink", "Đường dẫn sản phẩm phải bắt đầu bằng https://", en: "The link must start with https://")
        }
        let completedOn = input.completedOn.map { LocalDate(parsing: $0) }
        if let completedOn {
            if input.percent != 100 {
                c.add("completedOn", "Chỉ ghi ngày hoàn thành khi báo hoàn thành 100%.", en: "A completion date goes with 100% only.")
            } else if completedOn == nil {
                c.add("completedOn", "Ngày hoàn thành không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid completion date: use day/month/year.")
            } else if let day = completedOn, today < day {
                c.add("completedOn", "Ngày hoàn thành không thể ở tương lai.", en: "The completion date cannot be in the future.")
            }
        }
        try c.throwIfAny()
        if let docID = input.deliverableDocumentId {
            let doc = try await DocumentService(db: db, actor: actor, today: today).find(docID, in: view)
            guard doc.isIssued else {
                throw ValidationFailure(field: "deliverableDocumentId", "Văn bản sản phẩm phải đã ban hành.", en: "The deliverable document must be issued.")
            }
        }
        let today = today
        let actorName = actor.name
        return try await db.write(as: actor) { tx, trail in
            guard let a = try await TaskAssignment.find(id, on: tx), let task = try await PartyTask.find(a.$task.id, on: tx) else {
                throw Refusal.notFound
            }
            guard a.completedOn == nil else {
                throw ValidationFailure(field: "percent", "Nhiệm vụ đã hoàn thành ngày \(LocalDate(parsing: a.completedOn!)?.display ?? "").",
                                        en: "The task was already completed.")
            }
            let before = AssignmentDTO(a, today: today)
            let oldBucket = TaskTallies.Bucket.of(percent: a.percent, completedOn: a.completedOn, deadline: a.deadline)
            a.percent = input.percent
            if !note.isEmpty { a.note = note }
            if let docID = input.deliverableDocumentId { a.deliverableDocumentId = docID }
            if let link { a.deliverableLink = link }
            if input.percent == 100 {
                if task.deliverable == .implementingDocument, a.deliverableDocumentId == nil {
                    throw ValidationFailure(field: "deliverableDocumentId",
                                            "Nhiệm vụ này cần văn bản triển khai: chọn văn bản đã ban hành trước khi báo hoàn thành.",
                                            en: "This task needs an implementing document: pick the issued document before marking it done.")
                }
                let day = (completedOn ?? nil) ?? today
                if let given = try await Self.givenOn(task, on: tx), day < given {
                    throw ValidationFailure(field: "completedOn", "Ngày hoàn thành không thể trước ngày giao nhiệm vụ (\(given.display)).",
                                            en: "The completion date cannot precede the day the task was given (\(given.display)).")
                }
                a.completedOn = day.iso
            }
            a.acknowledgedAt = a.acknowledgedAt ?? Date()
            try await a.save(on: tx)
            try await TaskTallies.move(task: task, path: a.organizationPath, from: oldBucket,
                                       to: .of(percent: a.percent, completedOn: a.completedOn, deadline: a.deadline), on: tx)
            let r = TaskReport()
            r.$assignment.id = id
            r.percent = input.percent
            r.note = note
            r.actorName = actorName
            try await r.create(on: tx)
            trail.record("task.report", entity: "taskAssignment", id: id, path: a.organizationPath,
                         before: before, after: AssignmentDTO(a, today: today))
            return a
        }
    }

    /// The day a task was given: its document's issue date, or the first
    /// day of its work program's year; nil for a term program's task.
    static func givenOn(_ task: PartyTask, on db: any Database) async throws -> LocalDate? {
        if let docID = task.documentId {
            return try await PartyDocument.find(docID, on: db)?.issuedOn.flatMap(LocalDate.init(parsing:))
        }
        if let programID = task.programId, let year = try await WorkProgram.find(programID, on: db)?.year {
            return LocalDate(year: year, month: 1, day: 1)
        }
        return nil
    }

    func reports(of id: UUID, in scope: Scope) async throws -> [TaskReport] {
        let a = try await findAssignment(id, in: scope)
        return try await TaskReport.query(on: db).filter(\.$assignment.$id == a.id!).sort(\.$createdAt).all()
    }

    /// When a unit issues its own document implementing one that gave it a
    /// task "issue an implementing document", that task is done by it.
    static func closeByImplementingDocument(_ doc: PartyDocument, actor: Actor, trail: AuditTrail, on tx: any Database) async throws {
        guard let implemented = doc.implementsId, let issuedOn = doc.issuedOn else { return }
        let tasks = try await PartyTask.query(on: tx).filter(\.$documentId == implemented)
            .filter(\.$deliverableRaw == Deliverable.implementingDocument.rawValue).all()
        guard !tasks.isEmpty else { return }
        let open = try await TaskAssignment.query(on: tx).filter(\.$task.$id ~~ tasks.map { $0.id! })
            .filter(\.$organization.$id == doc.$issuer.id).filter(\.$completedOn == nil).all()
        let today = LocalDate(parsing: issuedOn)!
        let taskByID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id!, $0) })
        for a in open {
            let before = AssignmentDTO(a, today: today)
            let oldBucket = TaskTallies.Bucket.of(percent: a.percent, completedOn: a.completedOn, deadline: a.deadline)
            a.percent = 100
            a.completedOn = issuedOn
            a.deliverableDocumentId = doc.id
            a.acknowledgedAt = a.acknowledgedAt ?? Date()
            try await a.save(on: tx)
            if let task = taskByID[a.$task.id] {
                try await TaskTallies.move(task: task, path: a.organizationPath, from: oldBucket,
                                           to: .of(percent: a.percent, completedOn: a.completedOn, deadline: a.deadline), on: tx)
            }
            trail.record("task.complete", entity: "taskAssignment", id: a.id!, path: a.organizationPath,
                         before: before, after: AssignmentDTO(a, today: today))
        }
    }
}

/// A new deadline with the reason, as the audit keeps it.
struct DeadlineRecord: Encodable {
    let task: TaskDTO
    let reason: String
}

/// What the audit keeps of a task assignment: the task and how its
/// recipients were chosen (one event, not one per recipient).
struct TaskAuditRecord: Encodable {
    let task: TaskDTO
    let targets: TaskTargetInput
}
