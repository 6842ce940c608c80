import CapuyCore
import Fluent
import Foundation
import Vapor

/// Fills an empty database with a small but believable province: the
/// provincial committee of Quảng Trị, six of its real communes, grassroots
/// organizations and cells of several sectors, a few hundred members with
/// posts for the 2025–2030 term, and an `admin` account.
enum DemoSeeder {
    static let provinceCode = 44
    static let communeCount = 6
    static let term = "2025–2030"

    static func seedIfEmpty(_ app: Application) async throws {
        guard try await Organization.query(on: app.db).count() == 0 else {
            app.logger.notice("demo: the database already has data; nothing seeded")
            return
        }
        let units = try AdminUnits.load(root: AppPaths.root(app)).filter { $0.provinceCode == provinceCode }
        guard let first = units.first else { throw CleanExit.message("demo: province \(provinceCode) is missing from the unit list") }
        var r = SeededRandom(seed: 2025)
        let today = app.capuy.today()
        let orgs = OrganizationService(db: app.db, actor: .system, today: today)
        let province = try await orgs.create(.init(parentId: nil, name: "Đảng bộ tỉnh \(first.provinceName)", kind: "provincialCommittee",
                                                   sector: "agency", code: "TU-\(provinceCode)", openedOn: "01/07/2025"), scope: nil)
        let scope = Scope([province.treePath])
        let seeder = Seeder(app: app, scope: scope, today: today)
        let provinceAgency = try await seeder.unit("Chi bộ Văn phòng Tỉnh ủy", .grassrootsCell, .agency, under: province, code: "TU-\(provinceCode)-VP")
        try await seeder.members(8...10, in: provinceAgency, &r)
        try await seeder.committee(of: province, from: provinceAgency, statePost: "Chủ tịch Hội đồng nhân dân tỉnh", &r)
        let power = try await seeder.unit("Đảng bộ Công ty Điện lực \(first.provinceName)", .grassrootsCommittee, .stateEnterprise, under: province, code: "DL-\(provinceCode)")
        for i in 1...2 {
            let cell = try await seeder.unit("Chi bộ Phòng Kỹ thuật \(i)", .cell, .stateEnterprise, under: power, code: "DL-\(provinceCode)-\(i)")
            try await seeder.members(6...9, in: cell, &r)
        }
        for commune in units.prefix(communeCount) {
            let committee = try await seeder.unit("Đảng bộ \(commune.communeName.lowercasedFirstWord)", .communeCommittee, .agency,
                                                  under: province, code: "X-\(commune.communeCode)")
            let agency = try await seeder.unit("Đảng bộ Cơ quan \(commune.communeName)", .grassrootsCommittee, .agency, under: committee,
                                               code: "X-\(commune.communeCode)-CQ")
            let office = try await seeder.unit("Chi bộ Văn phòng Đảng ủy", .cell, .agency, under: agency, code: "X-\(commune.communeCode)-CQ1")
            try await seeder.members(7...9, in: office, &r)
            try await seeder.committee(of: committee, from: office, statePost: "Chủ tịch Hội đồng nhân dân \(commune.communeName.lowercasedFirstWord)", &r)
            let village = commune.communeType == "phường" ? "Khu phố" : "Thôn"
            for n in 1...3 {
                let cell = try await seeder.unit("Chi bộ \(village) \(n)", .grassrootsCell, .residential, under: committee,
                                                 code: "X-\(commune.communeCode)-KDC\(n)")
                try await seeder.members(8...14, in: cell, &r)
            }
            let school = try await seeder.unit("Chi bộ Trường Tiểu học \(commune.communeName.dropFirstWord)", .grassrootsCell, .school,
                                               under: committee, code: "X-\(commune.communeCode)-TH")
            try await seeder.members(5...8, in: school, &r)
            if r.chance(0.5) {
                let firm = try await seeder.unit("Chi bộ Công ty TNHH \(commune.communeName.dropFirstWord)", .grassrootsCell, .privateEnterprise,
                                                 under: committee, code: "X-\(commune.communeCode)-DN")
                try await seeder.members(3...5, in: firm, &r)
            }
        }
        try await seeder.member("Nguyễn Văn Nên", female: false, in: provinceAgency, &r)
        // The admin first: last year's survey (DemoYear) needs an observer's account.
        let password = try await createAdmin(app, at: province)
        // Last year's papers before this year's, so each series is numbered in date order.
        try await DemoDocuments.seedTerms(app, province: province, today: today)
        try await DemoYear.seed(app, province: province, today: today)
        try await DemoDocuments.seed(app, province: province, today: today)
        // Last year's ratings, decided and published: the results pages have a year to show.
        try await SyntheticRatings.addAudited(root: province.id!, path: province.path, year: today.year - 1, on: app.db)
        try await DemoCases.seed(app, province: province, password: password, today: today)
    }

