@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 14, item 6 (R-CASE-5, repeated cases): a repeat is linked to the
/// open case it repeats even when sent at the same moment, filed under
/// another kind, or after a hundred newer cases of the unit.
@Suite("Case duplicates: simultaneous, across kinds, and older than the recent hundred (R-CASE-5, issue 14, item 6)")
struct CaseDuplicateTests {
    static let text = "Đoạn đường liên thôn qua xóm Bến bị sụt lún nhiều chỗ sau mưa lớn, xe máy đi lại rất nguy hiểm, đề nghị sửa chữa ngay."

    @Test("R-CASE-5: four identical texts sent at once: one original, three linked to it")
    func simultaneous() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await CaseWorld.make(app)
            // when
            let receipts = try await withThrowingTaskGroup(of: CaseReceiptDTO.self) { group in
                for i in 0..<4 {
                    group.addTask {
                        try await w.intake(w.a1, CaseWorld.intakeJSON(kind: "petition", title: "Đường liên thôn sụt lún", content: Self.text,
                                                                      about: w.f.a1, extra: ["channelDetail": "Thư số \(i + 1)"]))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then
            let cases = try await CitizenCase.query(on: app.db).filter(\.$id ~~ receipts.map(\.id)).all()
            let originals = cases.filter { $0.duplicateOfId == nil }
            #expect(originals.count == 1)
            #expect(cases.filter { $0.duplicateOfId == originals.first?.id }.count == 3)
        }
    }

    @Test("R-CASE-5: the same text filed as a complaint repeats the open petition")
    func acrossKinds() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await CaseWorld.make(app)
            let petition = try await w.intake(w.a1, CaseWorld.intakeJSON(kind: "petition", title: "Đường liên thôn sụt lún", content: Self.text, about: w.f.a1))
            // when
            let complaint = try await w.intake(w.a1, CaseWorld.intakeJSON(kind: "complaint", title: "Khiếu nại về đường liên thôn", content: Self.text,
                                                                          about: w.f.a1, extra: ["identity": CaseWorld.identity]))
            // then
            #expect(try await w.show(complaint.id, w.a1).duplicateOfId == petition.id)
        }
    }

    @Test("R-CASE-5: the exact repeat of a case older than the unit's hundred most recent is still found")
    func olderThanTheRecentHundred() async throws {
        try await TestApp.withApp { app in
            // given: the original, then 101 other open cases of the unit
            let w = try await CaseWorld.make(app)
            let original = try await w.intake(w.a1, CaseWorld.intakeJSON(kind: "petition", title: "Đường liên thôn sụt lún", content: Self.text,
                                                                         about: w.f.a1))
            let places = ["chợ", "trường", "cầu", "đình", "giếng", "bến", "ruộng", "kênh", "nghĩa trang", "trạm"]
            for i in 0..<(CaseDuplicateFinder.candidates + 1) {
                _ = try await w.intake(w.a1, CaseWorld.intakeJSON(
                    kind: "petition", title: "Kiến nghị số \(i + 1)",
                    content: "Người dân \(places[i % 10]) \(places[(i / 10) % 10]) phản ánh việc \(i % 2 == 0 ? "thu gom rác" : "chiếu sáng") lần \(i + 1) chưa được xử lý.",
                    about: w.f.a1))
            }
            // when
            let repeat_ = try await w.intake(w.a1, CaseWorld.intakeJSON(kind: "report", title: "Đường liên thôn sụt lún", content: Self.text,
                                                                        about: w.f.a1))
            // then
            #expect(try await w.show(repeat_.id, w.a1).duplicateOfId == original.id)
        }
    }
}
