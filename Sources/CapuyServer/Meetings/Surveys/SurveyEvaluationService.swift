import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

struct SurveyEvaluationInput: Content {
    var organizationId: UUID
    var meetingId: UUID?
    var observedOn: String
    var scores: [String: Double]
    var goodPractices: String?
    var weaknesses: String?
}

struct SurveyEvaluationDTO: Content {
    let id: UUID
    let roundId: UUID
    let organizationId: UUID
    let meetingId: UUID?
    let observedOn: String
    let observerName: String
    let scores: [String: Double]
    let total: Double
    let level: String
    let goodPractices: String
    let weaknesses: String

    init(_ e: SurveyEvaluation) {
        id = e.id!
        roundId = e.roundId
        organizationId = e.organizationId
        meetingId = e.meetingId
        observedOn = e.observedOn
        observerName = e.observerName
        scores = e.scores
        total = e.total
        level = e.level
        goodPractices = e.goodPractices
        weaknesses = e.weaknesses
    }
}

/// A cell assigned to the signed-in observer, with its result if filled.
struct SurveyAssignmentDTO: Content {
    let organizationId: UUID
    let name: String
    let level: String?
    let total: Double?
}

/// Filling the evaluation form: only an assigned observer, only for a cell
/// of the round, only while it is open; the cell's result in `survey_cells`
/// changes in the same transaction, so the aggregates never lag.
struct SurveyEvaluationService {
    let db: any Database
    let actor: Actor
    let principal: Principal
    let round: SurveyRound
    let today: LocalDate

    func evaluate(_ input: SurveyEvaluationInput) async throws -> SurveyEvaluation {
        let form = round.form
        var c = IssueCollector()
        let observed = LocalDate(parsing: input.observedOn)
        if let observed {
            if observed > today { c.add("observedOn", "Ngày dự sinh hoạt không thể ở tương lai.", en: "The meeting date cannot be in the future.") }
        } else {
            c.add("observedOn", "Ngày dự sinh hoạt không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid meeting date: use day/month/year.")
        }
        var total = 0.0
        switch form.total(of: input.scores) {
        case .success(let t): total = t
        case .failure(let error):
            for e in error.entries {
                switch e.problem {
                case .missing: c.add("scores.\(e.code)", "Chưa chấm tiêu chí \(e.code).", en: "Criterion \(e.code) is not scored.")
                case .unknown: c.add("scores.\(e.code)", "Tiêu chí \(e.code) không có trong phiếu.", en: "Criterion \(e.code) is not on the form.")
                case .outOfRange:
                    let max = DisplayFormat.points(e.max)
                    c.add("scores.\(e.code)", "Điểm tiêu chí \(e.code) phải từ 0 đến \(max).", en: "Criterion \(e.code) is scored from 0 to \(max).")
                }
            }
        }
        let practices = String(VietnameseText.normalizeSpaces(input.goodPractices ?? "").prefix(4000))
        let weaknesses = String(VietnameseText.normalizeSpaces(input.weaknesses ?? "").prefix(4000))
        try c.throwIfAny()

        let roundId = round.id!
        let cellId = input.organizationId
        let cell = try await cellRow(cellId)
        guard let cell else {
            throw ValidationFailure(field: "organizationId", "Chi bộ này không thuộc đợt khảo sát.", en: "This cell is not in the survey round.")
        }
        let assigned = try await SurveyObserver.query(on: db).filter(\.$roundId == roundId).filter(\.$organizationId == cellId)
            .filter(\.$userId == principal.userId).first()
        guard assigned != nil else { throw SurveyMessages.unassigned }
        if let meetingId = input.meetingId {
            // Plain SQL: the meetings feature's types are not this feature's business.
            struct M: Decodable { let organization_id: UUID }
            let m = try await db.sql.raw("SELECT organization_id FROM meetings WHERE id = \(bind: meetingId)").first(decoding: M.self)
            guard m?.organization_id == cellId else {
                throw ValidationFailure(field: "meetingId", "Cuộc họp không phải của chi bộ này.", en: "The meeting is not this cell's.")
            }
        }
        let level = form.level(for: total)
        let scoresJSON = String(decoding: try JSONEncoder().encode(input.scores), as: UTF8.self)
        let observerName = principal.displayName
        let userId = principal.userId
        let meetingId = input.meetingId
        let observedOn = observed!.iso
        let score = total
        return try await db.write(as: actor) { tx, trail in
            guard let r = try await SurveyRound.find(roundId, on: tx), r.isOpen else { throw SurveyMessages.closed }
            let existing = try await SurveyEvaluation.query(on: tx).filter(\.$roundId == roundId).filter(\.$organizationId == cellId).first()
            let before = existing.map(SurveyEvaluationDTO.init)
            let e = existing ?? SurveyEvaluation()
            if existing == nil {
                e.id = UUID()
                e.roundId = roundId
                e.organizationId = cellId
                e.organizationPath = cell.organization_path
            }
            e.observerUserId = userId
            e.observerName = observerName
            e.meetingId = meetingId
            e.observedOn = observedOn
            e.scoresJSON = scoresJSON
            e.total = score
            e.level = level.rawValue
            e.goodPractices = practices
            e.weaknesses = weaknesses
            e.atMs = Int64((Date().timeIntervalSince1970 * 1000).rounded())
            try await e.save(on: tx)
            try await tx.sql.update(SurveyCells.schema).set("level", to: level.rawValue).set("total", to: score)
                .where("round_id", .equal, roundId).where("organization_id", .equal, cellId).run()
            trail.record("survey.evaluation", entity: "survey_evaluation", id: e.id!, path: e.organizationPath,
                         before: before, after: SurveyEvaluationDTO(e))
            return e
        }
    }

    struct CellRow: Decodable { let organization_id: UUID; let organization_path: String; let sector: String }

    func cellRow(_ id: UUID) async throws -> CellRow? {
        try await db.sql.raw("""
            SELECT organization_id, organization_path, sector FROM \(unsafeRaw: SurveyCells.schema)
            WHERE round_id = \(bind: round.id!) AND organization_id = \(bind: id)
            """).first(decoding: CellRow.self)
    }

    /// The cells the signed-in user observes in this round.
    func assignments(limit: Int = 2000) async throws -> [SurveyAssignmentDTO] {
        struct Row: Decodable { let organization_id: UUID; let name: String; let level: String?; let total: Double? }
        return try await db.sql.raw("""
            SELECT o.organization_id, g.name, c.level, c.total FROM \(unsafeRaw: SurveyObserver.schema) o
            JOIN \(unsafeRaw: Organization.schema) g ON g.id = o.organization_id
            JOIN \(unsafeRaw: SurveyCells.schema) c ON c.round_id = o.round_id AND c.organization_id = o.organization_id
            WHERE o.round_id = \(bind: round.id!) AND o.user_id = \(bind: principal.userId)
            ORDER BY o.organization_path LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: Row.self).map { .init(organizationId: $0.organization_id, name: $0.name, level: $0.level, total: $0.total) }
    }

    func evaluation(of cellId: UUID) async throws -> SurveyEvaluation? {
        try await SurveyEvaluation.query(on: db).filter(\.$roundId == round.id!).filter(\.$organizationId == cellId).first()
    }
}
