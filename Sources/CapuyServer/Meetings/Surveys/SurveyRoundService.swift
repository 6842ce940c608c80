import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

struct SurveyRoundInput: Content {
    var organizationId: UUID
    var year: Int
    var title: String?
    /// A province's own form; the standard one if absent.
    var form: SurveyForm?
}

struct SurveyRoundDTO: Content {
    let id: UUID
    let organizationId: UUID
    let year: Int
    let title: String
    let status: String
    let cells: Int
    let form: SurveyForm?

    init(_ r: SurveyRound, withForm: Bool = false) {
        id = r.id!
        organizationId = r.$organization.id
        year = r.year
        title = r.title
        status = r.status
        cells = r.cells
        form = withForm ? r.form : nil
    }
}

/// Who observes which cells: an account (`userId`) or a committee member's
/// account (`memberId`), over cells or whole units of the round.
struct SurveyAssignInput: Content {
    var userId: UUID?
    var memberId: UUID?
    var organizationIds: [UUID]
}

struct SurveyAssignResultDTO: Content {
    let userId: UUID
    let assigned: Int
}

/// Opening and closing survey rounds and assigning observers. Opening and
/// assigning need `.manageMeetings` over the unit; reading needs a view of
/// the round's unit or an assignment in it.
struct SurveyRoundService {
    let db: any Database
    let actor: Actor
    let principal: Principal

    /// Rounds of units in the user's view, those above it that cover it, and
    /// those she observes in.
    func visible(limit: Int = 200) async throws -> [SurveyRound] {
        let view = principal.scope(.viewOrganizations)
        let observed = try await SurveyObserver.query(on: db).filter(\.$userId == principal.userId).unique().all(\.$roundId)
        guard !view.isEmpty || !observed.isEmpty else { return [] }
        return try await SurveyRound.query(on: db).group(.or) { or in
            if !view.isEmpty { or.filter(\.$organizationPath ~~ view.rootsAndAncestors) }
            for root in view.roots {
                or.group(.and) { $0.filter(\.$organizationPath >= root.value).filter(\.$organizationPath < root.value + "/") }
            }
            if !observed.isEmpty { or.filter(\.$id ~~ observed) }
        }.sort(\.$year, .descending).sort(\.$createdAt, .descending).limit(limit).all()
    }

    func find(_ id: UUID) async throws -> SurveyRound {
        guard let round = try await SurveyRound.find(id, on: db) else { throw Refusal.notFound }
        let view = principal.scope(.viewOrganizations)
        if view.contains(path: round.organizationPath) || view.rootsAndAncestors.contains(round.organizationPath) { return round }
        if view.roots.contains(where: { round.covers($0.value) }) { return round }
        if try await isObserver(in: id) { return round }
        throw Refusal.notFound
    }

    func isObserver(in roundId: UUID) async throws -> Bool {
        try await SurveyObserver.query(on: db).filter(\.$roundId == roundId).filter(\.$userId == principal.userId).first() != nil
    }

