import CapuyCore
import Fluent
import Foundation
import Vapor

extension Request {
    var surveyRounds: SurveyRoundService {
        get throws { SurveyRoundService(db: db, actor: actor, principal: try principal) }
    }

    /// A round the user can see (her view or her assignment), or 404.
    func surveyRound(_ name: String = "id") async throws -> SurveyRound {
        try await surveyRounds.find(try id(name))
    }

    func surveyEvaluations(_ round: SurveyRound) throws -> SurveyEvaluationService {
        SurveyEvaluationService(db: db, actor: actor, principal: try principal, round: round, today: capuy.today())
    }

    func surveyResults(_ round: SurveyRound) throws -> SurveyResults {
        SurveyResults(db: db, principal: try principal, round: round)
    }
}

/// `/api/v1/surveys`: meeting-quality survey rounds, observers, evaluations,
/// results by sector and unit, and the XLSX export.
struct SurveyAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let s = routes.grouped("surveys")
        s.get(use: list)
        s.post(use: open)
        s.get(":id", use: show)
        s.post(":id", "close", use: close)
        s.post(":id", "observers", use: assign)
        s.get(":id", "assignments", use: assignments)
        s.post(":id", "evaluations", use: evaluate)
        s.get(":id", "evaluations", ":organizationId", use: evaluation)
        s.get(":id", "results", use: results)
        s.get(":id", "texts", use: texts)
        s.get(":id", "results.xlsx", use: xlsx)
    }

    func list(req: Request) async throws -> [SurveyRoundDTO] {
        try await req.surveyRounds.visible().map { SurveyRoundDTO($0) }
    }

    func open(req: Request) async throws -> Response {
        let r = try await req.surveyRounds.open(try req.input(SurveyRoundInput.self))
        return try await SurveyRoundDTO(r, withForm: true).encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> SurveyRoundDTO {
        SurveyRoundDTO(try await req.surveyRound(), withForm: true)
    }

    func close(req: Request) async throws -> SurveyRoundDTO {
        SurveyRoundDTO(try await req.surveyRounds.close(try req.id()))
    }

    func assign(req: Request) async throws -> SurveyAssignResultDTO {
        let round = try await req.surveyRound()
        return try await req.surveyRounds.assign(round, try req.input(SurveyAssignInput.self))
    }

    func assignments(req: Request) async throws -> [SurveyAssignmentDTO] {
        try await req.surveyEvaluations(try await req.surveyRound()).assignments()
    }

    func evaluate(req: Request) async throws -> SurveyEvaluationDTO {
        let round = try await req.surveyRound()
        return SurveyEvaluationDTO(try await req.surveyEvaluations(round).evaluate(try req.input(SurveyEvaluationInput.self)))
    }

    /// A cell's evaluation, for its observers and for readers of its results.
    func evaluation(req: Request) async throws -> SurveyEvaluationDTO {
        let round = try await req.surveyRound()
        let cellId = try req.id("organizationId")
        let service = try req.surveyEvaluations(round)
        let observes = try await SurveyObserver.query(on: req.db).filter(\.$roundId == round.id!).filter(\.$organizationId == cellId)
            .filter(\.$userId == (try req.principal).userId).first() != nil
        if !observes { _ = try await req.surveyResults(round).unit(cellId) }
        guard let e = try await service.evaluation(of: cellId) else { throw Refusal.notFound }
        return SurveyEvaluationDTO(e)
    }

    func results(req: Request) async throws -> SurveyResultsDTO {
        let results = try req.surveyResults(try await req.surveyRound())
        return try await results.results(of: try await results.unit(req.query[UUID.self, at: "organizationId"]))
    }

    func texts(req: Request) async throws -> [SurveyTextDTO] {
        let results = try req.surveyResults(try await req.surveyRound())
        return try await results.texts(of: try await results.unit(req.query[UUID.self, at: "organizationId"]))
    }

    func xlsx(req: Request) async throws -> Response {
        let results = try req.surveyResults(try await req.surveyRound())
        return try await results.xlsx(of: try await results.unit(req.query[UUID.self, at: "organizationId"]), today: req.capuy.today())
    }
}
