@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// R-DOC-1: `number-TYPE/ISSUER`, numbered from 01 per issuer, type series
/// and term; never reused, never skipped.
@Suite("Documents: numbering (R-DOC-1)")
struct DocumentNumberingTests {
    @Test("R-DOC-1: issuing needs a term holding the issue date; refused in Vietnamese and nothing changes")
    func noTerm() async throws {
        try await TestApp.withApp { app in
            // given: no terms at all
            let w = try await DocWorld.make(app, terms: false)
            let d = try await w.draft(w.p, issuer: w.f.p)
            // when
            let res = try await w.issueResponse(w.p, d.id, on: w.today)
            // then
            #expect(res.status == .unprocessableEntity)
            #expect(res.errorFields == ["issuedOn"])
            #expect(res.errorMessages.first?.contains("chưa có nhiệm kỳ") == true)
            let after = try await w.get("/documents/\(d.id)", w.p).content.decode(DocumentDTO.self)
            #expect(after == d)
            #expect(after.status == .draft && after.number == nil && after.identifier == nil)
            // A term that ends before the date does not count either.
            try await w.term(w.f.p, w.today.adding(days: -800), w.today.adding(days: -1), token: w.p)
            #expect(try await w.issueResponse(w.p, d.id, on: w.today).status == .unprocessableEntity)
            #expect(try await PartyDocument.query(on: app.db).filter(\.$number != nil).count() == 0)
        }
    }

