import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Use cases on a case once it is in: reading in scope, the workflow,
/// extensions, routing changes, handlers and the sealed identity.
struct CaseService {
    let db: any Database
    let actor: Actor
    let context: CapuyContext
    /// The caller's handling scope and member record (R-CASE-5 exclusions).
    let scope: Scope
    let memberId: UUID?
    /// Where the caller may read cases: the handling scope plus the closed
    /// units its units took over from (issue 15). Nil: the handling scope.
    var readScope: Scope? = nil

    var today: LocalDate { context.today() }

    /// A case the caller may act on: every change starts here.
    func find(_ id: UUID, on db: (any Database)? = nil) async throws -> CitizenCase {
        try await find(id, in: scope, on: db)
    }

    /// A case the caller may read, a predecessor's included.
    func read(_ id: UUID) async throws -> CitizenCase {
        try await find(id, in: readScope ?? scope, on: nil)
    }

    /// Whether the caller may act on a case it can read.
    func mayAct(on c: CitizenCase) -> Bool {
        scope.contains(path: c.handlingPath)
    }

    private func find(_ id: UUID, in scope: Scope, on db: (any Database)?) async throws -> CitizenCase {
        guard let c = try await CitizenCase.query(on: db ?? self.db).filter(\.$id == id)
            .filter(.sql(CaseVisibility.predicate(scope, memberId: memberId))).first() else { throw Refusal.notFound }
        return c
    }

    struct ListQuery {
        var text: String?
        var state: CaseState?
        var kind: CaseKind?
        var channel: CaseChannel?
        /// overdue, dueSoon, longRunning, escalated, open
        var filter: String?
        var page = 1
        var per = 50
        /// Tests lower it to page a few cases both ways.
        var walkRecentAbove = CaseService.walkRecentAbove
    }

    /// Above this many cases found, a page walks the received-date index
    /// (`cases_recent`) and keeps the cases in scope: at the national root
    /// that reads about a page of entries, where sorting read every case.
    static let walkRecentAbove = 2_000

    /// Newest first, `per` to a page. The conditions are plain SQL so that a
    /// large list can name the index it walks; only the page's cases are
    /// decoded as models.
    func list(_ q: ListQuery) async throws -> (items: [CitizenCase], total: Int) {
        let (ids, total) = try await listPage(q)
        let cases = Dictionary(uniqueKeysWithValues: try await CitizenCase.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
        return (ids.compactMap { cases[$0] }, total)
    }

    /// A case as the list page shows it, with its handling unit's name.
    struct ListRow: Decodable {
        let id: UUID, received_on: String, kind: String, title: String, state: String, due_on: String?, finished_on: String?
        let unit_name: String

        var caseKind: CaseKind { CitizenCase.kind(kind) }
        var caseState: CaseState { CitizenCase.state(state) }
        var received: LocalDate { CitizenCase.day(received: received_on) }
        var due: LocalDate? { due_on.flatMap(LocalDate.init(parsing:)) }
        var finished: LocalDate? { finished_on.flatMap(LocalDate.init(parsing:)) }
    }

    /// The same page as plain rows: decoding fifty case models by reflection
    /// was a third of the list page's time.
    func listRows(_ q: ListQuery) async throws -> (rows: [ListRow], total: Int) {
        let (ids, total) = try await listPage(q)
        guard !ids.isEmpty else { return ([], total) }
        let rows = try await db.sql.raw("""
            SELECT c.id, c.received_on, c.kind, c.title, c.state, c.due_on, c.finished_on, o.name AS unit_name
            FROM \(ident: CitizenCase.schema) c JOIN \(ident: Organization.schema) o ON o.id = c.handling_org_id
            WHERE c.id IN \(SQLBind.group(ids))
            """).all(decoding: ListRow.self)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        return (ids.compactMap { byID[$0] }, total)
    }

    /// How many cases in scope match one of the list's filters (overdue,
    /// dueSoon, …), counted up to `limit`: the home page's counts link to
    /// the same list.
    func count(filter: String, upTo limit: Int) async throws -> Int {
        try await db.sql.boundedCount(in: CitizenCase.schema, as: CitizenCase.schema, where: try predicate(ListQuery(filter: filter)), upTo: limit)
    }

    private func count(where predicate: any SQLExpression) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await db.sql.select().column(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: "n").from(CitizenCase.schema)
            .where(predicate).first(decoding: Count.self)?.n ?? 0
    }

    /// The ids of a page of cases, newest first, and how many match.
    private func listPage(_ q: ListQuery) async throws -> (ids: [UUID], total: Int) {
        let predicate = try predicate(q)
        let total = try await count(where: predicate)
        let column = { (name: String) in SQLColumn(name, table: CitizenCase.schema) }
        let per = min(max(q.per, 1), 500)
        let page = min(max(q.page, 1), 100_000)
        // SQLite cannot tell the nation's range from a commune's: a large list names the date index.
        let walk = db.sql.dialect.name == "sqlite" && total > q.walkRecentAbove && (page - 1) * per < q.walkRecentAbove
        struct Row: Decodable { let id: UUID }
        let ids = try await db.sql.select().column(column("id"))
            .from(walk ? SQLRaw("\"\(CitizenCase.schema)\" INDEXED BY cases_recent") as any SQLExpression : SQLIdentifier(CitizenCase.schema))
            .where(predicate).orderBy(column("received_on"), SQLDirection.descending).orderBy(column("created_at"), SQLDirection.descending)
            .limit(per).offset((page - 1) * per).all(decoding: Row.self).map(\.id)
        return (ids, total)
    }

