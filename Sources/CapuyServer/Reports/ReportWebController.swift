import CapuyCore
import Fluent
import Vapor

/// `/to-chuc/{id}/bao-cao?nam=2025` (or `?nhiemKy=…`): the report on the
/// page, every figure a link to its list, with its two files and the button
/// that saves it into the register.
struct ReportWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("to-chuc", ":id", "bao-cao", use: show)
        routes.get("to-chuc", ":id", "bao-cao.docx", use: docx)
        routes.get("to-chuc", ":id", "bao-cao.xlsx", use: xlsx)
        routes.post("to-chuc", ":id", "bao-cao", "luu", use: save)
    }

    struct Choice: Encodable { let value: String; let label: String; let selected: Bool }
    struct ReportPage: Encodable {
        let unitURL: String
        let unitName: String
        let heading: String
        let period: String
        let years: [Choice]
        let terms: [Choice]
        let docxURL: String
        let xlsxURL: String
        let saveURL: String?
        let year: String
        let termId: String
        let registeredURL: String?
        let registeredLabel: String?
        /// Escaped by `HTMLText`: written with `#unsafeHTML`.
        let sectionsHTML: String
    }

    /// `?nam=` or `?nhiemKy=`; this year by default.
    private func report(_ req: Request) async throws -> ReportDTO {
        let year = req.query[String.self, at: "nam"].flatMap { $0.isEmpty ? nil : $0 } ?? String(req.capuy.today().year)
        return try await req.reports().named(unit: try req.id(), year: year, term: req.query[String.self, at: "nhiemKy"])
    }

    func show(req: Request) async throws -> Response {
        let r = try await report(req)
        let lang = req.language
        let today = req.capuy.today()
        let terms = try await Term.query(on: req.db).filter(\.$organization.$id == r.organizationId).sort(\.$startsOn, .descending).all()
        let query = r.termId.map { "nhiemKy=\($0)" } ?? "nam=\(r.year ?? today.year)"
        let base = SiteURL.unit(r.organizationId).path + "/bao-cao"
        let p = try req.principal
        let path = try await Organization.find(r.organizationId, on: req.db)?.path ?? ""
        // The register's paper is shown to those who may read the unit's papers.
        let paper = p.scope(.viewDocuments).contains(path: path) ? try await ReportDocument(db: req.db, today: today).registered(r) : nil
        let mayDraft = p.scope(.manageDocuments).contains(path: path)
        let title = ReportDocument.title(r)
        let model = ReportPage(
            unitURL: SiteURL.unit(r.organizationId).path, unitName: r.organizationName,
            heading: lang == .vi ? title : (r.kind == "term" ? "Term report" : "Year-end report \(r.year ?? 0)"),
            period: lang.pick(r.period.label, r.period.labelEn) + " · " + DisplayFormat.date(r.period.from) + " – " + DisplayFormat.date(r.period.to)
                + (r.previous.map { lang.pick(" · so với ", " · against ") + lang.pick($0.label, $0.labelEn).lowercased() } ?? ""),
            years: (0..<10).map { today.year - $0 }.map { Choice(value: String($0), label: String($0), selected: r.year == $0) },
            terms: terms.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: r.termId == $0.id) },
            docxURL: base + ".docx?" + query, xlsxURL: base + ".xlsx?" + query,
            saveURL: mayDraft && (paper == nil || paper?.isIssued == true) ? base + "/luu" : nil,
            year: r.year.map(String.init) ?? "", termId: r.termId?.uuidString ?? "",
            registeredURL: paper.map { SiteURL.document($0.id!).path },
            registeredLabel: paper.map { $0.identifier ?? lang.pick("Dự thảo", "Draft") },
            sectionsHTML: ReportHTML.sections(r, lang))
        return try await req.page("report", title: model.heading + " · " + r.organizationName, model)
    }

    func docx(req: Request) async throws -> Response { try await ReportDownloads.docx(try await report(req), req) }

    func xlsx(req: Request) async throws -> Response { try await ReportDownloads.xlsx(try await report(req), req) }

    /// The form posts `nam` or `nhiemKy` as the page's query had them.
    func save(req: Request) async throws -> Response {
        struct Form: Content { var nam: String?; var nhiemKy: String? }
        let form = try req.content.decode(Form.self)
        let r = try await req.reports().named(unit: try req.id(), year: form.nam, term: form.nhiemKy)
        let doc = try await ReportDownloads.saveDraft(r, req)
        return req.redirect(to: SiteURL.document(doc.id!).path, redirectType: .normal)
    }
}

/// The sections as HTML tables, every value escaped, every figure a link.
enum ReportHTML {
    static func sections(_ r: ReportDTO, _ lang: Language) -> String {
        let e = HTMLText.escape
        var html = ""
        var number = 0
        for section in r.sections {
            let heading = section.shown ? "\(ReportText.roman(number)). " : ""
            if section.shown { number += 1 }
            html += "<section class=\"report-section\" id=\"report-\(e(section.key))\"><h2>\(e(heading + lang.pick(section.title, section.titleEn)))</h2>"
            if let note = section.note { html += "<p class=\"muted\">\(e(lang.pick(note, section.noteEn ?? note)))</p>" }
            for table in section.tables { html += self.table(table, r, lang) }
            html += "</section>"
        }
        return html
    }

    private static func table(_ t: ReportTableDTO, _ r: ReportDTO, _ lang: Language) -> String {
        let e = HTMLText.escape
        let compare = r.previous != nil && t.columns.count == 1
        var html = "<h3>\(e(lang.pick(t.title, t.titleEn)))</h3><div class=\"table-wrap\"><table class=\"report\(t.columns.count > 1 ? " stackable" : "")\" id=\"report-\(e(t.key))\"><thead><tr><th></th>"
        if t.columns.count == 1 {
            html += "<th>\(e(lang.pick(r.period.label, r.period.labelEn)))</th>"
            if compare, let p = r.previous { html += "<th>\(e(lang.pick(p.label, p.labelEn)))</th><th>\(e(lang.pick("Tăng, giảm", "Change")))</th>" }
        } else {
            for c in t.columns { html += "<th>\(e(lang.pick(c.label, c.labelEn)))</th>" }
        }
        html += "</tr></thead><tbody>"
        for row in t.rows {
            let label = lang.pick(row.label, row.labelEn)
            html += "<tr data-key=\"\(e(row.key))\"><td class=\"indent-\(min(row.indent, 2))\">\(e(label))"
            if let note = row.note { html += " <span class=\"muted\">\(e(lang.pick(note, row.noteEn ?? note)))</span>" }
            html += "</td>"
            if let text = row.text {
                html += "<td colspan=\"\(max(1, compare ? 3 : t.columns.count))\">" + linked(text, row.link) + "</td></tr>"
                continue
            }
            for (i, value) in row.values.enumerated() {
                html += "<td class=\"num\">" + linked(ReportText.value(value, t.format(of: row, column: i), lang), value == nil ? nil : row.link) + "</td>"
            }
            if compare {
                let format = t.format(of: row, column: 0)
                html += "<td class=\"num\">\(row.snapshot ? "" : e(ReportText.value(row.previous, format, lang)))</td>"
                html += "<td class=\"num\">\(e(ReportText.change(row.change, format, lang)))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    private static func linked(_ text: String, _ url: String?) -> String {
        guard let url else { return HTMLText.escape(text) }
        return "<a href=\"\(HTMLText.escape(url))\">\(HTMLText.escape(text))</a>"
    }
}
