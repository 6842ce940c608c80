@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The document pages render with real data: the register and its search,
/// drafts, issued documents with their roll-up and chain, the inbox, terms,
/// the term dashboard, programs and the downloads.
@Suite("Documents: pages")
struct DocumentPagesTests {
    /// A provincial resolution sent to A and B with a task for every
    /// grassroots cell, A's implementing plan, a provincial draft and a
    /// yearly program with one task.
    struct Scene {
        let w: DocWorld
        let nq: DocumentDTO
        let plan: DocumentDTO
        let draft: DocumentDTO
        let program: WorkProgramDTO
        let termP: UUID

        static func make(_ app: Application) async throws -> Scene {
            let w = try await DocWorld.make(app)
            let nq = try await w.issued(w.p, issuer: w.f.p, title: "Nghị quyết về xây dựng Đảng trong sạch, vững mạnh",
                                        summary: "Tăng cường công tác kiểm tra, giám sát", recipients: [w.f.a, w.f.b])
            try await w.assign(w.p, nq.id, title: "Tổ chức học tập, quán triệt nghị quyết", deadline: w.today.adding(days: 30),
                               kind: .grassrootsCell, under: w.f.p)
            let plan = try await w.issued(w.a, type: "plan", issuer: w.f.a, title: "Kế hoạch thực hiện nghị quyết của Tỉnh ủy",
                                          implements: nq.id)
            let draft = try await w.draft(w.p, type: "directive", issuer: w.f.p, title: "Chỉ thị về chuyển đổi số trong Đảng")
            let program = try await w.program(w.f.p, w.p, theme: "Năm chuyển đổi số")
            let task = try await API.call(app, .POST, "/api/v1/work-programs/\(program.id)/tasks", token: w.p, json: [
                "title": "Số hóa hồ sơ đảng viên", "category": "breakthrough", "deliverable": "report",
                "deadline": w.today.adding(days: 60).iso, "targets": ["organizationIds": [w.f.a.id!.uuidString]],
            ])
            try #require(task.status == .created, "program task: \(task.body.string)")
            return Scene(w: w, nq: nq, plan: plan, draft: draft, program: program, termP: try await w.termID(of: w.f.p, w.p))
        }
    }

    @Test("Every document page renders for an office user at the province, in Vietnamese, under the CSP")
    func everyPage() async throws {
        try await TestApp.withApp { app in
            // given
            let s = try await Scene.make(app)
            let w = s.w
            #expect(s.nq.identifier == "01-NQ/TU" && s.plan.identifier == "01-KH/ĐU")
            let cookie = try await w.cookieP
            let nq = s.nq.id, a = w.f.a.id!
            let pages: [(String, [String])] = [
                ("/van-ban", ["Sổ đăng ký văn bản", "01-NQ/TU", "01-KH/ĐU", "Chỉ thị về chuyển đổi số trong Đảng", "Dự thảo"]),
                ("/van-ban/moi", ["Soạn văn bản", "Đảng bộ tỉnh Thử nghiệm"]),
                ("/van-ban/moi?trienKhai=\(nq)", ["Soạn văn bản", "01-NQ/TU Nghị quyết về xây dựng Đảng trong sạch"]),
                ("/van-ban/\(s.draft.id)", ["Chỉ thị về chuyển đổi số trong Đảng", "Dự thảo", "Ban hành và cấp số", "id=\"issue-document\""]),
                ("/van-ban/\(s.draft.id)/sua", ["Sửa dự thảo", "value=\"Chỉ thị về chuyển đổi số trong Đảng\""]),
                ("/van-ban/\(nq)", ["01-NQ/TU", "Nghị quyết về xây dựng Đảng trong sạch", "Tăng cường công tác kiểm tra",
                                    "Tổ chức học tập, quán triệt nghị quyết", "Tình hình thực hiện", "Đảng bộ xã An Phú",
                                    "href=\"/van-ban/\(nq)?duoi=\(a)\"", "Chuỗi triển khai", "href=\"/van-ban/\(s.plan.id)\""]),
                ("/van-ban/\(nq)?duoi=\(a)", ["Chi bộ thôn 1", "Chi bộ thôn 2"]),
                ("/van-ban/\(nq)?chuoi=true", ["Cả chuỗi văn bản triển khai", "Đảng bộ phường Bình Minh"]),
                ("/van-ban/\(s.plan.id)", ["01-KH/ĐU", "Văn bản cấp trên", "href=\"/van-ban/\(nq)\""]),
                ("/nhiem-vu", ["Nhiệm vụ được giao", "Tổ chức học tập, quán triệt nghị quyết"]),
                ("/nhiem-ky", ["Nhiệm kỳ và chương trình công tác", "Đảng bộ tỉnh Thử nghiệm", s.program.title, "Năm chuyển đổi số",
                               "href=\"/nhiem-ky/\(s.termP)\""]),
                ("/nhiem-ky?donVi=\(a)", ["Đảng bộ xã An Phú"]),
                ("/nhiem-ky/\(s.termP)", ["Tổng hợp nhiệm kỳ", "Văn bản đã ban hành theo loại", "Nhiệm vụ đã giao", "Nghị quyết"]),
                ("/chuong-trinh/\(s.program.id)", [s.program.title, "Năm chuyển đổi số", "Số hóa hồ sơ đảng viên", "Đảng bộ xã An Phú"]),
            ]
            for (path, texts) in pages {
                // when
                let res = try await WebSession.get(app, path, cookie: cookie)
                // then
                DocPage.expectPage(res, path, shows: texts)
            }
        }
    }