    /// The list's conditions: the caller's visibility, the words, the
    /// state, kind and channel, and one of the named filters.
    private func predicate(_ q: ListQuery) throws -> any SQLExpression {
        try SearchText.check(q.text)
        let column = { (name: String) in SQLColumn(name, table: CitizenCase.schema) }
        let equals = { (name: String, value: String) -> any SQLExpression in SQLBinaryExpression(column(name), .equal, SQLBind(value)) }
        var conditions: [any SQLExpression] = [CaseVisibility.predicate(readScope ?? scope, memberId: memberId)]
        for word in (q.text.map(VietnameseText.fold) ?? "").split(separator: " ").prefix(10) {
            conditions.append(SQLBinaryExpression(column("search_folded"), .like, SQLBind("%\(word)%")))
        }
        if let s = q.state { conditions.append(equals("state", s.rawValue)) }
        if let k = q.kind { conditions.append(equals("kind", k.rawValue)) }
        if let ch = q.channel { conditions.append(equals("channel", ch.rawValue)) }
        let open = SQLBinaryExpression(column("state"), .in, SQLBind.group(CaseState.allCases.filter(\.isOpen).map(\.rawValue)))
        let unfinished = SQLBinaryExpression(column("finished_on"), .is, SQLLiteral.null)
        switch q.filter {
        case "open": conditions.append(open)
        case "overdue": conditions += [open, unfinished, SQLBinaryExpression(column("due_on"), .lessThan, SQLBind(today.iso))]
        case "dueSoon": conditions += [open, unfinished, SQLBinaryExpression(column("due_on"), .greaterThanOrEqual, SQLBind(today.iso)),
                                       SQLBinaryExpression(column("due_on"), .lessThanOrEqual, SQLBind(today.adding(days: CaseRules.warnDays).iso))]
        case "longRunning": conditions += [open, SQLBinaryExpression(column("received_on"), .lessThan,
                                                                      SQLBind(today.adding(days: -context.settings.caseLongRunningDays).iso))]
        case "escalated": conditions += [open, SQLBinaryExpression(column("escalated_on"), .isNot, SQLLiteral.null)]
        default: break
        }
        return SQLGroupExpression(SQLList(conditions, separator: SQLRaw(" AND ")))
    }

    // The reads below take the id (and check visibility) or a case the
    // caller already found with `read`, so a page reads the case once.

    func events(of id: UUID) async throws -> [CaseEvent] { try await events(of: try await read(id)) }

    func events(of c: CitizenCase) async throws -> [CaseEvent] {
        try await CaseEvent.query(on: db).filter(\.$citizenCase.$id == c.id!).sort(\.$at).all()
    }

    func attachments(of id: UUID) async throws -> [CaseAttachment] { try await attachments(of: try await read(id)) }

    /// Lists without loading the file bytes.
    func attachments(of c: CitizenCase) async throws -> [CaseAttachment] {
        try await CaseAttachment.query(on: db).filter(\.$citizenCase.$id == c.id!)
            .field(\.$id).field(\.$citizenCase.$id).field(\.$fileName).field(\.$contentType).field(\.$size).field(\.$sha256).all()
    }

    func attachment(_ attachmentId: UUID, of id: UUID) async throws -> CaseAttachment {
        let c = try await read(id)
        guard let a = try await CaseAttachment.find(attachmentId, on: db), a.$citizenCase.id == c.id else { throw Refusal.notFound }
        return a
    }

    func handlers(of id: UUID) async throws -> [User] { try await handlers(of: try await read(id)) }

    func handlers(of c: CitizenCase) async throws -> [User] {
        let links = try await CaseHandler.query(on: db).filter(\.$citizenCase.$id == c.id!).all()
        guard !links.isEmpty else { return [] }
        return try await User.query(on: db).filter(\.$id ~~ links.map { $0.$user.id }).sort(\.$username).all()
    }

    func isHandler(_ caseId: UUID, user: UUID?, on db: (any Database)? = nil) async throws -> Bool {
        guard let user else { return false }
        return try await CaseHandler.query(on: db ?? self.db).filter(\.$citizenCase.$id == caseId).filter(\.$user.$id == user).count() > 0
    }

    // MARK: - the workflow

