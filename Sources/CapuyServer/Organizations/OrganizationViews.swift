import CapuyCore
import Foundation

/// A unit as a row on a page.
struct UnitRow: Encodable {
    let url: String
    let name: String
    let kind: String
    let sector: String
    let code: String
    let closed: Bool
    let closedOn: String?
    /// The parent's name, where names repeat (search results): "Chi bộ Khu phố 1 · Đảng bộ phường An Hòa".
    var parent: String?

    init(_ o: Organization, _ lang: Language, parent: String? = nil) {
        url = SiteURL.unit(o.id!).path
        self.parent = parent
        name = o.name
        kind = lang.pick(o.kind.label, o.kind.labelEn)
        sector = lang.pick(o.sector.label, o.sector.labelEn)
        code = o.code
        closed = o.isClosed
        closedOn = o.closedOn.flatMap(LocalDate.init(parsing:))?.display
    }

    /// The unit as an item of a sub-unit list; a closed one says since when.
    func listItemHTML(closedLabel: String) -> String {
        let e = HTMLText.escape
        var html = (closed ? "<li class=\"closed\">" : "<li>") + "<a href=\"\(e(url))\">\(e(name))</a> <span class=\"muted\">\(e(kind)) · \(e(sector))</span>"
        if closed { html += " <span class=\"badge\">\(e(closedLabel)) \(e(closedOn ?? ""))</span>" }
        return html + "</li>"
    }

    init(_ b: OrganizationService.Brief, _ lang: Language) {
        let kind = OrganizationKind(rawValue: b.kind)
        let sector = Sector(rawValue: b.sector)
        url = SiteURL.unit(b.id).path
        name = b.name
        self.kind = kind.map { lang.pick($0.label, $0.labelEn) } ?? b.kind
        self.sector = sector.map { lang.pick($0.label, $0.labelEn) } ?? b.sector
        code = b.code
        closed = b.closed_on != nil
        closedOn = b.closed_on.flatMap(LocalDate.init(parsing:))?.display
    }
}

/// A choice in a select list.
struct SelectOption: Encodable {
    let value: String
    let label: String
    let selected: Bool
}

struct TreePage: Encodable {
    let q: String
    let searched: Bool
    let units: [UnitRow]
    /// The reorganization plans page, for those who may plan.
    let reorganizeURL: String?
}

struct UnitPage: Encodable {
    let unit: UnitRow
    let breadcrumb: [UnitRow]
    let openedOn: String?
    let closureNote: String?
    let successors: [UnitRow]
    /// Units this one took over from (issue 15: history both ways).
    let predecessors: [UnitRow]
    /// Plans waiting for their date that will change this unit.
    let pendingPlans: [PendingPlan]
    let counts: OrganizationCounts
    /// The committee's and the sub-units' list items, escaped by `HTMLText`
    /// (Leaf's loop over a commune's units was a quarter of the page's time).
    let committeeHTML: String
    let childrenHTML: String
    let hasMembers: Bool
    /// The members' table rows, escaped by `HTMLText` (Leaf's own escaping of
    /// fifty rows was most of the page's time).
    let membersHTML: String
    let moreMembers: Bool
    let membersURL: String
    let exportURL: String
    let canManage: Bool
    let canActOnItself: Bool
    let canAddMembers: Bool
    let canAudit: Bool
    let newChildURL: String
    let editURL: String
    let moveURL: String
    let closeURL: String
    let auditURL: String
    let newMemberURL: String
    let dashboardURL: String?
    /// The year-end report of the unit (issue 18).
    let reportURL: String
}

struct UnitFormPage: Encodable {
    let action: String
    let isNew: Bool
    let parentName: String?
    let name: String
    let code: String
    let openedOn: String
    /// The unit's own place name, and the one its papers use until it sets one.
    let placeName: String
    let placeDefault: String
    let kinds: [SelectOption]
    let sectors: [SelectOption]
    let errors: FormErrors
    let cancelURL: String
}

