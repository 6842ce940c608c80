@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The pages' half of the authorization matrix: every page and form × role,
/// aimed outside the granted subtree. Reading answers 404; posting answers
/// 404 and changes nothing (the audit chain does not grow).
@Suite("Authorization matrix: pages")
struct PageAuthorizationTests {
    @Test("Outside the granted subtree every page is a 404 and every form changes nothing", arguments: Role.allCases)
    func outside(_ role: Role) async throws {
        try await TestApp.withApp { app in
            let w = try await AuthorizationMatrixTests.World.make(app)
            try await w.f.user(app, "trang", role, at: w.f.a)
            let cookie = try await WebSession.cookie(app, "trang")
            let b1 = w.f.b1.id!, mb = w.memberB.id!
            let gets = ["/to-chuc/\(b1)", "/to-chuc/\(b1)/them", "/to-chuc/\(b1)/sua", "/to-chuc/\(b1)/chuyen",
                        "/to-chuc/\(b1)/giai-the", "/to-chuc/\(b1)/nhat-ky", "/to-chuc/\(b1)/dang-vien/them",
                        "/to-chuc/\(b1)/dang-vien.xlsx", "/dang-vien/\(mb)", "/dang-vien/\(mb)/sua", "/dang-vien/\(mb)/nhat-ky",
                        "/tai-khoan/\(w.userB)", "/dang-vien?donVi=\(w.f.b.id!)"]
            for path in gets {
                let res = try await WebSession.get(app, path, cookie: cookie)
                #expect(res.status == .notFound, "\(role) GET \(path): \(res.status)")
                #expect(!res.body.string.contains("Lê Văn Ngoai"), "\(role) GET \(path) shows a member outside")
            }
            let before = try await AuditEvent.query(on: app.db).count()
            let posts: [(String, [String: String])] = [
                ("/to-chuc/\(w.f.b.id!)/them", ["name": "Chi bộ lạ", "kind": "grassrootsCell", "sector": "residential"]),
                ("/to-chuc/\(b1)/sua", ["name": "Đổi tên", "sector": "other"]),
                ("/to-chuc/\(w.b4.id!)/chuyen", ["parentId": w.f.a.id!.uuidString]),
                ("/to-chuc/\(w.b3.id!)/giai-the", ["closedOn": "01/07/2025"]),
                ("/to-chuc/\(b1)/dang-vien/them", ["fullName": "Người Lạ", "birthDate": "01/01/1990", "gender": "male",
                                                   "ethnicity": "Kinh", "admissionDate": "01/01/2015"]),
                ("/dang-vien/\(mb)/sua", ["fullName": "Đổi Tên", "birthDate": "15/03/1980", "gender": "male", "ethnicity": "Kinh",
                                          "admissionDate": "03/02/2005", "partyCardNumber": "44100002"]),
                ("/dang-vien/\(mb)/chuyen-sinh-hoat", ["toOrganizationId": w.f.a1.id!.uuidString, "transferredOn": "01/09/2025"]),
                ("/dang-vien/\(mb)/chuc-vu", ["organizationId": b1.uuidString, "title": "committeeMember", "startOn": "01/10/2025"]),
                ("/dang-vien/\(mb)/chuc-vu/\(w.positionB)/ket-thuc", ["endOn": "01/01/2026"]),
                ("/tai-khoan/\(w.userB)/quyen", ["role": "admin", "organizationId": b1.uuidString]),
                ("/tai-khoan/\(w.userB)/quyen/\(w.grantB)/xoa", [:]),
            ]
            for (path, form) in posts {
                let res = try await WebSession.post(app, path, cookie: cookie, form: form)
                #expect([403, 404].contains(res.status.code), "\(role) POST \(path): \(res.status)")
            }
            #expect(try await AuditEvent.query(on: app.db).count() == before, "\(role): a form outside the scope changed data")
        }
    }
}
