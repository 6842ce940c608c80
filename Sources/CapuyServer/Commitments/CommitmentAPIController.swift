import CapuyCore
import Fluent
import Foundation
import Vapor

/// `/api/v1/commitments` and the members' pledges under `/api/v1/members/{id}/pledges/{year}`.
struct CommitmentAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let commitments = routes.grouped("commitments")
        commitments.get(use: list)
        commitments.post(use: create)
        commitments.get(":id", use: show)
        commitments.post(":id", "progress", use: progress)
        commitments.post(":id", "assessment", use: assess)
        commitments.post(":id", "reopen", use: reopen)
        let pledge = routes.grouped("members", ":id", "pledges", ":year")
        pledge.get(use: showPledge)
        pledge.put(use: savePledge)
        pledge.post("items", ":itemId", "done", use: itemDone)
        pledge.post("review", use: review)
    }

    func list(req: Request) async throws -> [CommitmentSummaryDTO] {
        struct Q: Content { var year: Int?; var organizationId: UUID? }
        let q = try req.query.decode(Q.self)
        let service = try req.commitments
        return try await Self.summaries(try await service.list(year: try QueryYear.check(q.year), organizationId: q.organizationId), on: req.db)
    }

    static func summaries(_ commitments: [Commitment], on db: any Database) async throws -> [CommitmentSummaryDTO] {
        let records = try await CommitmentService.records(commitments, on: db)
        let (units, _) = try await CommitmentService.names(for: commitments, on: db)
        return records.map { r in
            let c = r.commitment
            return CommitmentSummaryDTO(id: c.id!, organizationId: c.$organization.id, organizationName: units[c.$organization.id]?.name ?? "",
                                        superiorId: c.$superior.id, superiorName: units[c.$superior.id]?.name ?? "", year: c.year,
                                        title: c.title, status: c.status, indicators: r.indicators.count,
                                        overallPercent: c.overallPercent, overallSoFar: r.overallSoFar)
        }
    }

    func create(req: Request) async throws -> Response {
        let service = try req.commitments
        let c = try await service.create(try req.input(CommitmentInput.self))
        return try await service.dto(try await service.record(c.id!)).encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> CommitmentDTO {
        let service = try req.commitments
        return try await service.dto(try await service.record(try req.id()))
    }

    func progress(req: Request) async throws -> CommitmentDTO {
        let service = try req.commitments
        let id = try req.id()
        try await service.reportProgress(id, try req.input(CommitmentProgressInput.self))
        return try await service.dto(try await service.record(id))
    }

    func assess(req: Request) async throws -> CommitmentDTO {
        let service = try req.commitments
        let id = try req.id()
        try await service.assess(id, try req.input(AssessmentInput.self))
        return try await service.dto(try await service.record(id))
    }

    func reopen(req: Request) async throws -> CommitmentDTO {
        let service = try req.commitments
        let id = try req.id()
        try await service.reopen(id, try req.input(ReopenInput.self))
        return try await service.dto(try await service.record(id))
    }

    // MARK: - pledges

    static func year(_ req: Request) throws -> Int {
        guard let year = req.parameters.get("year", as: Int.self), QueryYear.range.contains(year) else { throw Refusal.notFound }
        return year
    }

    static func pledge(_ req: Request, _ service: PledgeService) async throws -> PledgeDTO {
        let (member, _, record) = try await service.find(member: try req.id(), year: try year(req))
        guard let record else {
            throw Refusal(.notFound, "Đảng viên chưa lập bản cam kết năm này.", en: "The member has made no pledge for this year.")
        }
        return record.dto(memberName: member.fullName)
    }

    func showPledge(req: Request) async throws -> PledgeDTO {
        try await Self.pledge(req, try req.pledges)
    }

    func savePledge(req: Request) async throws -> PledgeDTO {
        let service = try req.pledges
        try await service.save(member: try req.id(), year: try Self.year(req), try req.input(PledgeInput.self))
        return try await Self.pledge(req, service)
    }

    func itemDone(req: Request) async throws -> PledgeDTO {
        let service = try req.pledges
        let input = req.body.data == nil ? PledgeItemDoneInput() : try req.input(PledgeItemDoneInput.self)
        try await service.markDone(member: try req.id(), year: try Self.year(req), item: try req.id("itemId"), input)
        return try await Self.pledge(req, service)
    }

    func review(req: Request) async throws -> PledgeDTO {
        let service = try req.pledges
        try await service.review(member: try req.id(), year: try Self.year(req), try req.input(PledgeReviewInput.self))
        return try await Self.pledge(req, service)
    }
}
