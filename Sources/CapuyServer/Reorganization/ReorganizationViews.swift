import CapuyCore
import Foundation

/// The words of the reorganization pages, picked for the reader's language.
struct ReorganizationWords: Encodable {
    let upload, file, effectiveOn, title, check, template, plans, none, status, rows, createdBy, apply, schedule, cancel, reason, back,
        changes, members, handovers, counts, unit, before, after, units, row, detail, from, to, withUnit, what, kept, problems, help: String

    init(_ l: Language) {
        upload = l.pick("Tải kế hoạch lên", "Upload a plan")
        file = l.pick("Tệp kế hoạch (CSV hoặc XLSX)", "Plan file (CSV or XLSX)")
        effectiveOn = l.pick("Ngày hiệu lực", "Effective date")
        title = l.pick("Tên kế hoạch", "Title")
        check = l.pick("Kiểm tra và xem trước", "Check and preview")
        template = l.pick("Tải tệp mẫu", "Download the template")
        plans = l.pick("Các kế hoạch", "Plans")
        none = l.pick("Chưa có kế hoạch nào.", "No plans yet.")
        status = l.pick("Trạng thái", "Status")
        rows = l.pick("Số dòng", "Rows")
        createdBy = l.pick("Người lập", "Made by")
        apply = l.pick("Áp dụng kế hoạch", "Apply the plan")
        schedule = l.pick("Lưu, áp dụng vào ngày hiệu lực", "Keep it until its effective date")
        cancel = l.pick("Hủy kế hoạch", "Cancel the plan")
        reason = l.pick("Lý do hủy", "Reason")
        back = l.pick("Về danh sách kế hoạch", "Back to the plans")
        changes = l.pick("Thay đổi", "Changes")
        members = l.pick("Đảng viên chuyển", "Members moved")
        handovers = l.pick("Việc bàn giao cho đơn vị kế thừa", "Work handed over")
        counts = l.pick("Số liệu trước và sau", "Counts before and after")
        unit = l.pick("Đơn vị", "Unit")
        before = l.pick("Trước", "Before")
        after = l.pick("Sau", "After")
        units = l.pick("đơn vị trực thuộc", "sub-units")
        row = l.pick("Dòng", "Row")
        detail = l.pick("Nội dung", "Change")
        from = l.pick("Từ", "From")
        to = l.pick("Đến", "To")
        withUnit = l.pick("Theo đơn vị", "With unit")
        what = l.pick("Việc", "Item")
        kept = l.pick("đơn vị kế thừa đã có nhiệm vụ này; nhắc việc chuyển về đơn vị kế thừa", "the successor already holds this task")
        problems = l.pick("Kế hoạch chưa áp dụng được. Sửa các dòng sau rồi tải lên lại:", "The plan cannot be applied. Fix these rows and upload it again:")
        help = l.pick("Mỗi dòng một thao tác: Thành lập, Chuyển, Sáp nhập, Chia tách, Đổi tên, Giải thể. Đơn vị ghi bằng mã, đường dẫn hoặc mã định danh; danh sách cách nhau bằng dấu chấm phẩy. Mọi dòng được kiểm tra trước; kế hoạch được áp dụng toàn bộ hoặc không gì cả.",
                      "One action per row: create, move, merge, split, rename, dissolve. Units by code, path or id; lists separated by semicolons. Every row is checked first; the plan applies whole or not at all.")
    }
}

struct ReorganizationIndexPage: Encodable {
    struct Row: Encodable {
        let url: String, title: String, effectiveOn: String, status: String, pending: Bool, rows: Int, createdBy: String

        init(_ p: ReorganizationPlanRecord, _ l: Language) {
            url = SiteURL.reorganization(p.id!).path
            title = p.title
            effectiveOn = LocalDate(parsing: p.effectiveOn)?.display ?? p.effectiveOn
            status = l.pick(p.status.label, p.status.rawValue)
            pending = p.status == .pending
            rows = p.rowCount
            createdBy = p.createdBy
        }
    }

    let canPlan: Bool
    let previewURL: String
    let templateURL: String
    let effectiveOn: String
    let title: String
    let errors: [String]
    let plans: [Row]
    let words: ReorganizationWords
}

