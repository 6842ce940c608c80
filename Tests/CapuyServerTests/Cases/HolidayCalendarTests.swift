@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 14, item 6: the calendar that time limits count on holds Tết and
/// Giỗ Tổ for any year without anyone typing them, and the government's
/// yearly swaps as data, on the API and on a page.
@Suite("Holiday calendar: statutory days computed, swaps kept as data (issue 14, item 6)")
struct HolidayCalendarTests {
    @Test("R-CASE-2: the 2027 calendar lists Tết and Giỗ Tổ by law; a Saturday worked in exchange is added and counted")
    func api() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await CaseWorld.make(app)
            // when
            let listed = try await w.get("/holidays?year=2027", w.a).content.decode([HolidayDTO].self)
            // then: Tết 2027 is 6/2 (the 5th is the last day of the lunar year)
            for day in ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09"] {
                #expect(listed.contains { $0.day == day && $0.source == "law" && $0.kind == "off" }, "\(day)")
            }
            #expect(listed.contains { $0.day == "2027-04-16" && $0.name.contains("Giỗ Tổ") })
            // A working Tuesday cannot be "worked"; a statutory day cannot be added as a day off again.
            #expect(try await w.post("/holidays", w.admin, ["day": "2027-02-02", "name": "Làm bù", "kind": "worked"]).errorFields == ["day"])
            #expect(try await w.post("/holidays", w.admin, ["day": "2027-02-08", "name": "Tết"]).errorFields == ["day"])
            #expect(try await w.post("/holidays", w.admin, ["day": "2027-02-13", "name": "Làm bù", "kind": "sometimes"]).errorFields == ["kind"])
            let swap = try await w.post("/holidays", w.admin, ["day": "2027-02-13", "name": "Làm bù cho 10/2", "kind": "worked"])
            #expect(swap.status == .created, "\(swap.body.string)")
            let extra = try await w.post("/holidays", w.admin, ["day": "2027-02-12", "name": "Nghỉ thêm theo Thông báo của Chính phủ"])
            #expect(extra.status == .created)
            let calendar = try await app.capuy.calendar.load(on: app.db)
            #expect(calendar.isWorkingDay(LocalDate(parsing: "2027-02-13")!))
            #expect(!calendar.isWorkingDay(LocalDate(parsing: "2027-02-12")!) && !calendar.isWorkingDay(LocalDate(parsing: "2027-02-08")!))
            // One bound for `year` everywhere, the one the OpenAPI document declares (issue 14, item 7).
            #expect(try await w.get("/holidays?year=1899", w.a).status == .unprocessableEntity)
            #expect(try await w.get("/holidays?year=2101", w.a).status == .unprocessableEntity)
            #expect(try await w.get("/holidays?year=1999", w.a).status == .ok)
        }
    }

    @Test("The page shows the year's days; only an administrator at the top gets the form, and a bad date is shown in Vietnamese")
    func page() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await CaseWorld.make(app)
            let admin = try await WebSession.cookie(app, "qt-tinh")
            let office = try await WebSession.cookie(app, "vp-xa-a")
            // when
            let shown = try await WebSession.get(app, "/ngay-nghi?nam=2026", cookie: office)
            let forAdmin = try await WebSession.get(app, "/ngay-nghi?nam=2026", cookie: admin)
            let bad = try await WebSession.post(app, "/ngay-nghi", cookie: admin, form: ["day": "31/02/2026", "name": "Sai", "kind": "off"])
            let refused = try await WebSession.post(app, "/ngay-nghi", cookie: office, form: ["day": "14/02/2026", "name": "Làm bù", "kind": "worked"])
            let saved = try await WebSession.post(app, "/ngay-nghi", cookie: admin, form: ["day": "14/02/2026", "name": "Làm bù", "kind": "worked"])
            // then
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("Tết Nguyên đán (mùng 1)") && shown.body.string.contains("17/02/2026"))
            #expect(!shown.body.string.contains("holiday-form"))
            #expect(forAdmin.body.string.contains("holiday-form"))
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Ngày không hợp lệ"))
            #expect(refused.status == .forbidden)
            #expect(saved.status == .seeOther)
            #expect(try await Holiday.query(on: app.db).filter(\.$kindRaw == "worked").count() == 1)
        }
    }
}
