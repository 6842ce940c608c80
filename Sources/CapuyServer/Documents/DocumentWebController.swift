import CapuyCore
import Fluent
import Foundation
import Vapor

/// Pages of the document register: list, draft form, the document page.
struct DocumentWebController: RouteCollection {
    let maxUpload: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get("van-ban", use: list)
        routes.get("van-ban", "so-dang-ky.xlsx", use: registerXLSX)
        routes.get("van-ban", "moi", use: newForm)
        routes.post("van-ban", "moi", use: create)
        routes.get("van-ban", ":id", use: show)
        routes.get("van-ban", ":id", "sua", use: editForm)
        routes.post("van-ban", ":id", "sua", use: update)
        routes.post("van-ban", ":id", "ban-hanh", use: issue)
        routes.post("van-ban", ":id", "xoa", use: delete)
        routes.on(.POST, "van-ban", ":id", "dinh-kem", body: .collect(maxSize: ByteCount(value: maxUpload + 1_048_576)), use: attach)
        routes.get("van-ban", ":id", "dinh-kem", ":attachmentId", use: download)
        routes.post("van-ban", ":id", "dinh-kem", ":attachmentId", "xoa", use: detach)
        routes.post("van-ban", ":id", "nhiem-vu", use: assign)
        routes.post("van-ban", ":id", "nhiem-vu", ":taskId", "gia-han", use: setDeadline)
        routes.get("van-ban", ":id", "van-ban.docx", use: docx)
        routes.get("van-ban", ":id", "tong-hop.xlsx", use: rollupXLSX)
    }

    private func listQuery(_ req: Request) -> DocumentService.ListQuery {
        DocumentService.ListQuery(
            text: req.query[String.self, at: "q"], type: req.query[String.self, at: "loai"].flatMap { $0.isEmpty ? nil : $0 },
            // The issuer and the term: where a report's figure leads (issue 18).
            issuerId: req.query[String.self, at: "coQuan"].flatMap(UUID.init(uuidString:)),
            year: req.query[Int.self, at: "nam"], termId: req.query[String.self, at: "nhiemKy"].flatMap(UUID.init(uuidString:)),
            status: req.query[String.self, at: "tinhTrang"].flatMap(DocumentStatus.init(rawValue:)),
            page: min(max(req.query[Int.self, at: "trang"] ?? 1, 1), DocumentService.maxPage), per: 50)
    }

    func list(req: Request) async throws -> Response {
        let p = try req.principal
        let lang = req.language
        let q = listQuery(req)
        let result = try await req.documents.list(q, in: p.scope(.viewDocuments))
        let types = try await req.documents.types()
        let typeNames = Dictionary(uniqueKeysWithValues: types.map { ($0.code, lang.pick($0.name, $0.nameEn)) })
        let issuers = try await Organization.many(ids: result.items.map { $0.$issuer.id }, on: req.db)
        let issuerNames = Dictionary(uniqueKeysWithValues: issuers.map { ($0.id!, $0.name) })
        let draft = lang.pick("Dự thảo", "Draft")
        let rows = result.items.map { d in
            DocumentRow(url: SiteURL.document(d.id!).path, identifier: d.identifier ?? draft,
                        issuedOn: d.issuedOn.flatMap(LocalDate.init(parsing:))?.display ?? "", type: typeNames[d.typeCode] ?? d.typeCode,
                        title: d.title, issuer: issuerNames[d.$issuer.id] ?? "", isDraft: !d.isIssued)
        }
        let pages = max(1, (result.total + q.per - 1) / q.per)
        func link(_ base: String, page: Int?) -> String {
            var items: [URLQueryItem] = []
            if let page { items.append(URLQueryItem(name: "trang", value: String(page))) }
            if let text = q.text, !text.isEmpty { items.append(URLQueryItem(name: "q", value: text)) }
            if let type = q.type { items.append(URLQueryItem(name: "loai", value: type)) }
            if let year = q.year { items.append(URLQueryItem(name: "nam", value: String(year))) }
            if let status = q.status { items.append(URLQueryItem(name: "tinhTrang", value: status.rawValue)) }
            if let issuer = q.issuerId { items.append(URLQueryItem(name: "coQuan", value: issuer.uuidString)) }
            if let term = q.termId { items.append(URLQueryItem(name: "nhiemKy", value: term.uuidString)) }
            var c = URLComponents(); c.path = base; c.queryItems = items.isEmpty ? nil : items
            return c.string ?? base
        }
        let model = DocumentsPage(
            q: q.text ?? "",
            types: types.map { SelectOption(value: $0.code, label: "\(lang.pick($0.name, $0.nameEn)) (\($0.abbreviation))", selected: $0.code == q.type) },
            statuses: DocumentStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0 == .draft ? lang.pick("Dự thảo", "Drafts") : lang.pick("Đã ban hành", "Issued"), selected: $0 == q.status) },
            year: q.year.map(String.init) ?? "", issuerId: q.issuerId?.uuidString ?? "", termId: q.termId?.uuidString ?? "", total: result.total, rows: rows, canCreate: p.may(.manageDocuments),
            newURL: SiteURL.documentNew.path, exportURL: link(SiteURL.documentsXLSX.path, page: nil),
            page: q.page, pages: pages, prevURL: q.page > 1 ? link(SiteURL.documents.path, page: q.page - 1) : nil,
            nextURL: q.page < pages ? link(SiteURL.documents.path, page: q.page + 1) : nil)
        return try await req.page("documents", title: lang.pick("Văn bản", "Documents"), model)
    }

    func registerXLSX(req: Request) async throws -> Response {
        try await DocumentExports(db: req.db).registerResponse(listQuery(req), in: try req.principal.scope(.viewDocuments),
                                                               service: req.documents, organizations: req.organizations, today: req.capuy.today())
    }

    // MARK: drafts

    func newForm(req: Request) async throws -> Response {
        let implements = req.query[String.self, at: "trienKhai"].flatMap(UUID.init(uuidString:))
        return try await renderForm(req, action: SiteURL.documentNew.path, doc: nil, input: nil, implements: implements, errors: [:])
    }

    func editForm(req: Request) async throws -> Response {
        let p = try req.principal
        let doc = try await req.documents.findManaged(try req.id(), view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments))
        return try await renderForm(req, action: SiteURL.documentEdit(doc.id!).path, doc: doc, input: nil, implements: doc.implementsId, errors: [:])
    }

    private func formInput(_ req: Request) -> DocumentInput {
        DocumentInput(type: req.field("type") ?? "", issuerId: req.field("issuerId").flatMap(UUID.init(uuidString:)) ?? UUID(),
                      title: req.field("title") ?? "", summary: req.field("summary"), content: req.field("content"),
                      place: req.field("place"), signerName: req.field("signerName"), signerTitle: req.field("signerTitle"),
                      recipientsText: req.field("recipientsText"),
                      implementsId: req.field("implementsId").flatMap(UUID.init(uuidString:)), recipientIds: nil)
    }

    func create(req: Request) async throws -> Response {
        let p = try req.principal
        let input = formInput(req)
        if req.isUnitPickerStep {
            return try await renderForm(req, action: SiteURL.documentNew.path, doc: nil, input: input, implements: input.implementsId, errors: [:])
        }
        do {
            let doc = try await req.documents.createDraft(input, view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments))
            return req.redirect(to: SiteURL.document(doc.id!).path + "?ok=created")
        } catch let failure as ValidationFailure {
            return try await renderForm(req, action: SiteURL.documentNew.path, doc: nil, input: input, implements: input.implementsId,
                                        errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func update(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        let input = formInput(req)
        if req.isUnitPickerStep {
            return try await renderForm(req, action: SiteURL.documentEdit(id).path, doc: nil, input: input, implements: input.implementsId, errors: [:])
        }
        do {
            _ = try await req.documents.updateDraft(id, input, view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments))
            return req.redirect(to: SiteURL.document(id).path + "?ok=saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(req, action: SiteURL.documentEdit(id).path, doc: nil, input: input, implements: input.implementsId,
                                        errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    private func renderForm(_ req: Request, action: String, doc: PartyDocument?, input: DocumentInput?, implements: UUID?,
                            errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let p = try req.principal
        let lang = req.language
        let manage = p.scope(.manageDocuments)
        guard !manage.isEmpty else { throw Refusal.notFound }
        let types = try await req.documents.types()
        let typeCode = input?.type ?? doc?.typeCode ?? "resolution"
        let issuerID = input?.issuerId ?? doc?.$issuer.id
        let implemented = try await implements.asyncMap { try? await req.documents.find($0, in: p.scope(.viewDocuments)) } ?? nil
        let model = DocumentFormPage(
            action: action,
            types: types.map { SelectOption(value: $0.code, label: "\(lang.pick($0.name, $0.nameEn)) (\($0.abbreviation))", selected: $0.code == typeCode) },
            issuers: try await req.unitPicker("issuerId", from: .init(manage), selected: issuerID),
            title: input?.title ?? doc?.title ?? "", summary: input?.summary ?? doc?.summary ?? "",
            content: input?.content ?? doc?.content ?? "", place: input?.place ?? doc?.place ?? "",
            signerName: input?.signerName ?? doc?.signerName ?? "", signerTitle: input?.signerTitle ?? doc?.signerTitle ?? "",
            recipientsText: input?.recipientsText ?? doc?.recipientsText ?? "",
            implementsId: implemented?.id?.uuidString ?? "",
            implementsLabel: implemented.map { "\($0.identifier ?? "") \($0.title)" }, errors: errors)
        return try await req.page("document-form", title: doc == nil ? lang.pick("Soạn văn bản", "New document") : lang.pick("Sửa dự thảo", "Edit draft"),
                                  model, status: status)
    }
}
