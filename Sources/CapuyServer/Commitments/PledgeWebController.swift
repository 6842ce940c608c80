import CapuyCore
import Fluent
import Foundation
import Vapor

/// A member's pledge of the year on one phone-sized page: what she pledges,
/// her action program with a "done" form per item, the checklist, and the
/// year-end self-review that closes it.
struct PledgeWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pledge = routes.grouped("dang-vien", ":id", "cam-ket", ":year")
        pledge.get(use: show)
        pledge.post(use: save)
        pledge.post("viec", ":itemId", "xong", use: itemDone)
        pledge.post("tu-danh-gia", use: review)
    }

    static let newRows = 3

    struct Page: Encodable {
        struct Item: Encodable {
            let id: String; let text: String; let due: String; let done: String?; let isDone: Bool; let result: String?; let doneURL: String
        }
        struct NewRow: Encodable { let n: Int; let text: String; let due: String }
        struct Check: Encodable { let id: String; let text: String; let kept: Bool?; let yes: Bool; let no: Bool }
        let memberName: String
        let year: Int
        let exists: Bool
        let reviewed: Bool
        let editable: Bool
        let pledgeText: String
        let paragraphs: [String]
        let items: [Item]
        let newRows: [NewRow]
        let checklist: [Check]
        let done: Int
        let total: Int
        let percent: String
        let selfReview: [String]
        let reviewedOn: String?
        let today: String
        let v: [String: String]
        let errors: FormErrors
        let saveURL: String; let reviewURL: String; let memberURL: String; let prevURL: String; let nextURL: String
    }

    func show(req: Request) async throws -> Response {
        try await render(req, values: [:], errors: [:])
    }

    private func render(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let (memberId, year) = (try req.id(), try CommitmentAPIController.year(req))
        let service = try req.pledges
        let (member, canWrite, record) = try await service.find(member: memberId, year: year)
        let lang = req.language
        let summary = record?.summary
        let url = { (y: Int) in SiteURL.commitments(.pledge(member: memberId, year: y)).path }
        let text = values["pledgeText"] ?? record?.pledge.pledgeText ?? ""
        let checklist: [Page.Check] = record.map { r in
            r.checklist.map { c in
                let key = "kept-" + c.id!.uuidString
                return Page.Check(id: c.id!.uuidString, text: c.text, kept: c.kept, yes: values[key] == "yes", no: values[key] == "no")
            }
        } ?? PledgeChecklist.standard.enumerated().map { Page.Check(id: String($0.offset), text: $0.element, kept: nil, yes: false, no: false) }
        let model = Page(
            memberName: member.fullName, year: year, exists: record != nil, reviewed: record?.pledge.reviewed == true,
            editable: canWrite && record?.pledge.reviewed != true, pledgeText: text,
            paragraphs: (record?.pledge.pledgeText ?? "").split(separator: "\n").map(String.init),
            items: (record?.items ?? []).map { i in
                Page.Item(id: i.id!.uuidString, text: values["itemText-" + i.id!.uuidString] ?? i.text,
                          due: values["itemDue-" + i.id!.uuidString] ?? DisplayFormat.date(i.dueOn),
                          done: i.doneOn.map { DisplayFormat.date($0) }, isDone: i.doneOn != nil, result: i.result,
                          doneURL: SiteURL.commitments(.pledgeItemDone(member: memberId, year: year, item: i.id!)).path)
            },
            newRows: (0..<Self.newRows).map { Page.NewRow(n: $0, text: values["newText-\($0)"] ?? "", due: values["newDue-\($0)"] ?? "") },
            checklist: checklist, done: summary?.done ?? 0, total: summary?.items ?? 0,
            percent: DisplayFormat.achieved(summary?.percent, lang) ?? "",
            selfReview: (record?.pledge.selfReview ?? "").split(separator: "\n").map(String.init),
            reviewedOn: record?.pledge.reviewedOn.map { DisplayFormat.date($0) }, today: service.today.display,
            v: values, errors: errors, saveURL: url(year),
            reviewURL: SiteURL.commitments(.pledgeReview(member: memberId, year: year)).path,
            memberURL: SiteURL.member(memberId).path, prevURL: url(year - 1), nextURL: url(year + 1))
        return try await req.page("pledge", title: lang.pick("Bản cam kết năm \(year)", "Pledge \(year)") + " · " + member.fullName,
                                  model, status: status)
    }

    /// Validation errors keyed as the page shows them: one line per list.
    private func errors(_ failure: ValidationFailure, _ lang: Language) -> FormErrors {
        var errors = FormErrors(failure, lang)
        for (k, e) in errors {
            for list in ["items", "checklist"] where k.hasPrefix(list + ".") {
                errors[list] = errors[list].map { $0.contains(e) ? $0 : $0 + " " + e } ?? e
            }
        }
        return errors
    }

    func save(req: Request) async throws -> Response {
        let (memberId, year) = (try req.id(), try CommitmentAPIController.year(req))
        let service = try req.pledges
        var v = ["pledgeText": req.field("pledgeText") ?? ""]
        do {
            let current = try await service.find(member: memberId, year: year).record
            var items: [PledgeInput.Item] = []
            // Done items are not on the form: the service keeps them as recorded.
            for i in current?.items ?? [] where i.doneOn == nil {
                let key = i.id!.uuidString
                let text = req.field("itemText-" + key) ?? ""
                v["itemText-" + key] = text
                v["itemDue-" + key] = req.field("itemDue-" + key) ?? ""
                if !text.isEmpty { items.append(.init(id: i.id, text: text, dueOn: v["itemDue-" + key] ?? "")) }
            }
            for n in 0..<Self.newRows {
                let text = req.field("newText-\(n)") ?? ""
                v["newText-\(n)"] = text
                v["newDue-\(n)"] = req.field("newDue-\(n)") ?? ""
                if !text.isEmpty { items.append(.init(id: nil, text: text, dueOn: v["newDue-\(n)"] ?? "")) }
            }
            try await service.save(member: memberId, year: year, PledgeInput(pledgeText: v["pledgeText"] ?? "", items: items, checklist: nil))
            return req.redirect(to: SiteURL.commitments(.pledge(member: memberId, year: year)).path + "?ok=pledge_saved")
        } catch let failure as ValidationFailure {
            return try await render(req, values: v, errors: errors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func itemDone(req: Request) async throws -> Response {
        let (memberId, year) = (try req.id(), try CommitmentAPIController.year(req))
        do {
            try await req.pledges.markDone(member: memberId, year: year, item: try req.id("itemId"),
                                           PledgeItemDoneInput(doneOn: req.field("doneOn"), result: req.field("result")))
            return req.redirect(to: SiteURL.commitments(.pledge(member: memberId, year: year)).path + "?ok=pledge_saved")
        } catch let failure as ValidationFailure {
            return try await render(req, values: [:], errors: errors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func review(req: Request) async throws -> Response {
        let (memberId, year) = (try req.id(), try CommitmentAPIController.year(req))
        let service = try req.pledges
        var v = ["selfReview": req.field("selfReview") ?? ""]
        do {
            let current = try await service.find(member: memberId, year: year).record
            var answers: [PledgeReviewInput.Answer] = []
            for c in current?.checklist ?? [] {
                let key = "kept-" + c.id!.uuidString
                v[key] = req.field(key) ?? ""
                if v[key] == "yes" || v[key] == "no" { answers.append(.init(id: c.id!, kept: v[key] == "yes")) }
            }
            try await service.review(member: memberId, year: year, PledgeReviewInput(checklist: answers, selfReview: v["selfReview"] ?? ""))
            return req.redirect(to: SiteURL.commitments(.pledge(member: memberId, year: year)).path + "?ok=pledge_reviewed")
        } catch let failure as ValidationFailure {
            return try await render(req, values: v, errors: errors(failure, req.language), status: .unprocessableEntity)
        }
    }
}