    func act(_ id: UUID, _ input: CaseActionInput) async throws -> CitizenCase {
        guard let action = CaseAction(rawValue: input.action) else {
            throw ValidationFailure(field: "action", "Thao tác không hợp lệ.", en: "Unknown action.")
        }
        let note = VietnameseText.normalizeSpaces(input.note ?? "")
        if action.needsReason, note.count < 5 {
            throw ValidationFailure(field: "note", "Ghi lý do (ít nhất 5 ký tự).", en: "Give the reason (at least 5 characters).")
        }
        let conclusion = (input.conclusion ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if action == .conclude, conclusion.count < 10 {
            throw ValidationFailure(field: "conclusion", "Ghi nội dung kết luận (ít nhất 10 ký tự).", en: "Write the conclusion (at least 10 characters).")
        }
        let limits = context.settings.caseTimeLimits
        let today = self.today
        return try await db.write(as: actor) { tx, trail in
            let c = try await self.find(id, on: tx)
            let before = CaseAuditDTO(c)
            let next: CaseState
            do { next = try CaseWorkflow.next(from: c.state, action) } catch let error as CaseWorkflow.NotAllowed {
                throw ValidationFailure(field: "action", error.message, en: error.messageEn)
            }
            if action == .accept, c.filedKind == .denunciation, c.kind == .denunciation, !c.hasIdentity {
                throw ValidationFailure(field: "action", "Tố cáo nặc danh không được thụ lý như tố cáo (R-CASE-5).",
                                        en: "An anonymous denunciation is not accepted as one.")
            }
            let calendar = try await self.context.calendar.load(on: tx)
            var publicNote: String?
            switch action {
            case .accept, .reopen:
                c.acceptedOn = today.iso
                c.extensions = 0
                c.finishedOn = nil
                c.closedOn = nil
                c.remindedOn = nil
                c.escalatedOn = nil
                // A reopened case's old conclusion no longer stands: it leaves the portal.
                c.publishedFrom = nil
                c.publishedUntil = nil
                let due = limits.dueDate(track: c.track, accepted: today, complex: c.complex, remote: c.remote, extensions: 0, calendar: calendar)
                c.dueOn = due.iso
                let limit = limits.limit(c.track).base(complex: c.complex, remote: c.remote)
                publicNote = (action == .reopen ? "Hồ sơ được mở lại do có chứng cứ mới. " : "") + CaseMessages.accepted(due: due, limit: limit)
            case .refuse:
                c.finishedOn = today.iso
                publicNote = "Đơn không được thụ lý. Lý do: \(note)"
            case .transfer:
                c.finishedOn = today.iso
                publicNote = "Đơn được chuyển đến cơ quan có thẩm quyền giải quyết: \(note)"
            case .startVerifying:
                break
            case .conclude:
                c.finishedOn = today.iso
                c.conclusion = conclusion
                publicNote = "Đã có kết luận giải quyết."
            case .notifySubmitter:
                publicNote = "Kết quả giải quyết đã được thông báo." + (note.isEmpty ? "" : " \(note)")
            case .close:
                c.closedOn = today.iso
                publicNote = "Hồ sơ đã kết thúc."
            }
            c.stateRaw = next.rawValue
            try await c.save(on: tx)
            let internalNote = [action.label, note].filter { !$0.isEmpty }.joined(separator: ": ")
            try await CaseEvents.add(c, action.rawValue, note: publicNote ?? internalNote, public: publicNote != nil, actor: self.actor, at: self.context.now(), on: tx)
            trail.record("case." + action.rawValue, entity: "case", id: c.id!, path: c.handlingPath, before: before, after: CaseAuditDTO(c))
            return c
        }
    }

    /// One more extension, decided with a reason and told to the submitter (R-CASE-2).
    func extend(_ id: UUID, reason raw: String) async throws -> CitizenCase {
        let reason = VietnameseText.normalizeSpaces(raw)
        guard reason.count >= 5 else {
            throw ValidationFailure(field: "reason", "Ghi lý do gia hạn (ít nhất 5 ký tự).", en: "Give the reason (at least 5 characters).")
        }
        let limits = context.settings.caseTimeLimits
        return try await db.write(as: actor) { tx, trail in
            let c = try await self.find(id, on: tx)
            guard c.state.isRunningAgainstLimit, let accepted = c.acceptedOn.flatMap(LocalDate.init(parsing:)) else {
                throw ValidationFailure(field: "reason", "Chỉ gia hạn hồ sơ đã thụ lý và đang giải quyết.",
                                        en: "Only an accepted case being handled can be extended.")
            }
            do { try limits.checkExtension(track: c.track, complex: c.complex, done: c.extensions) } catch let error as CaseTimeLimits.ExtensionRefused {
                throw ValidationFailure(field: "reason", error.message, en: error.messageEn)
            }
            let before = CaseAuditDTO(c)
            let calendar = try await self.context.calendar.load(on: tx)
            c.extensions += 1
            let due = limits.dueDate(track: c.track, accepted: accepted, complex: c.complex, remote: c.remote,
                                     extensions: c.extensions, calendar: calendar)
            c.dueOn = due.iso
            c.remindedOn = nil
            c.escalatedOn = nil
            try await c.save(on: tx)
            try await CaseEvents.add(c, "extend", note: CaseMessages.extended(due: due, reason: reason), public: true, actor: self.actor, at: self.context.now(), on: tx)
            trail.record("case.extend", entity: "case", id: c.id!, path: c.handlingPath, before: before, after: CaseAuditDTO(c))
            return c
        }
    }
}
