@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 4, point 1 and "Bad input": the public portal takes a case without
/// an account, gives the receipt code once (stored only as its hash), lets
/// the citizen follow it (R-CASE-6), throttles floods and refuses bad input
/// without writing anything.
@Suite("Cases: public portal intake and tracking")
struct CasePortalIntakeTests {
    /// Crockford base 32 in three groups of four (no I, L, O, U).
    static func isReceiptCode(_ s: String) -> Bool {
        let groups = s.split(separator: "-", omittingEmptySubsequences: false)
        return groups.count == 3 && groups.allSatisfy { $0.count == 4 && $0.allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) } }
    }

    @Test("R-CASE-6: the receipt code is shown once, only its SHA-256 is stored, and it finds the case however it is typed")
    func receiptCode() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let r = try await w.submit(CaseWorld.submission(about: w.f.a1))
            #expect(Self.isReceiptCode(r.receiptCode), "\(r.receiptCode)")
            #expect(r.kind == "petition" && r.filedKind == "petition" && !r.duplicateOf)
            #expect(r.receivedOn == w.today.iso)
            #expect(r.decisionBy != nil && !r.message.isEmpty && !r.messageEn.isEmpty)
            // Only the hash is kept: the row never holds the code itself.
            let row = try #require(try await CitizenCase.find(r.id, on: app.db))
            #expect(row.receiptHash != r.receiptCode)
            #expect(row.receiptHash == Digest.sha256Hex(Data(r.receiptCode.utf8)))
            #expect(row.receiptHash.count == 64)
            // Staff never see the code either.
            #expect(!(try await w.get("/cases/\(r.id)", w.a1).body.string.contains(r.receiptCode)))

            let s = try await w.status(r.receiptCode)
            #expect(s.kind == "petition" && s.state == "received" && s.receivedOn == w.today.iso)
            #expect(s.handlingUnit == w.f.a1.name)
            #expect(s.dueOn == r.decisionBy)
            #expect(s.steps.count == 1 && s.conclusion == nil)
            // Lower case with spaces instead of dashes finds the same case.
            let typed = r.receiptCode.lowercased().replacingOccurrences(of: "-", with: " ")
            #expect(try await w.status(typed).receivedOn == w.today.iso)
        }
    }

    @Test("An unknown code and a malformed one get the same 404 problem")
    func unknownCodes() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let r = try await w.submit(CaseWorld.submission(about: w.f.a1))
            // A well-formed code that was never issued (flip the last symbol).
            var symbols = Array(r.receiptCode)
            symbols[symbols.count - 1] = symbols.last == "Z" ? "Y" : "Z"
            let unknown = try await w.statusResponse(String(symbols))
            let malformed = try await w.statusResponse("<script>alert(1)</script>")
            let short = try await w.statusResponse("ABCD-EFGH")
            for res in [unknown, malformed, short] {
                #expect(res.status == .notFound)
                #expect(res.headers.contentType?.subType == "problem+json")
            }
            #expect(unknown.problemTitle != nil)
            #expect(unknown.problemTitle == malformed.problemTitle && malformed.problemTitle == short.problemTitle)
            #expect(unknown.problemDetail == malformed.problemDetail)
            #expect(unknown.body.string == malformed.body.string)
        }
    }

    @Test("Floods are throttled per client: 429 after the hourly limit and nothing saved for the refused submission")
    func submitThrottle() async throws {
        try await TestApp.withApp(configure: { $0.portalSubmitsPerHour = 3 }) { app in
            let w = try await CaseWorld.make(app)
            for i in 1...3 {
                _ = try await w.submit(CaseWorld.submission(title: "Phản ánh số \(i) về chiếu sáng",
                                                            content: "Nội dung riêng của phản ánh thứ \(i): đèn đường hỏng ở ngõ \(i * 7).",
                                                            about: w.f.a1))
            }
            let refused = try await w.submitResponse(CaseWorld.submission(title: "Phản ánh thứ tư bị chặn", about: w.f.a2))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.contentType?.subType == "problem+json")
            #expect(try await w.caseCount() == 3)
            #expect(try await CitizenCase.query(on: app.db).filter(\.$title == "Phản ánh thứ tư bị chặn").count() == 0)
            // Staff intake is not the portal's quota.
            _ = try await w.intake(w.a, CaseWorld.intakeJSON(about: w.f.a1))
            #expect(try await w.caseCount() == 4)
        }
    }

    @Test("Behind the balancer the throttle keys on the address it appended, not on what the client wrote first")
    func forwardedForLastEntry() async throws {
        try await TestApp.withApp(configure: { $0.portalLookupsPerHour = 2; $0.trustProxy = true }) { app in
            func lookUp(forwardedFor: String) async throws -> HTTPStatus {
                var headers = HTTPHeaders()
                headers.contentType = .json
                headers.add(name: "X-Forwarded-For", value: forwardedFor)
                let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["receiptCode": "0000-0000-0000"]))
                return try await app.testing().sendRequest(.POST, "/api/v1/public/cases/status", headers: headers, body: body).status
            }
            // A client that makes up a new first address each time is still one client.
            let first = try await lookUp(forwardedFor: "9.9.9.1, 203.0.113.7")
            let second = try await lookUp(forwardedFor: "9.9.9.2, 203.0.113.7")
            let third = try await lookUp(forwardedFor: "9.9.9.3, 203.0.113.7")
            #expect([first, second, third] == [.notFound, .notFound, .tooManyRequests])
            // Another client, as the balancer saw it, has its own allowance.
            let other = try await lookUp(forwardedFor: "9.9.9.3, 203.0.113.8")
            #expect(other == .notFound)
        }
    }

    @Test("Receipt-code look-ups are throttled too")
    func lookupThrottle() async throws {
        try await TestApp.withApp(configure: { $0.portalLookupsPerHour = 2 }) { app in
            let w = try await CaseWorld.make(app)
            let r = try await w.submit(CaseWorld.submission(about: w.f.a1))
            #expect(try await w.statusResponse(r.receiptCode).status == .ok)
            #expect(try await w.statusResponse("0000-0000-0000").status == .notFound)
            // Even the right code is refused once the limit is reached.
            #expect(try await w.statusResponse(r.receiptCode).status == .tooManyRequests)
        }
    }

    @Test("Bad input is refused with 422 naming each field, and no row is written")
    func badInput() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let cases: [(json: [String: any Sendable], field: String)] = [
                (CaseWorld.submission(title: "Ngắn", about: w.f.a1), "title"),
                (CaseWorld.submission(content: "Quá ngắn", about: w.f.a1), "content"),
                (CaseWorld.submission(kind: "rumour", about: w.f.a1), "kind"),
                (CaseWorld.submission(about: w.f.a1, identity: ["name": "Nguyễn Văn Gửi", "phone": "09x-abc"]), "identity.phone"),
                (CaseWorld.submission(about: w.f.a1, identity: ["name": "Nguyễn Văn Gửi", "email": "khong-phai-thu"]), "identity.email"),
            ]
            for c in cases {
                let res = try await w.submitResponse(c.json)
                #expect(res.status == .unprocessableEntity, "\(c.field): \(res.body.string)")
                #expect(res.errorFields.contains(c.field), "\(c.field): \(res.errorFields)")
            }
            var unknownUnit = CaseWorld.submission(about: w.f.a1)
            unknownUnit["subjectOrganizationId"] = UUID().uuidString
            let res = try await w.submitResponse(unknownUnit)
            #expect(res.status == .unprocessableEntity)
            #expect(res.errorFields == ["subjectOrganizationId"])
            // Several mistakes at once are all named.
            let many = try await w.submitResponse(CaseWorld.submission(kind: "x", title: "ab", content: "c", about: w.f.a1))
            #expect(Set(many.errorFields).isSuperset(of: ["kind", "title", "content"]))
            #expect(try await w.caseCount() == 0)
            #expect(try await CaseEvent.query(on: app.db).count() == 0)
            // Refused input did not use up the client's quota.
            _ = try await w.submit(CaseWorld.submission(about: w.f.a1))
        }
    }

    @Test("Scripts in text are stored as typed and escaped on the staff page")
    func scriptsStoredAsTyped() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let title = "<script>alert('x')</script> Đèn đường hỏng"
            let content = "Nội dung <img src=x onerror=alert(1)> cần xử lý & trả lời."
            let r = try await w.submit(CaseWorld.submission(kind: "report", title: title, content: content, about: w.f.a1))
            let c = try await w.show(r.id, w.a1)
            #expect(c.title == title && c.content == content)
            let page = try await WebSession.get(app, "/don-thu/\(r.id)", cookie: try await WebSession.cookie(app, "vp-thon-1"))
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("<script>alert("))
            #expect(!page.body.string.contains("<img src=x"))
            #expect(page.body.string.contains("&lt;script&gt;"))
        }
    }

    @Test("R-CASE-5: an anonymous denunciation is kept as a report; one with a name and phone stays a denunciation")
    func anonymousDenunciationKeptAsReport() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let anonymous = try await w.submit(CaseWorld.submission(kind: "denunciation", title: "Tố cáo nặc danh cán bộ thôn",
                                                                    content: "Cán bộ thôn nhận tiền của dân khi làm thủ tục cấp giấy.",
                                                                    about: w.f.a1))
            #expect(anonymous.kind == "report" && anonymous.filedKind == "denunciation")
            // A name alone is not enough: there must be a way to reach the person.
            let nameOnly = try await w.submit(CaseWorld.submission(kind: "denunciation", title: "Tố cáo chỉ ghi tên",
                                                                   content: "Cán bộ thu tiền sai quy định của các hộ kinh doanh.",
                                                                   about: w.f.a2, identity: ["name": "Phạm Văn Tên"]))
            #expect(nameOnly.kind == "report")
            let named = try await w.submit(CaseWorld.submission(kind: "denunciation", title: "Tố cáo có danh tính",
                                                                content: "Bí thư chi bộ sử dụng đất công sai mục đích nhiều năm.",
                                                                about: w.f.b1, identity: ["name": "Lê Thị Rõ", "phone": "0987 654 321"]))
            #expect(named.kind == "denunciation" && named.filedKind == "denunciation")
            // The kept-as-report step is told to the submitter.
            let s = try await w.status(anonymous.receiptCode)
            #expect(s.kind == "report")
            #expect(s.steps.contains { $0.text.contains("phản ánh") && $0.text.contains("tố cáo") })
            // A report has the feedback track; the named denunciation the party one.
            #expect(try await w.show(anonymous.id, w.a).track == "feedback")
            #expect(try await w.show(named.id, w.p).track == "partyDenunciation")
        }
    }

    @Test("A second submission with the same text about the same unit while the first is open is flagged a duplicate")
    func duplicates() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let text = "Trạm trộn bê tông gây bụi và tiếng ồn suốt đêm, ảnh hưởng sức khỏe của hàng chục hộ dân trong xóm."
            let first = try await w.submit(CaseWorld.submission(kind: "report", title: "Ô nhiễm từ trạm trộn bê tông",
                                                                content: text, about: w.f.a1))
            #expect(!first.duplicateOf)
            let again = try await w.submit(CaseWorld.submission(kind: "report", title: "Ô nhiễm từ trạm trộn bê tông",
                                                                content: text + " Xin giải quyết sớm.", about: w.f.a1))
            #expect(again.duplicateOf)
            #expect(try await w.show(again.id, w.a1).duplicateOfId == first.id)
            // Another unit, or another story, is not a duplicate.
            let elsewhere = try await w.submit(CaseWorld.submission(kind: "report", title: "Ô nhiễm từ trạm trộn bê tông",
                                                                    content: text, about: w.f.b1))
            #expect(!elsewhere.duplicateOf)
            let other = try await w.submit(CaseWorld.submission(kind: "report", title: "Cống thoát nước bị tắc",
                                                                content: "Cống ở đầu ngõ bị tắc, nước tràn vào nhà dân mỗi khi mưa.",
                                                                about: w.f.a1))
            #expect(!other.duplicateOf)
            // Once the first is closed, the same text is new again.
            try await w.act(w.a1, first.id, "refuse", note: "Trùng nội dung đã giải quyết")
            try await w.act(w.a1, again.id, "refuse", note: "Trùng nội dung đã giải quyết")
            let later = try await w.submit(CaseWorld.submission(kind: "report", title: "Ô nhiễm từ trạm trộn bê tông",
                                                                content: text, about: w.f.a1))
            #expect(!later.duplicateOf)
        }
    }
}
