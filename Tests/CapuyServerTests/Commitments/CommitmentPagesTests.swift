@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 5's pages: the commitments list, form and page, and the pledge
/// page, working without JavaScript and answering 422 with Vietnamese errors.
@Suite("Commitments and pledges: pages")
struct CommitmentPagesTests {
    @Test("A commitment is set up, reported on and assessed through the pages")
    func commitmentPages() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let board = try await WebSession.cookie(app, "tc-xa-a")
            let form = try await WebSession.get(app, "/cam-ket/moi", cookie: board)
            #expect(form.status == .ok)
            #expect(form.body.string.contains("name=\"_csrf\"") && form.body.string.contains("Lập bản cam kết"))
            #expect(form.body.string.contains("name=\"viewport\""))

            var fields = ["organizationId": w.f.a1.id!.uuidString, "superiorId": w.f.a.id!.uuidString, "headMemberId": "",
                          "year": String(w.year), "title": "Cam kết thực hiện nhiệm vụ năm \(w.year)", "signedOn": "15/01/\(w.year)", "rows": "8"]
            let empty = try await WebSession.post(app, "/cam-ket/moi", cookie: board, form: fields)
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Bản cam kết cần ít nhất một chỉ tiêu."))
            fields["ind-0-name"] = "Tỷ lệ hộ gia đình văn hóa"
            fields["ind-0-unit"] = "%"
            fields["ind-0-target"] = "-5"
            fields["ind-3-name"] = "Số vụ vi phạm pháp luật"
            fields["ind-3-unit"] = "vụ"
            fields["ind-3-target"] = "0"
            fields["ind-3-direction"] = "lowerIsBetter"
            let negative = try await WebSession.post(app, "/cam-ket/moi", cookie: board, form: fields)
            #expect(negative.status == .unprocessableEntity)
            #expect(negative.body.string.contains("Chỉ tiêu phải là số dương"))
            #expect(negative.body.string.contains("value=\"Số vụ vi phạm pháp luật\""), "the typed rows come back")
            fields["ind-0-target"] = "92,5"
            let created = try await WebSession.post(app, "/cam-ket/moi", cookie: board, form: fields)
            #expect(created.status == .seeOther, "\(created.body.string)")
            let c = try #require(try await Commitment.query(on: app.db).first())
            let indicators = try await CommitmentIndicator.query(on: app.db).sort(\.$position).all()
            #expect(indicators.map(\.target) == [92.5, 0] && indicators.map(\.directionRaw) == ["higherIsBetter", "lowerIsBetter"])

            // The cell's secretary reports; the page shows target, latest value and percent.
            let secretary = try await WebSession.cookie(app, "bt-thon-1")
            let page = try await WebSession.get(app, "/cam-ket/\(c.id!)", cookie: secretary)
            #expect(page.status == .ok && page.body.string.contains("id=\"progress-form\"") && !page.body.string.contains("id=\"assessment-form\""))
            let notNumber = try await WebSession.post(app, "/cam-ket/\(c.id!)/tien-do", cookie: secretary,
                                                      form: ["value-\(indicators[0].id!)": "nhiều"])
            #expect(notNumber.status == .unprocessableEntity && notNumber.body.string.contains("phải là một số"))
            let reported = try await WebSession.post(app, "/cam-ket/\(c.id!)/tien-do", cookie: secretary,
                                                     form: ["value-\(indicators[0].id!)": "87,9", "note-\(indicators[0].id!)": "Theo số liệu thôn",
                                                            "value-\(indicators[1].id!)": "0"])
            #expect(reported.status == .seeOther)
            let after = try await WebSession.get(app, "/cam-ket/\(c.id!)", cookie: secretary).body.string
            #expect(after.contains("87,9 %") && after.contains("95,03%") && after.contains("Theo số liệu thôn"))

            // The commune's board assesses; the list shows the percent.
            let assessed = try await WebSession.post(app, "/cam-ket/\(c.id!)/danh-gia", cookie: board,
                                                     form: ["final-\(indicators[0].id!)": "92,5", "final-\(indicators[1].id!)": "1"])
            #expect(assessed.status == .seeOther)
            let list = try await WebSession.get(app, "/cam-ket?nam=\(w.year)", cookie: board).body.string
            #expect(list.contains("Chi bộ thôn 1") && list.contains("50%") && list.contains("Đã đánh giá"))
            let english = try await WebSession.get(app, "/cam-ket/\(c.id!)", cookie: board + "; \(Language.cookieName)=en").body.string
            #expect(english.contains("Overall achievement: 50%") && english.contains("92.5 %") && english.contains("Reopen the commitment"))
            let closed = try await WebSession.get(app, "/cam-ket/\(c.id!)", cookie: board).body.string
            #expect(closed.contains("id=\"reopen-form\"") && !closed.contains("id=\"progress-form\""))
            let noReason = try await WebSession.post(app, "/cam-ket/\(c.id!)/mo-lai", cookie: board, form: ["reason": ""])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Ghi lý do mở lại"))