struct UnitMovePage: Encodable {
    let action: String
    let unitName: String
    /// The new parent picker (HTML).
    let targets: String
    /// The kinds the unit may take in its new place; the first keeps its own.
    let kinds: [SelectOption]
    let errors: FormErrors
    let cancelURL: String
}

struct UnitClosePage: Encodable {
    let action: String
    let unitName: String
    let closedOn: String
    let note: String
    /// The successors picker (HTML, several may be chosen).
    let candidates: String
    let errors: FormErrors
    let cancelURL: String
}

struct AuditPage: Encodable {
    struct Row: Encodable {
        let seq: Int
        let at: String
        let actor: String
        let action: String
        let changes: [AuditChange]
    }

    let subject: String
    let backURL: String
    let events: [Row]
}

extension AuditPage.Row {
    init(_ e: AuditEvent, _ lang: Language) {
        seq = e.seq
        at = DisplayFormat.dateTime(e.at)
        actor = e.actorName
        action = Strings.table(lang)["audit_" + e.action.replacingOccurrences(of: ".", with: "_")] ?? e.action
        let labels = Strings.table(lang)
        changes = AuditChange.diff(before: e.before, after: e.after).map {
            AuditChange(field: labels["field_" + $0.field] ?? $0.field, before: $0.before, after: $0.after)
        }
    }
}

enum DisplayFormat {
    /// dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh (DESIGN.md, Time).
    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .vietnam
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d/%04d %02d:%02d", c.day ?? 0, c.month ?? 0, c.year ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    static func date(_ iso: String?) -> String {
        iso.flatMap(LocalDate.init(parsing:))?.display ?? ""
    }

    /// A whole number with the language's thousands separator: 14.707 / 14,707.
    static func whole(_ n: Int, _ language: Language) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(language == .vi ? "." : ",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A number with a fixed count of decimals in the language's way:
    /// "8,8" in Vietnamese, "8.8" in English (issue 17: both showed on
    /// different pages). Not finite: "—".
    static func decimal(_ value: Double, decimals: Int, _ language: Language) -> String {
        guard value.isFinite else { return "—" }
        let text = String(format: "%.\(min(max(decimals, 0), 6))f", value)
        return language == .vi ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A share (0.125) as a percentage, "12,5%" / "12.5%"; nil: "—".
    static func percent(_ share: Double?, decimals: Int = 1, _ language: Language) -> String {
        guard let share, share.isFinite else { return "—" }
        return decimal(share * 100, decimals: decimals, language) + "%"
    }

    /// A target's achievement, already in percent and possibly past 100:
    /// "87,5%" / "87.5%", "1.250%" / "1,250%", up to two decimals as the
    /// commitments keep it; nil when not yet measured.
    static func achieved(_ percent: Double?, _ language: Language) -> String? {
        percent.map { DecimalInput.format($0, decimalComma: language == .vi) + "%" }
    }

    /// `part` of `whole` as a percentage; "—" when the whole is zero.
    static func percent(_ part: Int, of whole: Int, decimals: Int = 1, _ language: Language) -> String {
        whole == 0 ? "—" : percent(Double(part) / Double(whole), decimals: decimals, language)
    }

    /// Points as offices write them: "7,5", "30".
    static func points(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        // Checked: a stored figure out of Int's range must print, not trap.
        if rounded == rounded.rounded(), let whole = CheckedNumber.int(rounded) { return String(whole) }
        guard rounded.isFinite, abs(rounded) < 1e15 else { return String(format: "%.0f", rounded) }
        return String(format: "%.2f", rounded).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
            .replacingOccurrences(of: ".", with: ",")
    }
}

/// A pending reorganization plan as a unit's page announces it.
struct PendingPlan: Encodable {
    /// Nil when the plan was made outside the reader's scope: announced, not opened.
    let url: String?
    let title: String
    let effectiveOn: String
}
