import CapuyCore
import Fluent
import Foundation
import Vapor

/// The register (sổ đăng ký văn bản) and roll-ups as spreadsheets, and one
/// document as a Word file in the party layout (R-DOC-3).
struct DocumentExports {
    let db: any Database

    private static let vi = Locale(identifier: "vi_VN")

    /// The register of what `scope` may read, filtered like the list, as the download.
    func registerResponse(_ q: DocumentService.ListQuery, in scope: Scope, service: DocumentService,
                          organizations: OrganizationService, today: LocalDate) async throws -> Response {
        let issuer = try await q.issuerId.asyncMap { try await Organization.find($0, on: db) } ?? nil
        // The register filtered to one issuer of the user's own units names it; otherwise the user's top units.
        let unit: String
        if let issuer, scope.contains(path: issuer.path) { unit = issuer.name } else { unit = try await organizations.exportUnit(scope) }
        let title = ExportTitle(heading: "Sổ đăng ký văn bản", unit: unit,
                                period: q.year.map(ExportTitle.year) ?? "Đến ngày \(today.display)", madeOn: today)
        let data = try await registerXLSX(try await service.register(q, in: scope), title: title)
        return DownloadResponse.file(data, name: title.fileName("xlsx"), type: XLSXWorkbook.contentType)
    }

    func registerXLSX(_ docs: [PartyDocument], title: ExportTitle) async throws -> Data {
        let issuers = try await names(Array(Set(docs.map { $0.$issuer.id })))
        let types = Dictionary(uniqueKeysWithValues: try await DocumentType.query(on: db).all().map { ($0.code, $0.name) })
        let rows: [[XLSXCell]] = docs.enumerated().map { i, d in
            [.number(Double(i + 1)), .text(d.identifier ?? "Dự thảo"), .day(d.issuedOn), .text(types[d.typeCode] ?? d.typeCode),
             .text(d.title), .text(issuers[d.$issuer.id] ?? ""), .text(Self.signer(d)), .text(d.recipientsText)]
        }
        var book = XLSXWorkbook()
        book.addSheet(name: "Sổ đăng ký văn bản", title: title,
                      columns: ["STT", "Số, ký hiệu", "Ngày ban hành", "Loại văn bản", "Trích yếu nội dung", "Đơn vị ban hành",
                                "Người ký", "Nơi nhận"], rows: rows)
        return try book.data()
    }

    /// Who signed, as the register writes it: the name; a paper recorded
    /// with the signer's post only (plans signed "Bí thư") shows the post
    /// rather than a blank.
    static func signer(_ d: PartyDocument) -> String {
        d.signerName.isEmpty ? d.signerTitle : d.signerName
    }

    /// The roll-up as the download, for the page and the API alike.
    static func rollupResponse(_ req: Request, doc: PartyDocument, under: UUID?, cascade: Bool, view: Scope) async throws -> Response {
        let today = req.capuy.today()
        let (rollup, start) = try await TaskRollup(db: req.db, today: today)
            .document(doc, under: under, cascade: cascade, view: view, organizations: req.organizations)
        let name = "\(doc.identifier ?? "Dự thảo") \(doc.title)" + (cascade ? " (cả chuỗi văn bản triển khai)" : "")
        let (data, title) = try DocumentExports(db: req.db).rollupXLSX(rollup, unit: start.name, document: name, today: today)
        return DownloadResponse.file(data, name: title.fileName("xlsx"), type: XLSXWorkbook.contentType)
    }

