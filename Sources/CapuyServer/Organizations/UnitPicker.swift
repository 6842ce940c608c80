import CapuyCore
import Fluent
import SQLKit
import Vapor

/// The unit chooser of every form (issue 16, item 7), at any size of scope.
///
/// A scope of at most `listAll` open units is one select list in tree order,
/// as before. A larger one (a province has thousands of units, the nation
/// 230,000) is a search: the list holds the chosen unit and the units that
/// match the text typed beside it, each named with its parent and code.
/// Without JavaScript the "Tìm đơn vị" button sends the form back with every
/// field kept (`Request.isUnitPickerStep`) and the page returns with the
/// matches to choose from; with JavaScript (`/js/unit-picker.js`) the matches
/// come as one types, from `GET /chon-don-vi` (`UnitPickerController`).
struct UnitPicker {
    /// A scope with this many open units or fewer is one list.
    static let listAll = 300
    /// Matches shown for one search.
    static let shown = 50
    /// The search box of the picker whose element id is `i` is named `i` + this.
    static let searchSuffix = "__tim"
    /// The name of the search button; its value is the field searched.
    static let stepField = "_tim_don_vi"
    static let searchPath = "/chon-don-vi"

    /// Where the units may come from: a scope, less one subtree, of some kinds.
    struct Source: Sendable {
        let scope: Scope
        var excluding: TreePath?
        var kinds: [OrganizationKind] = []

        init(_ scope: Scope, excluding: TreePath? = nil, kinds: [OrganizationKind] = []) {
            self.scope = scope
            self.excluding = excluding
            self.kinds = kinds
        }

        /// The open units of the source, as an SQL condition on `organizations`.
        var predicate: any SQLExpression {
            var parts: [any SQLExpression] = [scope.predicate(column: "path"), SQLBinaryExpression(SQLColumn("closed_on"), .is, SQLLiteral.null)]
            if let excluding {
                parts.append(SQLGroupExpression(SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("path"), .lessThan, SQLBind(excluding.value)), .or,
                    SQLBinaryExpression(SQLColumn("path"), .greaterThanOrEqual, SQLBind(excluding.value + "/")))))
            }
            if !kinds.isEmpty {
                parts.append(SQLBinaryExpression(SQLColumn("kind"), .in, SQLGroupExpression(kinds.map { SQLBind($0.rawValue) })))
            }
            return parts.dropFirst().reduce(parts[0]) { SQLBinaryExpression($0, .and, $1) }
        }

        /// Whether the source holds no open unit at all.
        func isEmpty(on db: any Database) async throws -> Bool {
            struct Row: Decodable { let id: UUID }
            return try await db.sql.select().column("id").from(Organization.schema).where(predicate).limit(1).first(decoding: Row.self) == nil
        }

        /// The query string that hands this source to `GET /chon-don-vi`.
        var query: String {
            var items = ["trong=" + scope.roots.map(\.value).joined(separator: ",")]
            if let excluding { items.append("tru=" + excluding.value) }
            if !kinds.isEmpty { items.append("loai=" + kinds.map(\.rawValue).joined(separator: ",")) }
            return items.joined(separator: "&")
        }
    }

    /// One unit as the picker lists it.
    struct Unit: Decodable {
        let id: UUID
        let name: String
        let code: String
        let path: String
        let depth: Int
        let parent_id: UUID?
    }

    /// The open units of a source, as `Unit` rows, for a query to narrow and order.
    static func units(of source: Source, on db: any Database) -> SQLSelectBuilder {
        db.sql.select().columns("id", "name", "code", "path", "depth", "parent_id").from(Organization.schema).where(source.predicate)
    }

    /// A search's matches and what to say of them.
    struct Matches {
        let units: [(id: UUID, label: String)]
        let more: Bool
        let note: String
    }

    /// Up to `shown` open units of the source matching `text` by name (accents
    /// and case aside) or code, the upper levels first; an empty text gives
    /// the upper levels, to start from.
    static func search(_ text: String, in source: Source, on db: any Database, language: Language) async throws -> Matches {
        try SearchText.check(text)
        let folded = VietnameseText.fold(text).filter { $0 != "%" && $0 != "_" }
        let query = units(of: source, on: db)
        if !folded.isEmpty {
            let code = VietnameseText.trimmed(text).uppercased().filter { $0 != "%" && $0 != "_" }
            query.where(SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("name_folded"), .like, SQLBind("%\(folded)%")), .or,
                SQLBinaryExpression(SQLColumn("code"), .like, SQLBind("%\(code)%")))))
        }
        let rows = try await query.orderBy("depth").orderBy("path").limit(shown + 1).all(decoding: Unit.self)
        let units = Array(rows.prefix(shown))
        let labels = try await labels(of: units, on: db)
        let more = rows.count > shown
        let note: String
        switch (folded.isEmpty, units.count, more) {
        case (true, _, _): note = language.pick("Gõ tên hoặc mã để tìm đơn vị.", "Type a name or a code to find a unit.")
        case (false, 0, _): note = language.pick("Không có đơn vị nào khớp «\(text)».", "No unit matches “\(text)”.")
        case (false, _, true): note = language.pick("Hơn \(shown) đơn vị khớp: hiện \(shown) đơn vị đầu, gõ thêm để thu hẹp.",
                                                    "More than \(shown) units match: the first \(shown) are shown; type more to narrow.")
        default: note = language.pick("\(units.count) đơn vị khớp: chọn trong danh sách.", "\(units.count) units match: choose from the list.")
        }
        return Matches(units: units.map { ($0.id, labels[$0.id] ?? $0.name) }, more: more, note: note)
    }

    /// Each unit named with its parent and its code ("Chi bộ Khu phố 1 · Đảng bộ phường An Hòa (CB0123)").
    static func labels(of units: [Unit], on db: any Database) async throws -> [UUID: String] {
        let parents = try await Organization.names(ids: units.compactMap(\.parent_id), on: db)
        return Dictionary(units.map { u in
            (u.id, UnitLabels.label(name: u.name, parentName: u.parent_id.flatMap { parents[$0] }) + (u.code.isEmpty ? "" : " (\(u.code))"))
        }, uniquingKeysWith: { a, _ in a })
    }
}

