import CapuyCore
import Fluent
import Foundation
import Vapor

/// Members' yearly pledges. The member writes her own; her cell's secretary
/// (or anyone who reviews her unit) may help; others who see her record
/// read it. A write by anyone else answers 404, like any other unit's data.
struct PledgeService {
    let db: any Database
    let actor: Actor
    let today: LocalDate
    let policy: CommitmentPolicy

    /// The member as this user may see her, and whether the user may write.
    func access(_ memberId: UUID, on db: any Database) async throws -> (member: Member, canWrite: Bool) {
        guard let m = try await Member.find(memberId, on: db) else { throw Refusal.notFound }
        guard policy.mayReadPledge(of: memberId, at: m.organizationPath) else { throw Refusal.notFound }
        return (m, policy.mayWritePledge(of: memberId, at: m.organizationPath))
    }

    /// Years a pledge may be made for: from 2000 to next year.
    func isValid(year: Int) -> Bool { (2000...(today.year + 1)).contains(year) }

    func find(member memberId: UUID, year: Int) async throws -> (member: Member, canWrite: Bool, record: PledgeRecord?) {
        let (m, canWrite) = try await access(memberId, on: db)
        guard isValid(year: year) else { throw Refusal.notFound }
        let pledge = try await Pledge.query(on: db).filter(\.$member.$id == memberId).filter(\.$year == year).first()
        guard let pledge else { return (m, canWrite, nil) }
        return (m, canWrite, try await PledgeRecord.load(pledge, on: db))
    }

    private static let reviewed = ValidationFailure(
        field: "pledge", "Bản cam kết đã được tự đánh giá cuối năm, không sửa được nữa.",
        en: "The pledge has had its year-end review and can no longer change.")

    /// The pledge inside a write, for its author or a helper only.
    private func writable(_ memberId: UUID, _ year: Int, on tx: any Database) async throws -> (Member, Pledge?) {
        let (m, canWrite) = try await access(memberId, on: tx)
        guard canWrite, isValid(year: year) else { throw Refusal.notFound }
        let pledge = try await Pledge.query(on: tx).filter(\.$member.$id == memberId).filter(\.$year == year).first()
        if pledge?.reviewed == true { throw Self.reviewed }
        return (m, pledge)
    }

    struct CheckedItem: Sendable { let id: UUID?; let text: String; let dueOn: LocalDate }

    static func check(_ input: PledgeInput, year: Int) throws -> (text: String, items: [CheckedItem]?, checklist: [String]?) {
        var c = IssueCollector()
        let text = input.pledgeText.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(10...20_000).contains(text.count) {
            c.add("pledgeText", "Ghi nội dung bản cam kết (ít nhất 10 ký tự).", en: "Write what you pledge (10 characters or more).")
        }
        var items: [CheckedItem] = []
        if let input = input.items, input.count > PledgeChecklist.maxProgramItems {
            c.add("items", "Tối đa \(PledgeChecklist.maxProgramItems) việc.", en: "At most \(PledgeChecklist.maxProgramItems) items.")
        }
        for (n, i) in (input.items ?? []).enumerated() {
            let t = VietnameseText.normalizeSpaces(i.text)
            if !(3...500).contains(t.count) { c.add("items.\(n).text", "Ghi nội dung việc làm (3–500 ký tự).", en: "Describe the item (3–500 characters).") }
            let due = LocalDate(parsing: i.dueOn)
            if due?.year != year { c.add("items.\(n).dueOn", "Thời hạn phải là một ngày trong năm \(year).", en: "The due date must fall in \(year).") }
            if let due { items.append(CheckedItem(id: i.id, text: t, dueOn: due)) }
        }
        let checklist = input.checklist?.map(VietnameseText.normalizeSpaces)
        if let checklist {
            if !(1...PledgeChecklist.maxItems).contains(checklist.count) {
                c.add("checklist", "Danh mục cam kết cần từ 1 đến \(PledgeChecklist.maxItems) điều.", en: "The checklist needs 1 to \(PledgeChecklist.maxItems) items.")
            }
            for (n, t) in checklist.enumerated() where !(5...500).contains(t.count) {
                c.add("checklist.\(n)", "Mỗi điều cam kết từ 5 đến 500 ký tự.", en: "Each checklist item takes 5 to 500 characters.")
            }
        }
        try c.throwIfAny()
        return (text, input.items == nil ? nil : items, checklist)
    }