    /// Returns the password, which the demo's other accounts share.
    private static func createAdmin(_ app: Application, at province: Organization) async throws -> String {
        let (password, given) = try AdminPassword.fromEnvironment()
        let users = UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
        _ = try await users.create(.init(username: "admin", displayName: "Quản trị", password: password, role: "admin",
                                         organizationId: province.id!), scope: nil)
        if !given {
            // Shown once, on the terminal of whoever seeded; never stored in clear.
            print("Tài khoản quản trị / admin account: admin  mật khẩu / password: \(password)")
            print("Cùng mật khẩu / same password: \(DemoCases.handlerUsername), \(DemoCases.communeOfficeUsername)")
        }
        return password
    }
}

/// Creates units, members and posts through the services, so demo data obeys
/// every rule that real data does and is audited like it.
private struct Seeder {
    let app: Application
    let scope: Scope
    let today: LocalDate

    func unit(_ name: String, _ kind: OrganizationKind, _ sector: Sector, under parent: Organization, code: String) async throws -> Organization {
        try await OrganizationService(db: app.db, actor: .system, today: today)
            .create(.init(parentId: parent.id, name: name, kind: kind.rawValue, sector: sector.rawValue, code: code, openedOn: "01/07/2025"),
                    scope: scope)
    }

    @discardableResult
    func member(_ name: String? = nil, female: Bool? = nil, in unit: Organization, _ r: inout SeededRandom) async throws -> Member {
        let isFemale = female ?? r.chance(0.38)
        let birth = LocalDate(year: r.int(1960...2002), month: r.int(1...12), day: r.int(1...28))!
        let admission = min(LocalDate(year: birth.year + r.int(19...35), month: r.int(1...12), day: r.int(1...28))!,
                            today.adding(days: -r.int(30...400)))
        // Probation lasts twelve months; those admitted within the last year are still probationary.
        let officialDay = admission.adding(days: 365)
        let official = officialDay <= today && !r.chance(0.03) ? officialDay : nil
        let card = official == nil ? nil : String(format: "%02d%06d", DemoSeeder.provinceCode, Int(r.next() % 1_000_000))
        let input = MemberInput(fullName: name ?? DemoNames.name(female: isFemale, using: &r),
                                birthDate: birth.display,
                                gender: isFemale ? "female" : "male", ethnicity: r.pick(DemoNames.ethnicities),
                                partyCardNumber: card, admissionDate: admission.display, officialDate: official?.display,
                                organizationId: unit.id)
        let service = MemberService(db: app.db, actor: .system, today: today)
        do {
            return try await service.create(input, manage: scope)
        } catch is ValidationFailure {
            // A random card number collided: retry without one.
            var again = input
            again.partyCardNumber = nil
            return try await service.create(again, manage: scope)
        }
    }

    func members(_ count: ClosedRange<Int>, in unit: Organization, _ r: inout SeededRandom) async throws {
        let n = r.int(count)
        var first: Member?
        for _ in 0..<n {
            let m = try await member(in: unit, &r)
            if first == nil, m.status == .full { first = m }
        }
        if let secretary = first {
            try await post(secretary, .secretary, in: unit, detail: nil)
        }
    }

    /// The committee of a level: secretary, deputy, standing members, taken
    /// from the full members of its office cell.
    func committee(of committee: Organization, from office: Organization, statePost: String, _ r: inout SeededRandom) async throws {
        let people = try await Member.query(on: app.db).filter(\.$organization.$id == office.id!)
            .filter(\.$statusRaw == MemberStatus.full.rawValue).sort(\.$sortKey).all()
        let titles: [PositionTitle] = [.secretary, .deputySecretary, .standingMember, .standingMember, .committeeMember, .inspectionChair]
        for (person, title) in zip(people, titles) {
            try await post(person, title, in: committee, detail: nil)
        }
        if let secretary = people.first {
            try await post(secretary, .statePost, in: committee, detail: statePost)
        }
    }

    func post(_ m: Member, _ title: PositionTitle, in unit: Organization, detail: String?) async throws {
        _ = try await MemberService(db: app.db, actor: .system, today: today)
            .addPosition(m.id!, PositionInput(organizationId: unit.id!, title: title.rawValue, detail: detail, term: DemoSeeder.term,
                                              startOn: "01/10/2025"),
                         view: scope, manage: scope)
    }
}

private extension String {
    /// "Phường Đồng Hới" → "phường Đồng Hới", as it reads after "Đảng bộ".
    var lowercasedFirstWord: String {
        guard let space = firstIndex(of: " ") else { return self }
        return self[..<space].lowercased() + self[space...]
    }

    var dropFirstWord: String {
        guard let space = firstIndex(of: " ") else { return self }
        return String(self[index(after: space)...])
    }
}