    @Test("R-DOC-1, issue 18: a paper dated before the last one numbered takes the next number only when the user confirms it")
    func backdated() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let first = try await w.issued(w.p, issuer: w.f.p, on: w.issueDay)
            #expect(first.identifier == "01-NQ/TU")
            // An older paper of the same term, entered late: refused without a number, nothing changes.
            let old = try await w.draft(w.p, issuer: w.f.p, title: "Nghị quyết vào sổ muộn")
            let early = w.issueDay.adding(days: -200)
            let refused = try await w.issueResponse(w.p, old.id, on: early)
            #expect(refused.status == .unprocessableEntity && refused.errorFields == ["number"])
            #expect(refused.errorMessages.first?.contains("01-NQ/TU ngày \(w.issueDay.display)") == true, "\(refused.errorMessages)")
            #expect(try await w.get("/documents/\(old.id)", w.p).content.decode(DocumentDTO.self).status == .draft)
            // Confirmed from the paper register, it is numbered 02 though dated earlier.
            let confirmed = try await w.issueResponse(w.p, old.id, on: early, number: 2)
            #expect(confirmed.status == .ok)
            #expect(try confirmed.content.decode(DocumentDTO.self).identifier == "02-NQ/TU")
            // Compared with the latest date of the series, not the last number: one
            // dated between the two is still out of order.
            let between = try await w.draft(w.p, issuer: w.f.p)
            #expect(try await w.issueResponse(w.p, between.id, on: early.adding(days: 10)).errorFields == ["number"])
            // A paper dated on or after the latest one needs no confirmation.
            #expect(try await w.issued(w.p, issuer: w.f.p, on: w.issueDay).identifier == "03-NQ/TU")
        }
    }

    @Test("R-DOC-1: numbers run 01, 02 per issuer and type, rendered 01-NQ/TU for a province and 01-KH/ĐU for a commune")
    func sequential() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let nq1 = try await w.issued(w.p, issuer: w.f.p)
            let nq2 = try await w.issued(w.p, issuer: w.f.p)
            let ct1 = try await w.issued(w.p, type: "directive", issuer: w.f.p)
            let kh1 = try await w.issued(w.a, type: "plan", issuer: w.f.a)
            let nqA = try await w.issued(w.a, issuer: w.f.a)
            let khB = try await w.issued(w.b, type: "plan", issuer: w.f.b)
            #expect(nq1.identifier == "01-NQ/TU" && nq1.number == 1)
            #expect(nq2.identifier == "02-NQ/TU" && nq2.number == 2)
            #expect(ct1.identifier == "01-CT/TU")
            #expect(kh1.identifier == "01-KH/ĐU")
            #expect(nqA.identifier == "01-NQ/ĐU")
            // Another commune has its own series.
            #expect(khB.identifier == "01-KH/ĐU")
            #expect(nq1.issuedOn == w.issueDay.iso && nq1.status == .issued && nq1.termId != nil)
        }
    }

    @Test("R-DOC-1: numbers past 9 have no leading zero; the series restarts at 01 in the next term")
    func restartPerTerm() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app, terms: false)
            let old = try await w.term(w.f.p, LocalDate(year: 2020, month: 10, day: 1)!, LocalDate(year: 2025, month: 9, day: 30)!, token: w.p)
            let new = try await w.term(w.f.p, LocalDate(year: 2025, month: 10, day: 1)!, LocalDate(year: 2030, month: 9, day: 30)!, token: w.p)
            var last: DocumentDTO?
            for i in 1...10 {
                last = try await w.issued(w.p, issuer: w.f.p, on: LocalDate(year: 2025, month: 9, day: 10 + i)!)
            }
            #expect(last?.identifier == "10-NQ/TU")
            #expect(last?.termId == old.id)
            let first = try await w.issued(w.p, issuer: w.f.p, on: LocalDate(year: 2025, month: 10, day: 1)!)
            #expect(first.identifier == "01-NQ/TU")
            #expect(first.termId == new.id)
            // Two documents now share the identifier 01-NQ/TU, in different terms.
            #expect(try await w.list("q=01-nq/tu", w.p).count == 2)
        }
    }

    @Test("R-DOC-1/R-DOC-2: decision and regulation share the QĐ series")
    func sharedSeries() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let d1 = try await w.issued(w.p, type: "decision", issuer: w.f.p)
            let r = try await w.issued(w.p, type: "regulation", issuer: w.f.p)
            let d2 = try await w.issued(w.p, type: "decision", issuer: w.f.p)
            #expect([d1, r, d2].map(\.identifier) == ["01-QĐ/TU", "02-QĐ/TU", "03-QĐ/TU"])
            #expect(r.type == "regulation")
        }
    }

    @Test("R-DOC-1: a typed number that skips or reuses one is refused; the document stays a draft")
    func typedNumber() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            _ = try await w.issued(w.p, issuer: w.f.p)
            _ = try await w.issued(w.p, issuer: w.f.p)
            let d = try await w.draft(w.p, issuer: w.f.p)
            // when: skipping to 05
            let skip = try await w.issueResponse(w.p, d.id, on: w.issueDay, number: 5)
            #expect(skip.status == .unprocessableEntity)
            #expect(skip.errorFields == ["number"])
            #expect(skip.errorMessages.first?.contains("Không được bỏ số") == true)
            // when: reusing 02
            let reuse = try await w.issueResponse(w.p, d.id, on: w.issueDay, number: 2)
            #expect(reuse.status == .unprocessableEntity)
            #expect(reuse.errorMessages.first?.contains("02-NQ/TU") == true)
            let still = try await w.get("/documents/\(d.id)", w.p).content.decode(DocumentDTO.self)
            #expect(still.status == .draft && still.number == nil)
            // then: the right number is accepted
            let ok = try await w.issueResponse(w.p, d.id, on: w.issueDay, number: 3)
            #expect(ok.status == .ok)
            #expect(try ok.content.decode(DocumentDTO.self).identifier == "03-NQ/TU")
        }
    }

    @Test("R-DOC-1: issuing an issued document again is refused and keeps its number")
    func issueTwice() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let d = try await w.issued(w.p, issuer: w.f.p)
            let again = try await w.issueResponse(w.p, d.id, on: w.today)
            #expect(again.status == .unprocessableEntity)
            #expect(again.errorFields == ["status"])
            let after = try await w.get("/documents/\(d.id)", w.p).content.decode(DocumentDTO.self)
            #expect(after.identifier == "01-NQ/TU" && after.issuedOn == w.issueDay.iso)
            // An issued document cannot be edited either.
            let edit = try await API.call(app, .PUT, "/api/v1/documents/\(d.id)", token: w.p,
                                          json: ["type": "resolution", "issuerId": w.f.p.id!.uuidString, "title": "Đổi tên"])
            #expect(edit.status == .unprocessableEntity)
            #expect(try await w.get("/documents/\(d.id)", w.p).content.decode(DocumentDTO.self).title == d.title)
        }
    }

    @Test("R-DOC-1: twelve drafts issued in parallel get exactly 01…12, no duplicate, no gap")
    func concurrentIssue() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            var ids: [UUID] = []
            for i in 1...12 { ids.append(try await w.draft(w.p, issuer: w.f.p, title: "Nghị quyết số \(i)").id) }
            // when: every issue at once
            let results = try await withThrowingTaskGroup(of: (HTTPStatus, DocumentDTO?).self) { group in
                for id in ids {
                    group.addTask {
                        let res = try await w.issueResponse(w.p, id, on: w.issueDay)
                        return (res.status, try? res.content.decode(DocumentDTO.self))
                    }
                }
                var out: [(HTTPStatus, DocumentDTO?)] = []
                for try await r in group { out.append(r) }
                return out
            }
            // then
            #expect(results.allSatisfy { $0.0 == .ok })
            let numbers = results.compactMap { $0.1?.number }.sorted()
            #expect(numbers == Array(1...12))
            let stored = try await PartyDocument.query(on: app.db).all().compactMap(\.number).sorted()
            #expect(stored == Array(1...12))
            let identifiers = Set(try await PartyDocument.query(on: app.db).all().compactMap(\.identifier))
            #expect(identifiers.count == 12)
            #expect(identifiers.contains("12-NQ/TU") && identifiers.contains("01-NQ/TU"))
        }
    }
}
