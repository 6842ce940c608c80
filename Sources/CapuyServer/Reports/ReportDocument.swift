import CapuyCore
import Fluent
import Foundation
import Vapor

/// The report as a party document (issue 18, deliverables 2 and 4): the
/// Word file in the layout of a "BC" (36-HD/VPTW), and the draft saved into
/// the register, which the office writes its assessment into and issues
/// with the next BC number.
struct ReportDocument {
    let db: any Database
    let today: LocalDate

    static let typeCode = "report"

    /// "Báo cáo tổng kết năm 2025", the title the register keeps: the Word
    /// file finds its number by it.
    static func title(_ r: ReportDTO) -> String {
        r.kind == "term" ? "Báo cáo tổng kết \(r.period.label.lowercased())" : "Báo cáo tổng kết năm \(r.year ?? 0)"
    }

    static func summary(_ r: ReportDTO) -> String {
        r.kind == "term" ? "tổng kết công tác xây dựng Đảng \(r.period.label.lowercased())"
            : "tổng kết công tác xây dựng Đảng năm \(r.year ?? 0)"
    }

    /// The latest paper of the register with this report's title: its
    /// number and date go on the Word file once it is issued.
    func registered(_ r: ReportDTO) async throws -> PartyDocument? {
        try await PartyDocument.query(on: db).filter(\.$issuer.$id == r.organizationId).filter(\.$typeCode == Self.typeCode)
            .filter(\.$title == Self.title(r)).sort(\.$createdAt, .descending).first()
    }

    /// `readsRegister`: whether the caller may read the unit's papers; only
    /// then does the file carry the register's number, date and signer.
    func docx(_ r: ReportDTO, readsRegister: Bool, charts: ReportCharts = ReportCharts()) async throws -> Data {
        guard let unit = try await Organization.find(r.organizationId, on: db) else { throw Refusal.notFound }
        let parent = try await unit.$parent.get(on: db)
        let (upper, body) = DocumentExports.heading(of: unit, parent: parent)
        let paper = readsRegister ? try await registered(r) : nil
        let issued = paper?.isIssued == true
        var content = PartyDocumentContent(
            parentBody: upper, issuingBody: body, identifier: issued ? paper?.identifier : nil,
            place: try await PlaceName.of(unit, on: db),
            date: issued ? paper?.issuedOn.flatMap(LocalDate.init(parsing:)) : today,
            typeName: "Báo cáo", summary: Self.summary(r),
            content: "Thực hiện chương trình công tác \(r.kind == "term" ? r.period.label.lowercased() : "năm \(r.year ?? 0)"), "
                + "\(unit.name) báo cáo kết quả như sau (số liệu từ \(DisplayFormat.date(r.period.from)) đến \(DisplayFormat.date(r.period.to)), "
                + "so sánh với \(r.previous?.label.lowercased() ?? "kỳ trước"); số liệu lập ngày \(DisplayFormat.date(r.madeOn))):",
            signerCapacity: "T/M \(body)", signerTitle: paper.flatMap { $0.signerTitle.isEmpty ? nil : $0.signerTitle.uppercased() } ?? "BÍ THƯ",
            signerName: paper.flatMap { $0.signerName.isEmpty ? nil : $0.signerName },
            recipients: (parent.map { ["\(DocumentExports.heading(of: $0, parent: nil).1.capitalizedFirst) (để báo cáo)"] } ?? [])
                + ["Các đồng chí ủy viên ban chấp hành", "Các tổ chức đảng trực thuộc"])
        content.blocks = try await ReportCharts.offload { try Self.blocks(r, charts: charts) }
        return try PartyDocumentDOCX.data(content, modificationDate: Date(timeIntervalSince1970: 0))
    }

    /// Each shown section under its Roman numeral, each table with the
    /// period before and the change, and a chart where a breakdown has one.
    private static func blocks(_ r: ReportDTO, charts: ReportCharts) throws -> [PartyDocumentBlock] {
        var out: [PartyDocumentBlock] = []
        for (i, section) in r.sections.filter(\.shown).enumerated() {
            out.append(.heading("\(ReportText.roman(i)). \(section.title.uppercased(with: Locale(identifier: "vi_VN")))"))
            if let note = section.note { out.append(.paragraph(note)) }
            for (j, table) in section.tables.enumerated() {
                out.append(.caption("\(j + 1). \(table.title)"))
                out.append(figures(table, r))
                if let picture = try charts.picture(for: table) { out.append(.picture(picture)) }
                for row in table.rows {
                    if let note = row.note, row.values.allSatisfy({ $0 == nil }) { out.append(.paragraph("\(row.label): \(note)")) }
                }
            }
        }
        return out
    }

    private static func figures(_ table: ReportTableDTO, _ r: ReportDTO) -> PartyDocumentBlock {
        let indent = { (row: ReportRowDTO) in String(repeating: "– ", count: row.indent) + row.label }
        if table.columns.count > 1 {
            return .figures(columns: ["Nội dung"] + table.columns.map(\.label), rows: table.rows.map { row in
                [indent(row) + (row.note.map { " (\($0))" } ?? "")]
                    + (row.text.map { [$0] } ?? zip(table.columns, row.values).map { ReportText.value($1, $0.format, .vi) })
            })
        }
        let compare = r.previous != nil
        let columns = ["Nội dung", r.kind == "term" ? "Nhiệm kỳ này" : "Năm \(r.year ?? 0)"]
            + (compare ? [r.previous!.label, "Tăng, giảm"] : [])
        return .figures(columns: columns, rows: table.rows.map { row in
            let format = table.format(of: row, column: 0)
            if let text = row.text { return [indent(row), text] }
            return [indent(row), ReportText.value(row.values.first ?? nil, format, .vi)]
                + (compare ? [row.snapshot ? "" : ReportText.value(row.previous, format, .vi), ReportText.change(row.change, format, .vi)] : [])
        })
    }

    /// Saves the report into the register as a draft "Báo cáo" of the unit,
    /// audited like any draft; issuing it later takes the next BC number.
    func saveDraft(_ r: ReportDTO, documents: DocumentService, view: Scope, manage: Scope) async throws -> PartyDocument {
        let parent = try await Organization.find(r.organizationId, on: db)?.$parent.get(on: db)
        return try await documents.createDraft(DocumentInput(
            type: Self.typeCode, issuerId: r.organizationId, title: Self.title(r), summary: Self.summary(r),
            content: ReportText.plain(r), place: nil, signerName: nil, signerTitle: "Bí thư",
            recipientsText: parent.map { $0.name } ?? "", implementsId: nil, recipientIds: nil), view: view, manage: manage)
    }
}

private extension String {
    /// "TỈNH ỦY" → "Tỉnh ủy": a body named inside a sentence.
    var capitalizedFirst: String {
        let lower = lowercased(with: Locale(identifier: "vi_VN"))
        return lower.prefix(1).uppercased(with: Locale(identifier: "vi_VN")) + lower.dropFirst()
    }
}