    /// The roll-up of a document's tasks: the same rows and total line as the page.
    func rollupXLSX(_ rollup: RollupDTO, unit: String, document: String, today: LocalDate) throws -> (Data, ExportTitle) {
        func line(_ name: String, _ t: TaskTally) -> [XLSXCell] {
            [.text(name), .number(Double(t.total))] + TaskStanding.allCases.map { .number(Double(t.count($0))) } + [.percent(t.onTimeRate)]
        }
        var rows = rollup.rows.map { line($0.name, $0.tally) }
        rows.append(line(Self.totalLabel(unit), rollup.total))
        let title = ExportTitle(heading: "Tổng hợp thực hiện", unit: unit, period: "Văn bản \(document)", madeOn: today)
        var book = XLSXWorkbook()
        book.addSheet(name: "Tổng hợp thực hiện", title: title,
                      columns: ["Đơn vị", "Số nhiệm vụ giao"] + TaskStanding.allCases.map(\.label) + ["Tỷ lệ đúng hạn (%)"], rows: rows)
        return (try book.data(), title)
    }

    /// The roll-up's last line, on the page and in the file alike.
    static func totalLabel(_ unit: String, _ lang: Language = .vi) -> String {
        "\(lang.pick("Tổng cộng", "Total")) (\(unit))"
    }

    func docx(_ doc: PartyDocument) async throws -> Data {
        guard let issuer = try await Organization.find(doc.$issuer.id, on: db) else { throw Refusal.notFound }
        let parent = try await issuer.$parent.get(on: db)
        let typeName = try await DocumentType.query(on: db).filter(\.$code == doc.typeCode).first()?.name ?? doc.typeCode
        let sentTo = try await DocumentService.recipientNames(of: doc, on: db)
        let (upper, body) = Self.heading(of: issuer, parent: parent)
        let content = PartyDocumentContent(
            parentBody: upper, issuingBody: body, identifier: doc.identifier,
            // A paper with no place of its own is dated at its issuer's (R-DOC-3).
            place: doc.place.isEmpty ? try await PlaceName.of(issuer, on: db) : doc.place,
            date: doc.issuedOn.flatMap(LocalDate.init(parsing:)), typeName: typeName, summary: doc.summary.isEmpty ? doc.title : doc.summary,
            content: doc.content, signerCapacity: "T/M \(body)",
            signerTitle: doc.signerTitle.isEmpty ? nil : doc.signerTitle.uppercased(with: Self.vi),
            signerName: doc.signerName.isEmpty ? nil : doc.signerName,
            recipients: sentTo + doc.recipientsText.split(whereSeparator: \.isNewline).map(String.init))
        return try PartyDocumentDOCX.data(content, modificationDate: doc.updatedAt ?? Date(timeIntervalSince1970: 0))
    }

    /// The Word file, named by its number and its issuer: three communes'
    /// plans are all "01-KH/ĐU", and must not download under one name.
    func docxResponse(_ doc: PartyDocument) async throws -> Response {
        let issuer = try await Organization.find(doc.$issuer.id, on: db)?.name ?? ""
        let number = doc.identifier.map { $0.replacingOccurrences(of: "/", with: "-") } ?? "Dự thảo"
        let name = [number, issuer].filter { !$0.isEmpty }.joined(separator: " – ")
        return DownloadResponse.file(try await docx(doc), name: name + ".docx", type: AttachmentKind.docx.contentType)
    }

    /// The issuing block of the heading: the party organization above, the
    /// body that signs below ("ĐẢNG BỘ TỈNH QUẢNG TRỊ" / "TỈNH ỦY").
    static func heading(of org: Organization, parent: Organization?) -> (String?, String) {
        let name = org.name.uppercased(with: vi)
        switch org.kind {
        case .central: return (nil, "BAN CHẤP HÀNH TRUNG ƯƠNG")
        case .provincialCommittee: return (name, VietnameseText.fold(org.name).contains("thanh pho") ? "THÀNH ỦY" : "TỈNH ỦY")
        case .districtCommittee: return (name, OrganizationKind.districtBody(named: org.name))
        case .communeCommittee, .grassrootsCommittee, .partialCommittee: return (name, "ĐẢNG ỦY")
        case .grassrootsCell, .cell: return (parent?.name.uppercased(with: vi), name)
        }
    }

    private func names(_ ids: [UUID]) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await Organization.many(ids: ids, on: db).map { ($0.id!, $0.name) })
    }
}
