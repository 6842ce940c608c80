@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Members through the API")
struct MemberTests {
    static func input(_ name: String, card: String?, org: Organization, official: String? = "2006-02-03") -> [String: any Sendable] {
        var json: [String: any Sendable] = ["fullName": name, "birthDate": "1980-03-15", "gender": "female", "ethnicity": "Kinh",
                                            "admissionDate": "2005-02-03", "organizationId": org.id!.uuidString]
        if let card { json["partyCardNumber"] = card }
        if let official { json["officialDate"] = official }
        return json
    }

    @Test("Create, read, and the full/probationary status follows the official date")
    func create() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "bithu", .secretary, at: f.a1)
            let res = try await API.call(app, .POST, "/api/v1/members", token: token, json: Self.input("nguyễn  thị   hương", card: "44000001", org: f.a1))
            #expect(res.status == .created)
            let m = try res.content.decode(MemberDTO.self)
            #expect(m.fullName == "Nguyễn Thị Hương")
            #expect(m.status == .full)
            #expect(m.birthDate == "1980-03-15")
            let probationary = try await API.call(app, .POST, "/api/v1/members", token: token,
                                                  json: Self.input("Lê Thị Thu", card: nil, org: f.a1, official: nil))
            #expect(try probationary.content.decode(MemberDTO.self).status == .probationary)
        }
    }

    @Test("A duplicate party card number is refused on its field, and nothing is written")
    func duplicateCard() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            _ = try await API.call(app, .POST, "/api/v1/members", token: token, json: Self.input("Trần Văn An", card: "44000001", org: f.a1))
            let again = try await API.call(app, .POST, "/api/v1/members", token: token, json: Self.input("Lê Văn Bình", card: "44000001", org: f.b1))
            #expect(again.status == .unprocessableEntity)
            #expect(try again.content.get(String.self, at: "errors", 0, "field") == "partyCardNumber")
            #expect(try await Member.query(on: app.db).count() == 1)
        }
    }

    @Test("Dates out of order and malformed fields are each reported")
    func badDates() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            var json = Self.input("Trần Văn An", card: "44x", org: f.a1, official: "2004-01-01")
            json["birthDate"] = "31/02/1980"
            json["gender"] = "other"
            let res = try await API.call(app, .POST, "/api/v1/members", token: token, json: json)
            #expect(res.status == .unprocessableEntity)
            let fields = Set(try res.content.get([Problem.FieldError].self, at: "errors").map(\.field))
            #expect(fields.isSuperset(of: ["birthDate", "gender", "partyCardNumber"]))
        }
    }

    @Test("Search folds accents and đ: “nguyen van nen” finds “Nguyễn Văn Nên”; lists sort the Vietnamese way")
    func searchAndSort() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .office, at: f.p)
            for name in ["Nguyễn Văn Nên", "Đặng Thị Ánh", "Trần Văn An", "Lê Văn Bình", "Đỗ Thị Chi", "Phạm Văn Dũng", "Phạm Văn Đạt"] {
                _ = try await f.member(app, name, in: f.a1)
            }
            let found = try await API.call(app, .GET, "/api/v1/members?q=nguyen%20van%20nen", token: token)
            #expect(try found.content.decode(PageOf<MemberDTO>.self).items.map(\.fullName) == ["Nguyễn Văn Nên"])
            let dang = try await API.call(app, .GET, "/api/v1/members?q=dang", token: token)
            #expect(try dang.content.decode(PageOf<MemberDTO>.self).items.map(\.fullName) == ["Đặng Thị Ánh"])
            let all = try await API.call(app, .GET, "/api/v1/members?per=50", token: token)
            #expect(try all.content.decode(PageOf<MemberDTO>.self).items.map(\.fullName) ==
                    ["Trần Văn An", "Đặng Thị Ánh", "Lê Văn Bình", "Đỗ Thị Chi", "Phạm Văn Dũng", "Phạm Văn Đạt", "Nguyễn Văn Nên"])
        }
    }

    @Test("Pagination and the unit filter")
    func paging() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .office, at: f.p)
            for i in 0..<7 { _ = try await f.member(app, "Trần Văn \(["An", "Bình", "Cường", "Dũng", "Hải", "Long", "Nam"][i])", in: i < 5 ? f.a1 : f.b1) }
            let page2 = try await API.call(app, .GET, "/api/v1/members?per=3&page=2", token: token).content.decode(PageOf<MemberDTO>.self)
            #expect(page2.total == 7)
            #expect(page2.items.map(\.fullName) == ["Trần Văn Dũng", "Trần Văn Hải", "Trần Văn Long"])
            let inA = try await API.call(app, .GET, "/api/v1/members?organizationId=\(f.a.id!)", token: token).content.decode(PageOf<MemberDTO>.self)
            #expect(inA.total == 5)
        }
    }

    @Test("A transfer moves the member and keeps the history")
    func transfer() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let m = try await f.member(app, "Võ Thị Yến", in: f.a1, female: true)
            let res = try await API.call(app, .POST, "/api/v1/members/\(m.id!)/transfers", token: token,
                                         json: ["toOrganizationId": f.b1.id!.uuidString, "transferredOn": "2025-09-01", "reason": "Chuyển nơi cư trú"])
            #expect(res.status == .created)
            let now = try await API.call(app, .GET, "/api/v1/members/\(m.id!)", token: token).content.decode(MemberDTO.self)
            #expect(now.organizationId == f.b1.id)
            let history = try await API.call(app, .GET, "/api/v1/members/\(m.id!)/transfers", token: token).content.decode([TransferDTO].self)
            #expect(history.count == 1)
            #expect(history[0].reason == "Chuyển nơi cư trú")
            let same = try await API.call(app, .POST, "/api/v1/members/\(m.id!)/transfers", token: token,
                                          json: ["toOrganizationId": f.b1.id!.uuidString, "transferredOn": "2025-09-02"])
            #expect(same.status == .unprocessableEntity)
        }
    }

    @Test("Posts: committee posts and concurrent state posts, ended with a date")
    func positions() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let m = try await f.member(app, "Hồ Văn Hùng", in: f.a1)
            let sec = try await API.call(app, .POST, "/api/v1/members/\(m.id!)/positions", token: token,
                                         json: ["organizationId": f.a.id!.uuidString, "title": "secretary", "term": "2025–2030", "startOn": "2025-10-01"])
            #expect(sec.status == .created)
            let noDetail = try await API.call(app, .POST, "/api/v1/members/\(m.id!)/positions", token: token,
                                              json: ["organizationId": f.a.id!.uuidString, "title": "statePost", "startOn": "2025-10-01"])
            #expect(try noDetail.content.get(String.self, at: "errors", 0, "field") == "detail")
            let state = try await API.call(app, .POST, "/api/v1/members/\(m.id!)/positions", token: token,
                                           json: ["organizationId": f.a.id!.uuidString, "title": "statePost", "detail": "Chủ tịch HĐND xã", "startOn": "2025-10-01"])
            let stateID = try state.content.get(UUID.self, at: "id")
            let early = try await API.call(app, .POST, "/api/v1/members/\(m.id!)/positions/\(stateID)/end", token: token, json: ["endOn": "2025-01-01"])
            #expect(early.status == .unprocessableEntity)
            let ended = try await API.call(app, .POST, "/api/v1/members/\(m.id!)/positions/\(stateID)/end", token: token, json: ["endOn": "2026-01-01"])
            #expect(try ended.content.get(String?.self, at: "endOn") == "2026-01-01")
            let list = try await API.call(app, .GET, "/api/v1/members/\(m.id!)/positions", token: token).content.decode([PositionDTO].self)
            #expect(Set(list.map(\.title)) == [.secretary, .statePost])
        }
    }
}