            // Outside the scope: 404 for the page and its forms.
            try await w.f.user(app, "vp-b-web", .office, at: w.f.b)
            let other = try await WebSession.cookie(app, "vp-b-web")
            #expect(try await WebSession.get(app, "/cam-ket/\(c.id!)", cookie: other).status == .notFound)
            #expect(try await WebSession.post(app, "/cam-ket/\(c.id!)/mo-lai", cookie: other, form: ["reason": "Thử mở lại"]).status == .notFound)
            #expect(try await WebSession.get(app, "/cam-ket/moi", cookie: other).status == .notFound)
        }
    }

    @Test("The pledge page: written, ticked off and self-reviewed on a phone, without JavaScript")
    func pledgePage() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let mai = try await WebSession.cookie(app, "mai")
            let url = "/dang-vien/\(w.mai.id!)/cam-ket/\(w.year)"
            let list = try await WebSession.get(app, "/cam-ket", cookie: mai)
            #expect(list.body.string.contains(url), "her own pledge is one tap from the list")
            let blank = try await WebSession.get(app, url, cookie: mai)
            #expect(blank.status == .ok && blank.body.string.contains("id=\"pledge-form\"") && blank.body.string.contains("Không tham ô"))
            let short = try await WebSession.post(app, url, cookie: mai, form: ["pledgeText": "ít"])
            #expect(short.status == .unprocessableEntity && short.body.string.contains("ít nhất 10 ký tự"))
            let saved = try await WebSession.post(app, url, cookie: mai, form: [
                "pledgeText": "Tôi cam kết gương mẫu thực hiện nhiệm vụ, giữ gìn đạo đức, lối sống.",
                "newText-0": "Vận động 10 hộ đăng ký gia đình văn hóa", "newDue-0": "30/06/\(w.year)",
                "newText-1": "Đóng đảng phí đầy đủ, đúng hạn", "newDue-1": "31/12/\(w.year)",
            ])
            #expect(saved.status == .seeOther)
            let record = try #require(try await CommitmentResults.pledge(memberId: w.mai.id!, year: w.year, on: app.db))
            #expect(record.items == 2 && record.done == 0)
            let item = try #require(try await PledgeItem.query(on: app.db).sort(\.$position).first())
            #expect(try await WebSession.post(app, "\(url)/viec/\(item.id!)/xong", cookie: mai, form: ["result": "Được 12 hộ"]).status == .seeOther)
            let page = try await WebSession.get(app, url, cookie: mai).body.string
            #expect(page.contains("Được 12 hộ") && page.contains("1/2 · 50%") && page.contains("id=\"review-form\""))

            let checklist = try await PledgeChecklistItem.query(on: app.db).sort(\.$position).all()
            var answers = ["selfReview": "Hoàn thành phần lớn chương trình hành động đã đề ra."]
            for c in checklist.dropLast() { answers["kept-\(c.id!)"] = "yes" }
            let partial = try await WebSession.post(app, "\(url)/tu-danh-gia", cookie: mai, form: answers)
            #expect(partial.status == .unprocessableEntity && partial.body.string.contains("từng điều đã cam kết"))
            answers["kept-\(checklist.last!.id!)"] = "no"
            #expect(try await WebSession.post(app, "\(url)/tu-danh-gia", cookie: mai, form: answers).status == .seeOther)
            let reviewed = try await WebSession.get(app, url, cookie: mai).body.string
            #expect(reviewed.contains("Đã tự đánh giá cuối năm") && reviewed.contains("Chưa giữ được") && !reviewed.contains("id=\"pledge-form\""))

            // A fellow member of her cell does not read it (her self-review is hers); another unit neither.
            let lan = try await WebSession.cookie(app, "lan")
            #expect(try await WebSession.get(app, url, cookie: lan).status == .notFound)
            let hung = try await WebSession.cookie(app, "hung")
            #expect(try await WebSession.get(app, url, cookie: hung).status == .notFound)
            #expect(try await WebSession.post(app, url, cookie: lan, form: ["pledgeText": "Lan viết hộ bản cam kết của Mai"]).status == .notFound)
        }
    }
}