extension Request {
    /// Whether this post is the picker's search step, not the form's submission.
    var isUnitPickerStep: Bool {
        method == .POST && field(UnitPicker.stepField) != nil
    }

    /// A unit picker's HTML for the field `name` (its element id `id`), with
    /// `selected` chosen. `none` adds a first, empty choice labelled so;
    /// `pinned` units (outside the source: a case sent up to the units
    /// above) stay first in the list whatever is searched.
    func unitPicker(_ name: String, id: String? = nil, from source: UnitPicker.Source, selected: [UUID],
                    none: String? = nil, multiple: Bool = false, pinned: [Organization] = []) async throws -> String {
        let lang = language
        let elementID = id ?? name
        let small = try await UnitPicker.units(of: source, on: db).orderBy("path").limit(UnitPicker.listAll + 1).all(decoding: UnitPicker.Unit.self)
        var options: [(id: UUID, label: String)]
        var note: String?
        let searchable = small.count > UnitPicker.listAll
        var typed = ""
        var picked = selected
        if !searchable {
            // Indented in tree order; a name that repeats in the list carries its parent.
            let base = small.map(\.depth).min() ?? 0
            let repeated = UnitLabels.repeated(small.map(\.name))
            let labels = repeated.isEmpty ? [:] : try await UnitPicker.labels(of: small.filter { repeated.contains($0.name) }, on: db)
            options = small.map { u in (u.id, String(repeating: "— ", count: max(0, u.depth - base)) + (labels[u.id] ?? u.name)) }
        } else {
            typed = fieldOrQuery(elementID + UnitPicker.searchSuffix) ?? ""
            let chosen = try await UnitPicker.units(of: source, on: db).where(SQLColumn("id"), .in, SQLBind.group(selected.isEmpty ? [UUID()] : selected))
                .all(decoding: UnitPicker.Unit.self)
            let chosenLabels = try await UnitPicker.labels(of: chosen, on: db)
            options = chosen.map { ($0.id, chosenLabels[$0.id] ?? $0.name) }
            do {
                let matches = try await UnitPicker.search(typed, in: source, on: db, language: lang)
                options += matches.units.filter { m in !chosen.contains { $0.id == m.id } }
                note = matches.note
                // The one unit a search found is the one meant.
                if selected.isEmpty, !multiple, !typed.isEmpty, matches.units.count == 1 { picked = [matches.units[0].id] }
            } catch let failure as ValidationFailure {
                note = failure.issues.first.map { lang.pick($0.message, $0.messageEn) }
            }
        }
        let chosenSet = Set(picked)
        let choose = none ?? lang.pick("— Chọn đơn vị —", "— Choose a unit —")
        var list = "<select id=\"\(HTMLText.escape(elementID))\" name=\"\(HTMLText.escape(name))\"\(multiple ? " multiple size=\"8\"" : "")>"
        if let none { list += "<option value=\"\"\(chosenSet.isEmpty ? " selected" : "")>\(HTMLText.escape(none))</option>" }
        else if searchable, chosenSet.isEmpty, !multiple { list += "<option value=\"\" selected>\(HTMLText.escape(choose))</option>" }
        for o in pinned {
            list += "<option value=\"\(o.id!.uuidString)\" data-pinned=\"1\"\(chosenSet.contains(o.id!) ? " selected" : "")>\(HTMLText.escape(o.name))</option>"
        }
        for o in options where !pinned.contains(where: { $0.id == o.id }) {
            list += "<option value=\"\(o.id.uuidString)\"\(chosenSet.contains(o.id) ? " selected" : "")>\(HTMLText.escape(o.label))</option>"
        }
        list += "</select>"
        guard searchable else { return "<span class=\"unit-picker\">" + list + "</span>" }
        // The search box comes first: one types, then chooses in the list below it.
        let box = HTMLText.escape(elementID + UnitPicker.searchSuffix)
        var html = "<span class=\"unit-picker\" data-search=\"\(HTMLText.escape(UnitPicker.searchPath + "?" + source.query))\""
        html += " data-choose=\"\(HTMLText.escape(choose))\"><span class=\"picker-search\">"
        html += "<label class=\"sr-only\" for=\"\(box)\">\(HTMLText.escape(lang.pick("Tìm đơn vị theo tên hoặc mã", "Find a unit by name or code")))</label>"
        html += "<input type=\"search\" id=\"\(box)\" name=\"\(box)\" value=\"\(HTMLText.escape(typed))\""
        html += " placeholder=\"\(HTMLText.escape(lang.pick("Gõ tên hoặc mã đơn vị", "Type a unit's name or code")))\" autocomplete=\"off\">"
        html += "<button type=\"submit\" name=\"\(UnitPicker.stepField)\" value=\"\(HTMLText.escape(name))\" formnovalidate>"
        html += HTMLText.escape(lang.pick("Tìm đơn vị", "Find unit")) + "</button></span>"
        html += "<small class=\"picker-note\" role=\"status\">\(HTMLText.escape(note ?? ""))</small>"
        html += list
        return html + "</span>"
    }

    /// The picker of one unit.
    func unitPicker(_ name: String, id: String? = nil, from source: UnitPicker.Source, selected: UUID?,
                    none: String? = nil, pinned: [Organization] = []) async throws -> String {
        try await unitPicker(name, id: id, from: source, selected: selected.map { [$0] } ?? [], none: none, pinned: pinned)
    }

    /// A field of the posted form, or else a query parameter (a GET form's search step).
    private func fieldOrQuery(_ name: String) -> String? {
        if method == .POST, let v = field(name) { return v }
        return query[String.self, at: name]?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