    func open(_ input: SurveyRoundInput) async throws -> SurveyRound {
        var c = IssueCollector()
        if !(2000...2100).contains(input.year) { c.add("year", "Năm khảo sát không hợp lệ.", en: "Invalid year.") }
        let form = input.form ?? .standard
        let problems = form.problems
        if !problems.isEmpty {
            c.add("form", "Phiếu đánh giá không dùng được: " + problems.joined(separator: "; "),
                  en: "The evaluation form is unusable: " + problems.joined(separator: "; "))
        }
        try c.throwIfAny()
        let manage = principal.scope(.manageMeetings)
        let formJSON = String(decoding: try JSONEncoder().encode(form), as: UTF8.self)
        let title = String(VietnameseText.normalizeSpaces(input.title ?? "").prefix(300))
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(input.organizationId, on: tx), manage.contains(path: org.path), !org.isClosed else {
                throw ValidationFailure(field: "organizationId", "Chọn đơn vị trong phạm vi của bạn.", en: "Choose a unit in your scope.")
            }
            let r = SurveyRound()
            r.id = UUID()
            r.$organization.id = org.id!
            r.organizationPath = org.path
            r.year = input.year
            r.title = title.isEmpty ? "Khảo sát chất lượng sinh hoạt chi bộ năm \(input.year) – \(org.name)" : title
            r.status = "open"
            r.formJSON = formJSON
            r.cells = 0
            try await r.create(on: tx)
            // Every open cell of the subtree is in the round, fixed now: cells founded later wait for the next one.
            try await tx.sql.raw("""
                INSERT INTO \(unsafeRaw: SurveyCells.schema) (round_id, organization_id, organization_path, sector)
                SELECT \(bind: r.id!), id, path, sector FROM \(unsafeRaw: Organization.schema)
                WHERE path >= \(bind: org.path) AND path < \(bind: org.path + "/") AND closed_on IS NULL
                  AND kind IN ('cell', 'grassrootsCell')
                """).run()
            struct N: Decodable { let n: Int }
            r.cells = try await tx.sql.raw("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM \(unsafeRaw: SurveyCells.schema) WHERE round_id = \(bind: r.id!)")
                .first(decoding: N.self)?.n ?? 0
            guard r.cells > 0 else {
                throw ValidationFailure(field: "organizationId", "Đơn vị này không có chi bộ nào đang hoạt động để khảo sát.",
                                        en: "This unit has no open cell to survey.")
            }
            try await r.save(on: tx)
            trail.record("survey.round.open", entity: "survey_round", id: r.id!, path: org.path, after: SurveyRoundDTO(r, withForm: true))
            return r
        }
    }

    func close(_ id: UUID) async throws -> SurveyRound {
        let round = try await find(id)
        guard principal.scope(.manageMeetings).contains(path: round.organizationPath) else { throw Refusal.forbidden }
        return try await db.write(as: actor) { tx, trail in
            guard let r = try await SurveyRound.find(id, on: tx) else { throw Refusal.notFound }
            guard r.isOpen else { throw SurveyMessages.closed }
            r.status = "closed"
            r.closedAt = Date()
            try await r.save(on: tx)
            trail.record("survey.round.close", entity: "survey_round", id: id, path: r.organizationPath, after: SurveyRoundDTO(r))
            return r
        }
    }

    /// Assigns one observer to every cell of the round under the given units.
    /// Re-assigning is harmless: cells she already has are skipped.
    func assign(_ round: SurveyRound, _ input: SurveyAssignInput) async throws -> SurveyAssignResultDTO {
        let manage = principal.scope(.manageMeetings)
        guard (input.userId == nil) != (input.memberId == nil) else {
            throw ValidationFailure(field: "userId", "Chọn một người khảo sát: một tài khoản hoặc một cấp ủy viên.",
                                    en: "Name one observer: an account or a committee member.")
        }
        guard !input.organizationIds.isEmpty, input.organizationIds.count <= 500 else {
            throw ValidationFailure(field: "organizationIds", "Chọn từ 1 đến 500 đơn vị để phân công.", en: "Choose 1 to 500 units to assign.")
        }
        let user: User?
        if let uid = input.userId { user = try await User.find(uid, on: db) } else {
            user = try await User.query(on: db).filter(\.$memberId == input.memberId!).first()
        }
        guard let user, user.active else {
            throw ValidationFailure(field: input.userId != nil ? "userId" : "memberId",
                                    "Người khảo sát phải có tài khoản đang hoạt động.", en: "The observer needs an active account.")
        }
        let units = try await Organization.many(ids: input.organizationIds, on: db)
        guard units.count == Set(input.organizationIds).count, units.allSatisfy({ round.covers($0.path) && manage.contains(path: $0.path) }) else {
            throw ValidationFailure(field: "organizationIds", "Có đơn vị ngoài đợt khảo sát hoặc ngoài phạm vi của bạn.",
                                    en: "A unit is outside the survey round or outside your scope.")
        }
        let roundId = round.id!
        let userId = user.id!
        let memberId = user.memberId
        let paths = units.map(\.path)
        return try await db.write(as: actor) { tx, trail in
            guard let r = try await SurveyRound.find(roundId, on: tx), r.isOpen else { throw SurveyMessages.closed }
            struct Cell: Decodable { let organization_id: UUID; let organization_path: String }
            var cells: [Cell] = []
            for p in paths {
                cells += try await tx.sql.raw("""
                    SELECT c.organization_id, c.organization_path FROM \(unsafeRaw: SurveyCells.schema) c
                    WHERE c.round_id = \(bind: roundId) AND c.organization_path >= \(bind: p) AND c.organization_path < \(bind: p + "/")
                      AND NOT EXISTS (SELECT 1 FROM \(unsafeRaw: SurveyObserver.schema) o
                        WHERE o.round_id = c.round_id AND o.organization_id = c.organization_id AND o.user_id = \(bind: userId))
                    """).all(decoding: Cell.self)
            }
            var seen = Set<UUID>()
            let now = Date()
            let rows: [[any SQLExpression]] = cells.filter { seen.insert($0.organization_id).inserted }.map { c in
                [SQLBind(UUID()), SQLBind(roundId), SQLBind(c.organization_id), SQLBind(c.organization_path), SQLBind(userId), SQLBind(memberId), SQLBind(now)]
            }
            try await BulkInsert.rows(rows, columns: ["id", "round_id", "organization_id", "organization_path", "user_id", "member_id", "created_at"],
                                      into: SurveyObserver.schema, on: tx)
            let result = SurveyAssignResultDTO(userId: userId, assigned: rows.count)
            struct After: Encodable { let observer: UUID; let units: [String]; let assigned: Int }
            trail.record("survey.observers.assign", entity: "survey_round", id: roundId, path: r.organizationPath,
                         after: After(observer: userId, units: paths, assigned: rows.count))
            return result
        }
    }
}

/// The refusals shared by the survey services, Vietnamese first.
enum SurveyMessages {
    static let closed = Refusal(.conflict, "Đợt khảo sát đã kết thúc, không thể thay đổi.", en: "The survey round is closed: nothing can change.")
    static let unassigned = Refusal(.forbidden, "Bạn không được phân công khảo sát chi bộ này.",
                                    en: "You are not assigned to observe this cell.")
}