    @Test("The register finds a document by a search typed without accents, and only it")
    func accentlessSearch() async throws {
        try await TestApp.withApp { app in
            let s = try await Scene.make(app)
            let cookie = try await s.w.cookieP
            let found = try await WebSession.get(app, "/van-ban?q=xay%20dung%20dang%20trong%20sach", cookie: cookie)
            DocPage.expectPage(found, "search", shows: ["Nghị quyết về xây dựng Đảng trong sạch", "01-NQ/TU"])
            #expect(!found.body.string.contains("Chỉ thị về chuyển đổi số"), "the search kept a document it does not match")
            #expect(found.body.string.contains("value=\"xay dung dang trong sach\""))
            let bySummary = try await WebSession.get(app, "/van-ban?q=giam%20sat", cookie: cookie)
            DocPage.expectPage(bySummary, "summary search", shows: ["01-NQ/TU"])
            let none = try await WebSession.get(app, "/van-ban?q=khong%20co%20van%20ban%20nay", cookie: cookie)
            DocPage.expectPage(none, "empty search", shows: ["Không có văn bản nào.", "Tổng số: 0"])
            #expect(!none.body.string.contains("01-NQ/TU"))
        }
    }

    @Test("A recipient's inbox lists the task of its units with the progress form")
    func inbox() async throws {
        try await TestApp.withApp { app in
            let s = try await Scene.make(app)
            let res = try await WebSession.get(app, "/nhiem-vu", cookie: try await s.w.cookieA)
            DocPage.expectPage(res, "/nhiem-vu (A)", shows: ["Nhiệm vụ được giao", "Tổ chức học tập, quán triệt nghị quyết",
                                                            "Chi bộ thôn 1", "Chi bộ thôn 2", "01-NQ/TU", "Số hóa hồ sơ đảng viên",
                                                            "class=\"report-progress\""])
            // B's cell is not A's business.
            #expect(!res.body.string.contains("Chi bộ khu phố 1"))
        }
    }

    @Test("The register, the roll-up and a document download as XLSX and DOCX")
    func downloads() async throws {
        try await TestApp.withApp { app in
            let s = try await Scene.make(app)
            let cookie = try await s.w.cookieP
            let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            let files: [(String, String)] = [
                ("/van-ban/so-dang-ky.xlsx", xlsx), ("/van-ban/so-dang-ky.xlsx?q=xay%20dung", xlsx),
                ("/van-ban/\(s.nq.id)/tong-hop.xlsx", xlsx), ("/van-ban/\(s.nq.id)/tong-hop.xlsx?chuoi=true&duoi=\(s.w.f.a.id!)", xlsx),
                ("/van-ban/\(s.nq.id)/van-ban.docx", docx),
            ]
            for (path, type) in files {
                let res = try await WebSession.get(app, path, cookie: cookie)
                #expect(res.status == .ok, "\(path): \(res.status)")
                #expect(res.headers.contentType?.description.hasPrefix(type) == true, "\(path): \(res.headers.contentType?.description ?? "")")
                #expect(Array(res.body.readableBytesView.prefix(2)) == [0x50, 0x4B], "\(path) is not a ZIP package")
                #expect(res.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true, "\(path): no attachment disposition")
            }
        }
    }
}
