@testable import CapuyServer
import CapuyCore
import Crypto
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 14, item 5: "a submission that is stored must reach its citizen".
/// A client that lost its answer sends the same submission again with the
/// same key and gets the first receipt; no second case is stored.
@Suite("Portal: a repeated submission with its key gets the first receipt (issue 14, item 5)")
struct PortalResubmissionTests {
    static func send(_ app: Application, _ json: [String: any Sendable], key: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let key { headers.replaceOrAdd(name: PortalSubmissionKey.header, value: key) }
        return try await app.testing().sendRequest(.POST, "/api/v1/public/cases", headers: headers,
                                                   body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)))
    }

    static func cases(_ app: Application, titled title: String) async throws -> Int {
        try await CitizenCase.query(on: app.db).filter(\.$title == title).count()
    }

    @Test("The same submission sent again with its Idempotency-Key gets the same receipt code; one case, one audit event")
    func repeatGetsFirstReceipt() async throws {
        try await TestApp.withApp { app in
            // given: a citizen's submission that was stored, its answer lost on the way
            let w = try await CaseWorld.make(app)
            let json = CaseWorld.submission(kind: "complaint", title: "Khiếu nại về việc thu hồi đất", about: w.f.a1, identity: CaseWorld.identity)
            let key = UUID().uuidString
            let first = try await Self.send(app, json, key: key)
            try #require(first.status == .created, "\(first.body.string)")
            // when: the client sends it again with the same key
            let again = try await Self.send(app, json, key: key)
            // then: the same receipt, and nothing new stored
            #expect(again.status == .created, "\(again.body.string)")
            let a = try first.content.decode(CaseReceiptDTO.self), b = try again.content.decode(CaseReceiptDTO.self)
            #expect(a.receiptCode == b.receiptCode && a.id == b.id && a.decisionBy == b.decisionBy && a.message == b.message)
            #expect(try await Self.cases(app, titled: "Khiếu nại về việc thu hồi đất") == 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "case.create").filter(\.$entityId == a.id).count() == 1)
            #expect(try await w.status(b.receiptCode).kind == "complaint")
            // A new key is a new submission (the same text is then marked a duplicate, issue 14, item 6).
            let other = try await Self.send(app, json, key: UUID().uuidString)
            #expect(other.status == .created)
            #expect(try other.content.decode(CaseReceiptDTO.self).duplicateOf)
            #expect(try await Self.cases(app, titled: "Khiếu nại về việc thu hồi đất") == 2)
        }
    }

    @Test("A key reused for another submission, or a key that cannot be one, is refused with 422 and nothing is stored")
    func misusedKeysRefused() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let key = "client-key-" + UUID().uuidString
            let first = try await Self.send(app, CaseWorld.submission(title: "Kiến nghị sửa đèn đường", about: w.f.a1), key: key)
            try #require(first.status == .created)
            let reused = try await Self.send(app, CaseWorld.submission(title: "Kiến nghị khác hẳn", about: w.f.a1), key: key)
            #expect(reused.status == .unprocessableEntity)
            #expect(reused.headers.contentType?.subType == "problem+json")
            #expect(reused.body.string.contains("đã dùng cho một đơn khác"), "\(reused.body.string)")
            #expect(!reused.body.string.contains(try first.content.decode(CaseReceiptDTO.self).receiptCode))
            for bad in ["ngan", "khóa-có-dấu-tiếng-việt-dài-đủ", String(repeating: "k", count: 201), "has a space in the middle"] {
                let res = try await Self.send(app, CaseWorld.submission(title: "Kiến nghị với khóa hỏng", about: w.f.a1), key: bad)
                #expect(res.status == .unprocessableEntity, "\(bad): \(res.status)")
            }
            #expect(try await Self.cases(app, titled: "Kiến nghị khác hẳn") == 0)
            #expect(try await Self.cases(app, titled: "Kiến nghị với khóa hỏng") == 0)
        }
    }

    @Test("A repeat is not counted by the portal throttle: it changes nothing")
    func repeatNotThrottled() async throws {
        try await TestApp.withApp(configure: { $0.portalSubmitsPerHour = 1 }) { app in
            let w = try await CaseWorld.make(app)
            let json = CaseWorld.submission(title: "Phản ánh mất nước sinh hoạt", about: w.f.a1)
            let key = UUID().uuidString
            #expect(try await Self.send(app, json, key: key).status == .created)
            #expect(try await Self.send(app, json, key: key).status == .created)
            #expect(try await Self.send(app, CaseWorld.submission(title: "Phản ánh thứ hai bị chặn", about: w.f.a1),
                                        key: UUID().uuidString).status == .tooManyRequests)
        }
    }

    @Test("The portal form carries its own key: sent twice, both pages show the first receipt code and one case is stored")
    func formSentTwice() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let form = try await WebSession.get(app, SiteURL.portalSubmitTo(f.a1.id!).path, cookie: nil).body.string
            let key = try #require(form.range(of: #"name="submissionKey" value="([^"]+)""#, options: .regularExpression)
                .map { String(form[$0]).components(separatedBy: "value=\"")[1].dropLast() }.map(String.init))
            #expect(SubmissionKey.wellFormed(key))
            let fields = CasePagesTests.portalFields(f.a1, title: "Đề nghị nạo vét kênh mương").merging(["submissionKey": key]) { a, _ in a }
            var codes: [String] = []
            for _ in 0..<2 {
                let res = try await CasePagesTests.multipart(app, "/cong-dan/gui", cookie: CasePagesTests.anonymousCookie, fields: fields)
                #expect(res.status == .created, "\(res.body.string.prefix(300))")
                let html = res.body.string
                codes += html.range(of: #"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"#, options: .regularExpression).map { [String(html[$0])] } ?? []
            }
            #expect(codes.count == 2 && codes[0] == codes[1], "\(codes)")
            #expect(try await Self.cases(app, titled: "Đề nghị nạo vét kênh mương") == 1)
            // A fresh form gets a fresh key.
            let next = try await WebSession.get(app, SiteURL.portalSubmitTo(f.a1.id!).path, cookie: nil).body.string
            #expect(!next.contains(key))
        }
    }

    @Test("Kept receipts are re-sealed by a key rotation and forgotten after a day by the clean-up")
    func keptReceiptsFollowKeyAndExpire() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let json = CaseWorld.submission(title: "Phản ánh về rác thải", about: w.f.a1)
            let key = UUID().uuidString
            let code = try (try await Self.send(app, json, key: key)).content.decode(CaseReceiptDTO.self).receiptCode
            let new = DataKey(key: SymmetricKey(size: .bits256))
            let report = try await KeyRotation.reseal(from: app.capuy.dataKey, to: new, on: app.db)
            #expect(report.submissionKeys == 1)
            let kept = try #require(try await PortalSubmissionKey.query(on: app.db).first())
            #expect(try new.open(kept.receiptSealed) == code)
            #expect((try? app.capuy.dataKey.open(kept.receiptSealed)) == nil)
            // The clean-up keeps it within the day and forgets it after.
            let inDay = try await SessionCleanupJob(db: app.db, now: Date().addingTimeInterval(3600)).run(holder: "a")
            #expect(inDay.submissionKeys == 0)
            let later = try await SessionCleanupJob(db: app.db, now: Date().addingTimeInterval(PortalSubmissionKey.retention + 3600)).run(holder: "b")
            #expect(later.submissionKeys == 1)
            #expect(try await PortalSubmissionKey.query(on: app.db).count() == 0)
        }
    }
}
