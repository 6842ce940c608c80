@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 5: members' pledges and personal action programs.
@Suite("Pledges: the member's own, helped by her cell, closed by the self-review")
struct PledgeTests {
    static let selfReview = "Đã thực hiện cơ bản chương trình hành động; còn hạn chế trong việc tự học lý luận chính trị."

    static func body(_ year: Int, items: [[String: any Sendable]]? = nil, checklist: [String]? = nil) -> [String: any Sendable] {
        var json: [String: any Sendable] = [
            "pledgeText": "Tôi xin cam kết giữ gìn phẩm chất đạo đức, lối sống, gương mẫu thực hiện nhiệm vụ được giao.",
            "items": items ?? [["text": "Vận động các hộ trong xóm tham gia làm đường bê tông", "dueOn": "\(year)-06-30"],
                               ["text": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "dueOn": "\(year)-12-31"]],
        ]
        if let checklist { json["checklist"] = checklist }
        return json
    }

    static func write(_ w: CommitmentWorld, _ member: Member, token: String) async throws -> PledgeDTO {
        let res = try await API.call(w.app, .PUT, "/api/v1/members/\(member.id!)/pledges/\(w.year)", token: token, json: body(w.year))
        try #require(res.status == .ok, "pledge: \(res.body.string)")
        return try res.content.decode(PledgeDTO.self)
    }

    static func review(_ p: PledgeDTO, notKept: Set<UUID> = [], skip: Int = 0) -> [String: any Sendable] {
        ["selfReview": selfReview,
         "checklist": p.checklist.dropLast(skip).map { ["id": $0.id.uuidString, "kept": !notKept.contains($0.id)] as [String: any Sendable] }]
    }

    @Test("The member writes her own pledge with the default checklist copied onto it; a fellow member neither reads nor writes it (404)")
    func ownPledge() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let path = "/api/v1/members/\(w.mai.id!)/pledges/\(w.year)"
            #expect(try await API.call(app, .GET, path, token: w.maiToken).status == .notFound)
            let p = try await Self.write(w, w.mai, token: w.maiToken)
            #expect(p.memberName == "Nguyễn Thị Mai" && p.items.count == 2 && !p.reviewed)
            #expect(p.checklist.map(\.text) == PledgeChecklist.standard && p.checklist.allSatisfy { $0.kept == nil })
            #expect(p.summary.items == 2 && p.summary.done == 0)

            let lanWrites = try await API.call(app, .PUT, path, token: w.lanToken, json: Self.body(w.year))
            #expect(lanWrites.status == .notFound)
            #expect(try await w.post("/members/\(w.mai.id!)/pledges/\(w.year)/items/\(p.items[0].id)/done", w.lanToken, [:]).status == .notFound)
            #expect(try await API.call(app, .GET, path, token: w.lanToken).status == .notFound, "a fellow member does not read it")
            #expect(try await API.call(app, .GET, path, token: w.hungToken).status == .notFound, "another unit does not")
            #expect(try await API.call(app, .PUT, "/api/v1/members/\(w.hung.id!)/pledges/\(w.year)", token: w.maiToken,
                                       json: Self.body(w.year)).status == .notFound)
            #expect(try await w.auditCount(entity: "pledge") == 1)
        }
    }

    @Test("Editing keeps done items, drops the others left out, and keeps the pledge's own checklist")
    func editing() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let path = "/api/v1/members/\(w.mai.id!)/pledges/\(w.year)"
            let custom = ["Không vi phạm những điều đảng viên không được làm", "Không để người thân lợi dụng vị trí công tác của mình"]
            let created = try await API.call(app, .PUT, path, token: w.maiToken, json: Self.body(w.year, checklist: custom))
            let p = try created.content.decode(PledgeDTO.self)
            #expect(p.checklist.map(\.text) == custom)
            // Her cell's secretary helps: marks the first item done.
            #expect(try await w.post("/members/\(w.mai.id!)/pledges/\(w.year)/items/\(p.items[0].id)/done", w.secretaryA1,
                                     ["doneOn": app.capuy.today().iso, "result": "Hoàn thành 300 m đường"]).status == .ok)
            let badDue = try await API.call(app, .PUT, path, token: w.maiToken,
                                            json: Self.body(w.year, items: [["text": "Việc của năm sau", "dueOn": "\(w.year + 1)-03-01"]]))
            #expect(badDue.status == .unprocessableEntity && badDue.errorFields == ["items.0.dueOn"])
            // Only a new item listed: the done one stays, the undone one goes.
            let edited = try await API.call(app, .PUT, path, token: w.maiToken,
                                            json: Self.body(w.year, items: [["text": "Tham gia đầy đủ sinh hoạt chi bộ", "dueOn": "\(w.year)-12-31"]]))
            #expect(edited.status == .ok, "\(edited.body.string)")
            let now = try edited.content.decode(PledgeDTO.self)
            #expect(now.items.map(\.text) == ["Tham gia đầy đủ sinh hoạt chi bộ", p.items[0].text])
            #expect(now.items[1].doneOn != nil && now.items[1].result == "Hoàn thành 300 m đường")
            #expect(now.checklist.map(\.text) == custom)
            let changeDone = try await API.call(app, .PUT, path, token: w.maiToken, json: Self.body(w.year, items: [
                ["id": p.items[0].id.uuidString, "text": "Sửa việc đã xong", "dueOn": "\(w.year)-06-30"]]))
            #expect(changeDone.status == .unprocessableEntity && changeDone.errorFields == ["items.0.text"])
            let short = try await API.call(app, .PUT, path, token: w.maiToken, json: ["pledgeText": "ngắn"])
            #expect(short.status == .unprocessableEntity && short.errorFields == ["pledgeText"])
        }
    }

    @Test("The year-end self-review answers every checklist item, then nothing can change")
    func review() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let p = try await Self.write(w, w.mai, token: w.maiToken)
            let reviewPath = "/members/\(w.mai.id!)/pledges/\(w.year)/review"
            let partial = try await w.post(reviewPath, w.maiToken, Self.review(p, skip: 1))
            #expect(partial.status == .unprocessableEntity && partial.errorFields == ["checklist"])
            let noText = try await w.post(reviewPath, w.maiToken, ["selfReview": "", "checklist": [[String: any Sendable]]()])
            #expect(noText.status == .unprocessableEntity && noText.errorFields == ["selfReview"])
            #expect(try await w.post(reviewPath, w.lanToken, Self.review(p)).status == .notFound)
            let done = try await w.post(reviewPath, w.maiToken, Self.review(p, notKept: [p.checklist[0].id]))
            #expect(done.status == .ok)
            let reviewed = try done.content.decode(PledgeDTO.self)
            #expect(reviewed.reviewed && reviewed.selfReview == Self.selfReview)
            #expect(reviewed.checklist.map(\.kept) == [false] + Array(repeating: true, count: p.checklist.count - 1))
            #expect(reviewed.summary.breachedPledges == [p.checklist[0].text])

            let edit = try await API.call(app, .PUT, "/api/v1/members/\(w.mai.id!)/pledges/\(w.year)", token: w.maiToken, json: Self.body(w.year))
            #expect(edit.status == .unprocessableEntity && edit.errorFields == ["pledge"])
            let item = try await w.post("/members/\(w.mai.id!)/pledges/\(w.year)/items/\(p.items[1].id)/done", w.maiToken, [:])
            #expect(item.status == .unprocessableEntity && item.errorFields == ["pledge"])
            #expect(try await w.post(reviewPath, w.maiToken, Self.review(p)).status == .unprocessableEntity)
            #expect(try await w.auditCount(entity: "pledge") == 2)
        }
    }
}
