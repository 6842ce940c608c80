import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Reviews: pages")
struct ReviewPageTests {
    @Test("Pages: open a round, self-assess with a Vietnamese error first, the cell's and the committee's forms, results and exports")
    func pages() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let board = try await WebSession.cookie(app, "bantochuc")
            let list = try await WebSession.get(app, "/danh-gia", cookie: board)
            #expect(list.status == .ok && list.body.string.contains("Kiểm điểm, đánh giá, xếp loại chất lượng năm 2026"))
            let bad = try await WebSession.post(app, "/danh-gia", cookie: board, form: [
                "organizationId": w.f.b.id!.uuidString, "year": "2026", "period": "q1", "selfFrom": "31/02/2026", "selfTo": "",
                "unitReviewBy": "", "decisionBy": ""])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Ngày không hợp lệ"))

            // The member, on her own form: a level above her score is refused in the page.
            let (lan, _) = try await w.member("Nguyễn Thị Lan", in: w.f.a1)
            let username = try #require(try await User.query(on: app.db).filter(\.$memberId == lan.id!).first()).username
            let me = try await WebSession.cookie(app, username)
            let round = try await WebSession.get(app, "/danh-gia/\(w.roundId)", cookie: me)
            #expect(round.body.string.contains("/danh-gia/\(w.roundId)/tu-danh-gia/\(lan.id!)"))
            var form = ["form": "2B", "level": "excellent", "tasks": "10", "tasksOnTime": "10", "tasksBeyond": "4", "note": "Minh chứng"]
            for (k, v) in ReviewWorld.scores(82) { form["score_\(k)"] = DisplayFormat.points(v) }
            let high = try await WebSession.post(app, "/danh-gia/\(w.roundId)/tu-danh-gia/\(lan.id!)", cookie: me, form: form)
            #expect(high.status == .unprocessableEntity && high.body.string.contains("field-error"))
            // Issue 17: the page gives the reason in words, without the rule code the API keeps.
            #expect(!high.body.string.contains("R-EVAL-2"))
            form["level"] = "good"
            let saved = try await WebSession.post(app, "/danh-gia/\(w.roundId)/tu-danh-gia/\(lan.id!)", cookie: me, form: form)
            #expect(saved.status == .seeOther)

            // The secretary proposes; the committee decides, both in the unit's table.
            let secretary = try await WebSession.cookie(app, "bithu-a1")
            let table = try await WebSession.get(app, "/danh-gia/\(w.roundId)/don-vi/\(w.f.a1.id!)", cookie: secretary)
            #expect(table.body.string.contains("Nguyễn Thị Lan") && table.body.string.contains("cell-form"))
            #expect(!table.body.string.contains("decide-form"))
            let cell = try await WebSession.post(app, "/danh-gia/\(w.roundId)/don-vi/\(w.f.a1.id!)/chi-bo", cookie: secretary,
                                                 form: ["present": "9", "level_\(lan.id!)": "good", "agree_\(lan.id!)": "8"])
            #expect(cell.status == .seeOther)
            let boardA = try await WebSession.cookie(app, "bantochuc-a")
            let tooHigh = try await WebSession.post(app, "/danh-gia/\(w.roundId)/don-vi/\(w.f.a1.id!)/quyet-dinh", cookie: boardA,
                                                    form: ["level_\(lan.id!)": "excellent"])
            #expect(tooHigh.status == .unprocessableEntity && tooHigh.body.string.contains("review-errors"))
            let decided = try await WebSession.post(app, "/danh-gia/\(w.roundId)/don-vi/\(w.f.a1.id!)/quyet-dinh", cookie: boardA,
                                                    form: ["level_\(lan.id!)": "good"])
            #expect(decided.status == .seeOther)

            let results = try await WebSession.get(app, "/danh-gia/\(w.roundId)/ket-qua?donVi=\(w.f.p.id!)", cookie: board)
            #expect(results.status == .ok && results.body.string.contains("id=\"distribution\"") && results.body.string.contains("chart-levels"))
            let listed = try await WebSession.get(app, "/danh-gia/\(w.roundId)/ket-qua?donVi=\(w.f.a.id!)&muc=good", cookie: board)
            #expect(listed.body.string.contains("Nguyễn Thị Lan"))
            let xlsx = try await WebSession.get(app, "/danh-gia/\(w.roundId)/mau-01.xlsx?donVi=\(w.f.p.id!)", cookie: board)
            #expect(xlsx.status == .ok && xlsx.headers.contentType?.description.contains("spreadsheetml") == true)
            let docx = try await WebSession.get(app, "/danh-gia/\(w.roundId)/quyet-dinh.docx?donVi=\(w.f.a1.id!)", cookie: board)
            #expect(docx.status == .ok)
            let collective = try await WebSession.get(app, "/danh-gia/\(w.roundId)/tap-the/\(w.f.a.id!)", cookie: board)
            #expect(collective.status == .ok && collective.body.string.contains("collective-children"))
            // Someone else's form is not found, not forbidden.
            let (other, _) = try await w.member("Trần Văn Ba", in: w.f.b1)
            #expect(try await WebSession.get(app, "/danh-gia/\(w.roundId)/tu-danh-gia/\(other.id!)", cookie: me).status == .notFound)
            #expect(try await WebSession.get(app, "/danh-gia/\(w.roundId)/don-vi/\(w.f.b1.id!)", cookie: secretary).status == .notFound)
        }
    }
}
