@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import VaporTesting

/// Issue 16, item 8: a large case list walks the received-date index instead
/// of sorting every case in scope. Both ways must list the same cases in the
/// same order, page by page, within the reader's scope.
@Suite("Case list paging")
struct CaseListPagingTests {
    @Test("Walking the date index and sorting the scope give the same pages, newest first, in scope only, with the same total")
    func walkEqualsSort() async throws {
        try await TestApp.withApp { app in
            // given: twelve cases over twelve days, about two communes' units
            let w = try await CaseWorld.make(app)
            for day in 0..<12 {
                let about = day % 3 == 0 ? w.f.b : w.f.a1
                _ = try await w.intake(w.p, CaseWorld.intakeJSON(title: "Đơn thư số \(day)", about: about,
                                                                  extra: ["receivedOn": w.today.adding(days: -day).iso]))
            }
            func pages(_ scope: Scope, walkAbove: Int, filter: String? = nil) async throws -> (ids: [UUID], total: Int) {
                let service = CaseService(db: app.db, actor: .system, context: app.capuy, scope: scope, memberId: nil)
                var ids: [UUID] = [], total = 0
                for page in 1...4 {
                    let q = CaseService.ListQuery(filter: filter, page: page, per: 5, walkRecentAbove: walkAbove)
                    let result = try await service.list(q)
                    ids += result.items.map { $0.id! }
                    total = result.total
                    // Newest first within each page.
                    #expect(result.items.map(\.receivedOn) == result.items.map(\.receivedOn).sorted(by: >))
                }
                return (ids, total)
            }
            for (scope, expected) in [(Scope([w.f.p.treePath]), 12), (Scope([w.f.b.treePath]), 4)] {
                // when
                let sorted = try await pages(scope, walkAbove: .max)
                let walked = try await pages(scope, walkAbove: 0)
                // then
                #expect(sorted.total == expected && walked.total == expected)
                #expect(walked.ids == sorted.ids && Set(walked.ids).count == expected)
                let open = try await pages(scope, walkAbove: 0, filter: "open")
                #expect(open.ids == sorted.ids)
            }
            // The list is newest first across pages too, and B's staff see none of A1's cases.
            let bService = CaseService(db: app.db, actor: .system, context: app.capuy, scope: Scope([w.f.b.treePath]), memberId: nil)
            let bCases = try await bService.list(.init(per: 50, walkRecentAbove: 0)).items
            #expect(bCases.allSatisfy { $0.handlingPath.hasPrefix(w.f.b.path) })
        }
    }
}