struct ReorganizationPreviewPage: Encodable {
    struct Count: Encodable { let name: String, code: String, state: String, membersBefore: Int, membersAfter: Int, unitsBefore: Int, unitsAfter: Int }
    struct Handover: Encodable { let kind: String, title: String, from: String, to: String, kept: Bool }

    let summary: String
    let changes: [PlanPreview.Change]
    let memberMoves: [PlanPreview.MemberMove]
    let handovers: [Handover]
    let counts: [Count]
    let applyURL: String
    let rowsJSON: String
    let effectiveOn: String
    let title: String
    let pending: Bool
    let words: ReorganizationWords

    init(_ p: PlanPreview, _ l: Language, applyURL: String, rowsJSON: String, effectiveOn: String, title: String, fileName: String, pending: Bool) {
        let created = p.counts.filter { $0.state == "created" }.count
        let closed = p.counts.filter { $0.state == "closed" }.count
        let date = LocalDate(parsing: p.effectiveOn)?.display ?? p.effectiveOn
        summary = l.pick("\(fileName): \(p.rows) dòng, hiệu lực \(date). \(p.changes.count) thay đổi, \(created) đơn vị thành lập, \(closed) đơn vị kết thúc hoạt động, \(p.membersMoved) lượt đảng viên chuyển, \(p.handovers.count) việc bàn giao. Chưa có gì được ghi.",
                         "\(fileName): \(p.rows) rows, effective \(date). \(p.changes.count) changes, \(created) units created, \(closed) closed, \(p.membersMoved) member moves, \(p.handovers.count) items handed over. Nothing is written yet.")
        changes = p.changes
        memberMoves = p.memberMoves
        let kinds = ["task": l.pick("Nhiệm vụ", "Task"), "case": l.pick("Đơn thư", "Case"), "commitment": l.pick("Cam kết", "Commitment"),
                     "meeting": l.pick("Buổi sinh hoạt", "Meeting"), "reviewRound": l.pick("Đợt đánh giá", "Review round"),
                     "follow": l.pick("Phân công theo dõi", "Follow assignment")]
        handovers = p.handovers.map { Handover(kind: kinds[$0.kind] ?? $0.kind, title: $0.title, from: $0.from, to: $0.to, kept: !$0.moved) }
        let states = ["created": l.pick("thành lập", "created"), "closed": l.pick("kết thúc", "closed"), "changed": l.pick("thay đổi", "changed")]
        counts = p.counts.map { Count(name: $0.name, code: $0.code, state: states[$0.state] ?? $0.state, membersBefore: $0.membersBefore,
                                      membersAfter: $0.membersAfter, unitsBefore: $0.openUnitsBefore, unitsAfter: $0.openUnitsAfter) }
        self.applyURL = applyURL
        self.rowsJSON = rowsJSON
        self.effectiveOn = effectiveOn
        self.title = title
        self.pending = pending
        words = ReorganizationWords(l)
    }
}

struct ReorganizationPlanPage: Encodable {
    struct Row: Encodable { let line: Int, action: String, unit: String, detail: String }

    let title: String
    let status: String
    let effectiveOn: String
    let createdBy: String
    let outcome: String?
    let rows: [Row]
    let cancelURL: String?
    let backURL: String
    let words: ReorganizationWords

    init(_ p: ReorganizationPlanRecord, _ l: Language, cancelURL: String?, backURL: String) {
        title = p.title
        status = l.pick(p.status.label, p.status.rawValue)
        effectiveOn = LocalDate(parsing: p.effectiveOn)?.display ?? p.effectiveOn
        createdBy = p.createdBy
        outcome = p.outcome
        rows = p.rows.map { r in
            let parts = [r.name, r.parent.isEmpty ? "" : "→ \(r.parent)", r.successor.isEmpty ? "" : "⇒ \(r.successor)",
                         r.cells.isEmpty ? "" : r.cells.joined(separator: "; "), r.members.isEmpty ? "" : "\(r.members.count) " + l.pick("đảng viên", "members")]
            return Row(line: r.line, action: l.pick(r.action.label, r.action.rawValue), unit: r.unit.isEmpty ? r.code : r.unit,
                       detail: parts.filter { !$0.isEmpty }.joined(separator: " "))
        }
        self.cancelURL = cancelURL
        self.backURL = backURL
        words = ReorganizationWords(l)
    }
}