    func save(member memberId: UUID, year: Int, _ input: PledgeInput) async throws {
        let checked = try Self.check(input, year: year)
        try await db.write(as: actor) { tx, trail in
            let (m, existing) = try await self.writable(memberId, year, on: tx)
            let pledge = existing ?? Pledge()
            let before = existing.map { ["pledgeText": $0.pledgeText] }
            if existing == nil {
                pledge.id = UUID()
                pledge.$member.id = memberId
                pledge.year = year
                pledge.reviewed = false
                pledge.organizationPath = m.organizationPath
            }
            pledge.pledgeText = checked.text
            try await pledge.save(on: tx)
            if let items = checked.items {
                // Once she has assessed herself, the programme she is rated on stays as it was
                // (R-EVAL-4 counts its items): only the pledge text and checklist may change.
                let assessed = try await MemberReview.query(on: tx).filter(\.$member.$id == memberId).filter(\.$year == year).count() > 0
                try await Self.sync(items, of: pledge.id!, frozen: assessed, on: tx)
            }
            if let list = checked.checklist ?? (existing == nil ? PledgeChecklist.standard : nil) {
                try await PledgeChecklistItem.query(on: tx).filter(\.$pledge.$id == pledge.id!).delete()
                for (n, text) in list.enumerated() {
                    let row = PledgeChecklistItem()
                    row.$pledge.id = pledge.id!
                    row.position = n + 1
                    row.text = text
                    try await row.create(on: tx)
                }
            }
            let after = ["pledgeText": pledge.pledgeText, "year": String(year), "items": checked.items.map { String($0.count) } ?? "",
                         "checklist": checked.checklist.map { String($0.count) } ?? ""].filter { !$0.value.isEmpty }
            trail.record(existing == nil ? "pledge.create" : "pledge.update", entity: "pledge", id: pledge.id!,
                         path: m.organizationPath, before: before, after: after)
        }
    }

    /// Makes the program match `items`: listed items are kept in that order,
    /// others removed, except done ones, which stay as recorded.
    private static func sync(_ items: [CheckedItem], of pledgeId: UUID, frozen: Bool, on tx: any Database) async throws {
        let current = try await PledgeItem.query(on: tx).filter(\.$pledge.$id == pledgeId).sort(\.$position).all()
        let unchanged = items.count == current.count && zip(items, current).allSatisfy { i, row in
            i.id == row.id && i.text == row.text && i.dueOn.iso == row.dueOn
        }
        if frozen && !unchanged {
            throw ValidationFailure(field: "items", "Đã tự đánh giá trong năm: chương trình hành động không thêm, bớt hay sửa được nữa (R-EVAL-4).",
                                    en: "Already self-assessed this year: the action programme can no longer change (R-EVAL-4).")
        }
        let byId = Dictionary(uniqueKeysWithValues: current.map { ($0.id!, $0) })
        var c = IssueCollector()
        var ordered: [PledgeItem] = []
        for (n, i) in items.enumerated() {
            guard let id = i.id else {
                let row = PledgeItem()
                row.$pledge.id = pledgeId
                row.text = i.text
                row.dueOn = i.dueOn.iso
                ordered.append(row)
                continue
            }
            guard let row = byId[id] else {
                c.add("items.\(n).id", "Việc này không thuộc chương trình hành động.", en: "No such item in the program.")
                continue
            }
            if row.doneOn != nil && (row.text != i.text || row.dueOn != i.dueOn.iso) {
                c.add("items.\(n).text", "Việc đã hoàn thành không sửa được.", en: "A done item cannot be changed.")
            }
            row.text = i.text
            row.dueOn = i.dueOn.iso
            ordered.append(row)
        }
        try c.throwIfAny()
        let listed = Set(items.compactMap(\.id))
        for row in current where !listed.contains(row.id!) {
            if row.doneOn != nil { ordered.append(row) } else { try await row.delete(on: tx) }
        }
        for (n, row) in ordered.enumerated() {
            row.position = n + 1
            try await row.save(on: tx)
        }
    }

