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
    func registerResponse(_ q: DocumentService.ListQuery, in scope: Scope, service: DocumentService) async throws -> Response {
        let data = try await registerXLSX(try await service.register(q, in: scope))
        return DownloadResponse.file(data, name: "so-dang-ky-van-ban.xlsx", type: XLSXWorkbook.contentType)
    }

    func registerXLSX(_ docs: [PartyDocument]) async throws -> Data {
        let issuers = try await names(Array(Set(docs.map { $0.$issuer.id })))
        let types = Dictionary(uniqueKeysWithValues: try await DocumentType.query(on: db).all().map { ($0.code, $0.name) })
        let rows: [[XLSXCell]] = docs.enumerated().map { i, d in
            [.number(Double(i + 1)), .text(d.identifier ?? "Dự thảo"), Self.date(d.issuedOn), .text(types[d.typeCode] ?? d.typeCode),
             .text(d.title), .text(issuers[d.$issuer.id] ?? ""), .text(d.signerName), .text(d.recipientsText)]
        }
        var book = XLSXWorkbook()
        book.addSheet(name: "Sổ đăng ký văn bản",
                      columns: ["STT", "Số, ký hiệu", "Ngày ban hành", "Loại văn bản", "Trích yếu nội dung", "Đơn vị ban hành",
                                "Người ký", "Nơi nhận"], rows: rows)
        return try book.data()
    }

    func rollupXLSX(_ rollup: RollupDTO, title: String) throws -> Data {
        func line(_ name: String, _ t: TaskTally) -> [XLSXCell] {
            [.text(name), .number(Double(t.total))] + TaskStanding.allCases.map { .number(Double(t.count($0))) }
                + [t.onTimeRate.map { .number(($0 * 1000).rounded() / 10) } ?? .empty]
        }
        var rows = rollup.rows.map { line($0.name, $0.tally) }
        rows.append(line("Tổng cộng", rollup.total))
        var book = XLSXWorkbook()
        book.addSheet(name: "Tổng hợp thực hiện",
                      columns: ["Đơn vị", "Số đơn vị nhận"] + TaskStanding.allCases.map(\.label) + ["Tỷ lệ đúng hạn (%)"], rows: rows)
        book.addSheet(name: "Văn bản", columns: [], rows: [[.text(title)]])
        return try book.data()
    }

    func docx(_ doc: PartyDocument) async throws -> Data {
        guard let issuer = try await Organization.find(doc.$issuer.id, on: db) else { throw Refusal.notFound }
        let parent = try await issuer.$parent.get(on: db)
        let typeName = try await DocumentType.query(on: db).filter(\.$code == doc.typeCode).first()?.name ?? doc.typeCode
        let sentTo = try await DocumentService.recipientNames(of: doc, on: db)
        let (upper, body) = Self.heading(of: issuer, parent: parent)
        let content = PartyDocumentContent(
            parentBody: upper, issuingBody: body, identifier: doc.identifier, place: doc.place,
            date: doc.issuedOn.flatMap(LocalDate.init(parsing:)), typeName: typeName, summary: doc.summary.isEmpty ? doc.title : doc.summary,
            content: doc.content, signerCapacity: "T/M \(body)",
            signerTitle: doc.signerTitle.isEmpty ? nil : doc.signerTitle.uppercased(with: Self.vi),
            signerName: doc.signerName.isEmpty ? nil : doc.signerName,
            recipients: sentTo + doc.recipientsText.split(whereSeparator: \.isNewline).map(String.init))
        return try PartyDocumentDOCX.data(content, modificationDate: doc.updatedAt ?? Date(timeIntervalSince1970: 0))
    }

    static func docxName(_ doc: PartyDocument) -> String {
        let base = doc.identifier.map { $0.replacingOccurrences(of: "/", with: "-") } ?? "du-thao"
        return "\(base).docx"
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

    private static func date(_ iso: String?) -> XLSXCell {
        guard let d = iso.flatMap(LocalDate.init(parsing:)) else { return .empty }
        return .date(year: d.year, month: d.month, day: d.day)
    }

    private func names(_ ids: [UUID]) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await Organization.many(ids: ids, on: db).map { ($0.id!, $0.name) })
    }
}
