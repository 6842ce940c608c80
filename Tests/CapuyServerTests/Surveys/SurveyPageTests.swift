import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Surveys: pages")
struct SurveyPageTests {
    @Test("Pages: open a round, assign an observer, fill the form on a phone with a Vietnamese error first, results by sector, XLSX")
    func pages() async throws {
        try await TestApp.withApp { app in
            let w = try await SurveyWorld.make(app)
            let board = try await WebSession.cookie(app, "bantochuc")
            // the list and the open form, a bad year refused in the page
            let list = try await WebSession.get(app, "/khao-sat", cookie: board)
            #expect(list.status == .ok && list.body.string.contains("Khảo sát chất lượng sinh hoạt chi bộ năm 2026") && list.body.string.contains("_csrf"))
            let bad = try await WebSession.post(app, "/khao-sat", cookie: board, form: ["organizationId": w.f.b.id!.uuidString, "year": "20"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Năm khảo sát không hợp lệ"))
            let opened = try await WebSession.post(app, "/khao-sat", cookie: board, form: ["organizationId": w.f.b.id!.uuidString, "year": "2026"])
            #expect(opened.status == .seeOther)
            let noCsrf = try await WebSession.post(app, "/khao-sat", cookie: board, form: ["organizationId": w.f.b.id!.uuidString, "year": "2026"], csrf: nil)
            #expect(noCsrf.status == .forbidden)

            // assign the outsider to B's cells through the round page
            let unknown = try await WebSession.post(app, "/khao-sat/\(w.roundId)/phan-cong", cookie: board,
                                                    form: ["username": "khong-co", "organizationId": w.f.b.id!.uuidString])
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("Không có tài khoản"))
            let assigned = try await WebSession.post(app, "/khao-sat/\(w.roundId)/phan-cong", cookie: board,
                                                     form: ["username": "quansat-b", "organizationId": w.f.b.id!.uuidString])
            #expect(assigned.status == .seeOther)

            // the observer's form: an out-of-range score first, then saved
            let me = try await WebSession.cookie(app, "quansat-b")
            let round = try await WebSession.get(app, "/khao-sat/\(w.roundId)", cookie: me)
            #expect(round.body.string.contains("/khao-sat/\(w.roundId)/chi-bo/\(w.bs.id!)"))
            let formPage = try await WebSession.get(app, "/khao-sat/\(w.roundId)/chi-bo/\(w.bs.id!)", cookie: me)
            #expect(formPage.status == .ok && formPage.body.string.contains("score_CB") && formPage.body.string.contains("inputmode=\"decimal\""))
            var form = ["observedOn": "15/01/2025", "goodPractices": "Sinh hoạt chuyên đề về chuyển đổi số", "weaknesses": "Ít đảng viên trẻ phát biểu"]
            for (k, v) in SurveyWorld.scores(0.9) { form["score_\(k)"] = DisplayFormat.points(v) }
            form["score_TG"] = "11"
            let high = try await WebSession.post(app, "/khao-sat/\(w.roundId)/chi-bo/\(w.bs.id!)", cookie: me, form: form)
            #expect(high.status == .unprocessableEntity && high.body.string.contains("Điểm tiêu chí TG phải từ 0 đến 10"))
            form["score_TG"] = "9"
            let saved = try await WebSession.post(app, "/khao-sat/\(w.roundId)/chi-bo/\(w.bs.id!)", cookie: me, form: form)
            #expect(saved.status == .seeOther)
            let notMine = try await WebSession.get(app, "/khao-sat/\(w.roundId)/chi-bo/\(w.f.a1.id!)", cookie: me)
            #expect(notMine.status == .forbidden)

            // results by sector with the SVG chart, drill-down, texts, and the English page
            let results = try await WebSession.get(app, "/khao-sat/\(w.roundId)", cookie: board)
            let html = results.body.string
            #expect(html.contains("chart-sectors") && html.contains("Trường học") && html.contains("id=\"by-unit\""))
            #expect(html.contains("Sinh hoạt chuyên đề về chuyển đổi số") && html.contains("assign-form"))
            let drill = try await WebSession.get(app, "/khao-sat/\(w.roundId)?donVi=\(w.f.b.id!)", cookie: board)
            #expect(drill.body.string.contains("Chi bộ Trường Tiểu học Bình Minh") && drill.body.string.contains("survey-up"))
            let xlsx = try await WebSession.get(app, "/khao-sat/\(w.roundId)/ket-qua.xlsx?donVi=\(w.f.p.id!)", cookie: board)
            #expect(xlsx.status == .ok && xlsx.headers.contentType?.description.contains("spreadsheetml") == true)
            let en = try await WebSession.get(app, "/khao-sat/\(w.roundId)", cookie: board + "; capuy_lang=en")
            #expect(en.body.string.contains("By sector"))
            #expect(en.status == .ok)
        }
    }
}