    func markDone(member memberId: UUID, year: Int, item itemId: UUID, _ input: PledgeItemDoneInput) async throws {
        let raw = (input.doneOn ?? "").trimmingCharacters(in: .whitespaces)
        let doneOn = raw.isEmpty ? today : LocalDate(parsing: raw)
        guard let doneOn, doneOn <= today, doneOn.year >= year else {
            throw ValidationFailure(field: "doneOn", "Ngày hoàn thành không hợp lệ (từ đầu năm cam kết đến hôm nay).",
                                    en: "Invalid completion date (from the start of the year to today).")
        }
        let result = String(VietnameseText.normalizeSpaces(input.result ?? "").prefix(2000))
        try await db.write(as: actor) { tx, trail in
            let (m, pledge) = try await self.writable(memberId, year, on: tx)
            guard let pledge, let item = try await PledgeItem.find(itemId, on: tx), item.$pledge.id == pledge.id else { throw Refusal.notFound }
            let before = ["doneOn": item.doneOn ?? "", "result": item.result ?? ""]
            item.doneOn = doneOn.iso
            item.result = result.isEmpty ? nil : result
            try await item.save(on: tx)
            trail.record("pledge.itemDone", entity: "pledge", id: pledge.id!, path: m.organizationPath, before: before,
                         after: ["item": item.text, "doneOn": doneOn.iso, "result": result])
        }
    }

    func review(member memberId: UUID, year: Int, _ input: PledgeReviewInput) async throws {
        let selfReview = input.selfReview.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (10...20_000).contains(selfReview.count) else {
            throw ValidationFailure(field: "selfReview", "Ghi phần tự đánh giá (ít nhất 10 ký tự).", en: "Write your self-review (10 characters or more).")
        }
        let (reviewedOn, reviewer) = (self.today, actor.name)
        try await db.write(as: actor) { tx, trail in
            let (m, found) = try await self.writable(memberId, year, on: tx)
            guard let pledge = found else { throw Refusal.notFound }
            let checklist = try await PledgeChecklistItem.query(on: tx).filter(\.$pledge.$id == pledge.id!).all()
            var answers: [UUID: Bool] = [:]
            var c = IssueCollector()
            for (n, a) in input.checklist.enumerated() {
                if checklist.contains(where: { $0.id == a.id }) { answers[a.id] = a.kept } else {
                    c.add("checklist.\(n).id", "Điều này không có trong bản cam kết.", en: "No such checklist item in this pledge.")
                }
            }
            if checklist.contains(where: { answers[$0.id!] == nil }) {
                c.add("checklist", "Đánh giá giữ được hay không giữ được cho từng điều đã cam kết.", en: "Answer kept or not kept for every item.")
            }
            try c.throwIfAny()
            for row in checklist {
                row.kept = answers[row.id!]
                try await row.save(on: tx)
            }
            pledge.reviewed = true
            pledge.selfReview = selfReview
            pledge.reviewedOn = reviewedOn.iso
            pledge.reviewedBy = reviewer
            try await pledge.save(on: tx)
            trail.record("pledge.review", entity: "pledge", id: pledge.id!, path: m.organizationPath, before: ["reviewed": "false"],
                         after: ["reviewed": "true", "kept": String(answers.values.filter { $0 }.count),
                                 "notKept": String(answers.values.filter { !$0 }.count)])
        }
    }
}

extension Request {
    var pledges: PledgeService {
        get throws {
            PledgeService(db: db, actor: actor, today: capuy.today(), policy: CommitmentPolicy(try principal))
        }
    }
}
