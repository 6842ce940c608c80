import CapuyCore
import Fluent
import Foundation
import Vapor

extension Request {
    var reviewRounds: ReviewRoundService {
        get throws { ReviewRoundService(db: db, actor: actor, principal: try principal) }
    }

    /// A round the user can see, or 404.
    func reviewRound(_ name: String = "id") async throws -> ReviewRound {
        try await reviewRounds.find(try id(name))
    }

    func memberReviews(_ round: ReviewRound) throws -> MemberReviewService {
        MemberReviewService(db: db, actor: actor, principal: try principal, round: round)
    }

    func unitReviews(_ round: ReviewRound) throws -> UnitReviewService {
        UnitReviewService(db: db, actor: actor, principal: try principal, round: round)
    }

    func reviewResults(_ round: ReviewRound) throws -> ReviewResults {
        ReviewResults(db: db, principal: try principal, round: round)
    }

    /// A round's XLSX or DOCX for the unit named in the query (the pages and the API name it differently).
    func reviewDownload(_ kind: String, unitQuery: String) async throws -> Response {
        let results = try reviewResults(try await reviewRound())
        return try await results.download(kind, of: try await results.unit(query[UUID.self, at: unitQuery]), on: db, today: capuy.today())
    }
}

/// `/api/v1/review-rounds`: rounds, the member and unit paths, the quota,
/// results and their exports (R-EVAL-1..6); `/api/v1/discipline-records`.
struct ReviewAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rounds = routes.grouped("review-rounds")
        rounds.get(use: list)
        rounds.post(use: open)
        rounds.get(":id", use: show)
        rounds.post(":id", "close", use: close)
        rounds.post(":id", "reopen", use: reopen)
        rounds.get(":id", "members", ":memberId", use: memberContext)
        rounds.put(":id", "members", ":memberId", use: selfAssess)
        rounds.post(":id", "cell-reviews", use: cellReview)
        rounds.post(":id", "decisions", use: decide)
        rounds.get(":id", "quota", ":organizationId", use: quota)
        rounds.get(":id", "units", ":organizationId", use: unitContext)
        rounds.put(":id", "units", ":organizationId", use: unitSelfAssess)
        rounds.post(":id", "unit-decisions", use: unitDecide)
        rounds.get(":id", "distribution", use: distribution)
        rounds.get(":id", "rated", use: rated)
        rounds.get(":id", "summary.xlsx", use: summaryXLSX)
        rounds.get(":id", "decision.docx", use: decisionDOCX)
        routes.post("discipline-records", use: recordDiscipline)
    }

    func list(req: Request) async throws -> [ReviewRoundDTO] {
        try await req.reviewRounds.visible().map { ReviewRoundDTO($0) }
    }

    func open(req: Request) async throws -> Response {
        let round = try await req.reviewRounds.open(try req.input(ReviewRoundInput.self))
        return try await ReviewRoundDTO(round, withPolicy: true).encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> ReviewRoundDTO {
        ReviewRoundDTO(try await req.reviewRound(), withPolicy: true)
    }

    func close(req: Request) async throws -> ReviewRoundDTO {
        ReviewRoundDTO(try await req.reviewRounds.close(try req.id()))
    }

    func reopen(req: Request) async throws -> ReviewRoundDTO {
        struct Body: Content { var reason: String }
        return ReviewRoundDTO(try await req.reviewRounds.reopen(try req.id(), reason: try req.input(Body.self).reason))
    }

    func memberContext(req: Request) async throws -> SelfAssessmentContext {
        try await req.memberReviews(try await req.reviewRound()).context(for: try req.id("memberId"))
    }

    func selfAssess(req: Request) async throws -> MemberReviewDTO {
        let r = try await req.memberReviews(try await req.reviewRound()).selfAssess(try req.id("memberId"), try req.input(SelfAssessmentInput.self))
        return MemberReviewDTO(r)
    }

    func cellReview(req: Request) async throws -> [MemberReviewDTO] {
        try await req.memberReviews(try await req.reviewRound()).cellReview(try req.input(CellReviewInput.self)).map { MemberReviewDTO($0) }
    }

    func decide(req: Request) async throws -> [MemberReviewDTO] {
        try await req.memberReviews(try await req.reviewRound()).decide(try req.input(DecisionInput.self)).map { MemberReviewDTO($0) }
    }

    func quota(req: Request) async throws -> QuotaStatusDTO {
        let round = try await req.reviewRound()
        let org = try await req.reviewResults(round).unit(try req.id("organizationId"))
        return try await req.memberReviews(round).quotaStatus(of: try await ReviewFacts.grassroots(of: org, on: req.db))
    }

    func unitContext(req: Request) async throws -> UnitReviewContext {
        try await req.unitReviews(try await req.reviewRound()).context(for: try req.id("organizationId"))
    }

    func unitSelfAssess(req: Request) async throws -> UnitReviewDTO {
        UnitReviewDTO(try await req.unitReviews(try await req.reviewRound())
            .selfAssess(try req.id("organizationId"), try req.input(UnitSelfAssessmentInput.self)))
    }

    func unitDecide(req: Request) async throws -> [UnitReviewDTO] {
        try await req.unitReviews(try await req.reviewRound()).decide(try req.input(UnitDecisionInput.self)).map(UnitReviewDTO.init)
    }

    func distribution(req: Request) async throws -> DistributionDTO {
        let results = try req.reviewResults(try await req.reviewRound())
        return try await results.distribution(of: try await results.unit(req.query[UUID.self, at: "organizationId"]))
    }

    func rated(req: Request) async throws -> [RatedMemberDTO] {
        let results = try req.reviewResults(try await req.reviewRound())
        let level = try req.query[String.self, at: "level"].map { raw in
            guard let l = RatingLevel(rawValue: raw) else { throw ValidationFailure(field: "level", "Mức xếp loại không hợp lệ.", en: "Unknown level.") }
            return l
        }
        return try await results.members(of: try await results.unit(req.query[UUID.self, at: "organizationId"]), level: level)
    }

    func summaryXLSX(req: Request) async throws -> Response {
        try await req.reviewDownload("xlsx", unitQuery: "organizationId")
    }

    func decisionDOCX(req: Request) async throws -> Response {
        try await req.reviewDownload("docx", unitQuery: "organizationId")
    }


    func recordDiscipline(req: Request) async throws -> Response {
        let service = DisciplineRecordService(db: req.db, actor: req.actor, today: req.capuy.today(), scope: try req.principal.scope(.manageMembers))
        let r = try await service.record(try req.input(DisciplineRecordInput.self))
        return try await DisciplineRecordDTO(r).encodeResponse(status: .created, for: req)
    }
}
