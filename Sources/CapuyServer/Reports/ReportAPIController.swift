import CapuyCore
import Vapor

/// `/api/v1/organizations/{id}/reports/year/{year}` and `/term/{termId}`:
/// the report as JSON, as DOCX and XLSX, and saved into the register.
struct ReportAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let reports = routes.grouped("organizations", ":id", "reports")
        for one in [reports.grouped("year", ":year"), reports.grouped("term", ":termId")] {
            one.get(use: show)
            one.get("export.docx", use: docx)
            one.get("export.xlsx", use: xlsx)
            one.post("document", use: saveDocument)
        }
    }

    func show(req: Request) async throws -> ReportDTO { try await req.report() }

    func docx(req: Request) async throws -> Response { try await ReportDownloads.docx(try await req.report(), req) }

    func xlsx(req: Request) async throws -> Response { try await ReportDownloads.xlsx(try await req.report(), req) }

    func saveDocument(req: Request) async throws -> Response {
        let doc = try await ReportDownloads.saveDraft(try await req.report(), req)
        return try await DocumentDTO(doc).encodeResponse(status: .created, for: req)
    }
}

extension Request {
    /// The report the path names: `/year/{year}` or `/term/{termId}` of the
    /// unit `{id}` (a term of another unit is not found).
    func report() async throws -> ReportDTO {
        try await reports().named(unit: try id(), year: parameters.get("year"), term: parameters.get("termId"))
    }
}

/// The two files and the draft, for the API and the pages alike.
enum ReportDownloads {
    static func docx(_ r: ReportDTO, _ req: Request) async throws -> Response {
        let path = try await Organization.find(r.organizationId, on: req.db)?.path ?? ""
        let data = try await ReportDocument(db: req.db, today: req.capuy.today())
            .docx(r, readsRegister: try req.principal.scope(.viewDocuments).contains(path: path))
        let title = ReportWorkbook.title(r, today: req.capuy.today())
        return DownloadResponse.file(data, name: title.fileName("docx"), type: AttachmentKind.docx.contentType)
    }

    static func xlsx(_ r: ReportDTO, _ req: Request) async throws -> Response {
        let today = req.capuy.today()
        return DownloadResponse.file(try ReportWorkbook.data(r, today: today), name: ReportWorkbook.title(r, today: today).fileName("xlsx"),
                                     type: XLSXWorkbook.contentType)
    }

    /// Needs the right to draft the unit's documents, like any draft.
    static func saveDraft(_ r: ReportDTO, _ req: Request) async throws -> PartyDocument {
        let p = try req.principal
        return try await ReportDocument(db: req.db, today: req.capuy.today())
            .saveDraft(r, documents: req.documents, view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments))
    }
}
