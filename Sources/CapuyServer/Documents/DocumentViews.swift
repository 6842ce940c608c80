import CapuyCore
import Foundation

/// Page models of the document pages: plain strings, ready to print.
struct DocumentRow: Encodable {
    let url: String
    let identifier: String
    let issuedOn: String
    let type: String
    let title: String
    let issuer: String
    let isDraft: Bool
}

struct DocumentsPage: Encodable {
    let q: String
    let types: [SelectOption]
    let statuses: [SelectOption]
    let year: String
    /// Kept through a new search: the report's links narrow the list to one issuer, one term.
    let issuerId: String
    let termId: String
    let total: Int
    let rows: [DocumentRow]
    let canCreate: Bool
    let newURL: String
    let exportURL: String
    let page: Int
    let pages: Int
    let prevURL: String?
    let nextURL: String?
}

struct DocumentFormPage: Encodable {
    let action: String
    let types: [SelectOption]
    /// The issuer's unit picker (HTML).
    let issuers: String
    let title: String
    let summary: String
    let content: String
    let place: String
    let signerName: String
    let signerTitle: String
    let recipientsText: String
    let implementsId: String
    let implementsLabel: String?
    let errors: FormErrors
}

struct LinkRow: Encodable {
    let url: String
    let label: String
    let detail: String
    let indent: Int
}

struct AttachmentRow: Encodable {
    let url: String
    let name: String
    let size: String
    let deleteURL: String?
}

struct TaskRow: Encodable {
    /// Ties the deadline form's labels to their inputs: a document lists many tasks.
    let id: String
    let title: String
    let deadline: String
    let deliverable: String
    let recipients: Int
    var deadlineURL: String? = nil
}

struct TallyRow: Encodable {
    let name: String
    let url: String?
    let total: Int
    let cells: [Int]
    let onTime: String
}

struct DocumentPage: Encodable {
    let id: String
    let identifier: String
    let isDraft: Bool
    let type: String
    let title: String
    /// False when the title already starts with the type's name ("Nghị quyết về…").
    let typeBeforeTitle: Bool
    let summary: String
    let contentParagraphs: [String]
    let issuer: String
    let issuedOn: String
    let signer: String
    let recipients: String
    let canManage: Bool
    let editURL: String
    let issueURL: String
    let deleteURL: String
    let issueDate: String
    let attachURL: String
    let assignURL: String
    let docxURL: String
    let implementURL: String?
    let attachments: [AttachmentRow]
    let tasks: [TaskRow]
    let kinds: [SelectOption]
    let deliverables: [SelectOption]
    let up: [LinkRow]
    let down: [LinkRow]
    let moreDown: Int
    let standings: [String]
    /// `TallyRow.html`, written with `#unsafeHTML`.
    let rollupHTML: String
    let rollupTotal: TallyRow?
    let cascade: Bool
    let cascadeURL: String
    let directURL: String
    let rollupXLSX: String
    let errors: FormErrors
}

struct InboxRow: Encodable {
    let id: String
    let unit: String
    let task: String
    let documentURL: String?
    let documentLabel: String
    let deadline: String
    let standing: String
    let standingKey: String
    let percent: Int
    let note: String
    let open: Bool
    let reportURL: String
    let acknowledgeURL: String?
    let link: String
    let needsDocument: Bool
    let documentOptions: [SelectOption]
}

struct InboxPage: Encodable {
    let rows: [InboxRow]
    let showAll: Bool
    let toggleURL: String
    let notices: [InboxNotice]
    let errors: [String]
    let errorFor: String
}

/// A notice in the inbox, with a link to its case when it has one.
struct InboxNotice: Encodable {
    let message: String
    let url: String?
}

struct TermsPage: Encodable {
    struct TermRow: Encodable {
        let name: String
        let span: String
        let current: Bool
        let url: String
    }
    struct ProgramRow: Encodable {
        let url: String
        let title: String
        let period: String
        let theme: String
    }
    /// The unit picker (HTML).
    let units: String
    let unitId: String
    let unitName: String
    let terms: [TermRow]
    let programs: [ProgramRow]
    let termOptions: [SelectOption]
    let canManage: Bool
    let programsURL: String
    let errors: FormErrors
}

struct TermDashboardPage: Encodable {
    let unitName: String
    let termName: String
    let span: String
    let byType: [TallyRow]
    let issued: Int
    let standings: [String]
    let tasks: TallyRow
    let overdue: [LinkRow]
}

struct ProgramPage: Encodable {
    let title: String
    let unitName: String
    let theme: String
    let period: String
    let tasks: [TaskRow]
    let categories: [SelectOption]
    let deliverables: [SelectOption]
    /// The owner unit picker (HTML).
    let owners: String
    let canManage: Bool
    let assignURL: String
    let standings: [String]
    /// `TallyRow.html`, written with `#unsafeHTML`.
    let rollupHTML: String
    let rollupTotal: TallyRow?
    /// The assignment form as sent, when it comes back (an error or the unit search).
    let v: [String: String]
    let formOpen: Bool
    let errors: FormErrors
}

extension TallyRow {
    init(name: String, url: String?, tally: TaskTally, _ language: Language) {
        self.init(name: name, url: url, total: tally.total, cells: TaskStanding.allCases.map { tally.count($0) },
                  onTime: DisplayFormat.percent(tally.onTimeRate, decimals: 0, language))
    }

    /// Roll-up rows as table rows, escaped by `HTMLText` (Leaf's loop over a
    /// province's 168 communes was a third of its document page).
    static func html(_ rows: [TallyRow]) -> String {
        rows.map { r in
            let name = r.url.map { "<a href=\"\(HTMLText.escape($0))\">\(HTMLText.escape(r.name))</a>" } ?? HTMLText.escape(r.name)
            return "<tr><td>\(name)</td><td>\(r.total)</td>" + r.cells.map { "<td>\($0)</td>" }.joined() + "<td>\(HTMLText.escape(r.onTime))</td></tr>"
        }.joined()
    }
}

enum SizeText {
    static func of(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(max(1, bytes / 1024)) KB"
    }
}
