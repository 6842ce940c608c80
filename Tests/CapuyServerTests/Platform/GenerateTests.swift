@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor

// Issue 7: `capuy generate` writes a deterministic synthetic country; the
// same seed gives the same data. The command itself reads its database from
// the environment, so these tests run the generator the command runs, on
// each test's own database, followed by the command's rollup rebuild.
@Suite("Synthetic country (capuy generate)")
struct GenerateTests {
    static let today = LocalDate(year: 2026, month: 6, day: 15)!

    /// Runs what the command runs: tree and members, ratings, rollups.
    @discardableResult
    static func generate(_ app: Application, seed: UInt64, rootOrdinal: Int = 1, codePrefix: String = "", cardPrefix: String = "",
                         shape: SyntheticShape = GenerateScale.small.shape,
                         phases: PhaseClock = PhaseClock(quiet: true)) async throws -> SyntheticCountry.Summary {
        let country = SyntheticCountry(shape: shape, seed: seed, today: today, codePrefix: codePrefix,
                                       cardPrefix: cardPrefix, db: app.db)
        return try await country.write(units: try AdminUnits.load(root: AppPaths.root(app)), rootOrdinal: rootOrdinal, phases: phases).0
    }

    /// Everything that identifies the generated data, in a stable order.
    struct Picture: Equatable {
        var units: [String]
        var members: [String]
        var positions: Int
        var transfers: Int
    }

    static func picture(_ app: Application) async throws -> Picture {
        let units = try await Organization.query(on: app.db).sort(\.$path).all()
            .map { "\($0.id!) \($0.code) \($0.path) \($0.name) \($0.kindRaw)" }
        let members = try await Member.query(on: app.db).sort(\.$id).all()
            .map { "\($0.id!) \($0.fullName) \($0.birthDate) \($0.genderRaw) \($0.ethnicity) \($0.statusRaw) \($0.partyCardNumber ?? "-") \($0.organizationPath)" }
        return Picture(units: units, members: members, positions: try await Position.query(on: app.db).count(),
                       transfers: try await Transfer.query(on: app.db).count())
    }

    @Test("The same seed into two fresh databases gives the same units, members, ids and names; another seed does not")
    func deterministic() async throws {
        // given / when
        let (first, summary) = try await TestApp.withApp { app in
            let summary = try await Self.generate(app, seed: 5)
            return (try await Self.picture(app), summary)
        }
        let second = try await TestApp.withApp { app in try await Self.generate(app, seed: 5); return try await Self.picture(app) }
        let other = try await TestApp.withApp { app in try await Self.generate(app, seed: 6); return try await Self.picture(app) }
        // then: the summary the command prints is what was written
        #expect(first.members.count == summary.members && summary.members > 50)
        #expect(first.positions == summary.positions && first.transfers == summary.transfers)
        let subCells = first.units.filter { $0.hasSuffix(" cell") }.count
        #expect(first.units.count == summary.provinces + summary.communes + summary.grassroots + subCells)
        #expect(summary.provinces == 1 && summary.communes == 3)
        // the same seed, the same country
        #expect(first == second)
        // another seed, another country, with none of the same ids
        #expect(first.members != other.members)
        #expect(Set(first.members.map { $0.prefix(36) }).isDisjoint(with: other.members.map { $0.prefix(36) }))
        #expect(Set(first.units.map { $0.prefix(36) }).isDisjoint(with: other.units.map { $0.prefix(36) }))
    }

    @Test("Generated data is consistent: rollups verify, members sit in cells, each cell has one secretary from its members")
    func consistent() async throws {
        try await TestApp.withApp { app in
            // given / when
            let summary = try await Self.generate(app, seed: 11)
            // then: DESIGN.md Rollups
            try await Rollup.expectClean(app)
            let root = try #require(try await Organization.find(summary.rootID, on: app.db))
            #expect(root.kind == .provincialCommittee && root.depth == 0)
            #expect(try await Rollups.tally(of: summary.rootID, on: app.db).members == summary.members)
            #expect(try await Rollups.tally(of: summary.rootID, on: app.db).openUnits
                    == (try await Organization.query(on: app.db).count()) - 1)
            let units = Dictionary(uniqueKeysWithValues: try await Organization.query(on: app.db).all().map { ($0.id!, $0) })
            for u in units.values {
                #expect(u.depth == u.treePath.depth, "\(u.code)")
                if let parent = u.$parent.id { #expect(u.path.hasPrefix(try #require(units[parent]).path + "."), "\(u.code)") }
            }
            let members = try await Member.query(on: app.db).all()
            #expect(members.count == summary.members)
            var holding: [UUID: [Member]] = [:]
            for m in members {
                let unit = try #require(units[m.$organization.id])
                #expect(unit.kind == .grassrootsCell || unit.kind == .cell, "\(m.fullName) in \(unit.kind)")
                #expect(m.organizationPath == unit.path)
                #expect((m.officialDate == nil) == (m.status == .probationary))
                // What the member form would accept: e.g. admitted after the eighteenth birthday.
                let facts = MemberFacts(fullName: m.fullName, birthDate: LocalDate(parsing: m.birthDate), ethnicity: m.ethnicity,
                                        partyCardNumber: m.partyCardNumber, admissionDate: LocalDate(parsing: m.admissionDate),
                                        officialDate: m.officialDate.flatMap(LocalDate.init(parsing:)))
                #expect(MemberRules.check(facts, today: Self.today).isEmpty, "\(m.fullName): \(MemberRules.check(facts, today: Self.today).map(\.message))")
                holding[unit.id!, default: []].append(m)
            }
            let secretaries = try await Position.query(on: app.db).filter(\.$titleRaw == PositionTitle.secretary.rawValue).all()
            for (unit, people) in holding {
                let posts = secretaries.filter { $0.$organization.id == unit }
                #expect(posts.count == 1, "\(units[unit]!.code) has \(posts.count) secretaries")
                #expect(posts.allSatisfy { p in people.contains { $0.id == p.$member.id } }, "\(units[unit]!.code)'s secretary is not its member")
            }
            // Every commune committee and the province have a secretary too.
            for u in units.values where u.kind == .communeCommittee || u.kind == .provincialCommittee {
                #expect(secretaries.filter { $0.$organization.id == u.id }.count == 1, "\(u.code)")
            }
            // The unit dashboard reads the generated counts.
            let token = try await Fixture.adminToken(app, at: root)
            #expect(try await Rollup.dashboard(app, root, token: token).totals.members == summary.members)
            // Last year's ratings: every member decided once, counted in the rating rollups (DESIGN.md, Rollups: ratings).
            #expect(try await MemberReview.query(on: app.db).count() == summary.members)
            let levels = try await RatingRollups.tallies(of: [summary.rootID], key: .init(year: Self.today.year - 1, period: "year"), on: app.db)
            #expect(levels[summary.rootID]?.members.reduce(0, +) == summary.members)
            #expect(levels[summary.rootID].map { $0.members[0] > 0 && $0.members[1] > $0.members[0] } == true)
            #expect(try await RatingRollups.verify(on: app.db).isEmpty)
        }
    }

    @Test("Issue 19: a country with a central root gets its ratings province by province, equal to what rollups verify recomputes")
    func ratingsByProvince() async throws {
        try await TestApp.withApp { app in
            // given: the national shape in miniature (a central root over three provinces)
            let shape = SyntheticShape(provinces: 3, communesPerProvince: 2, grassrootsPerCommune: 2...3, committeeShare: 0.5,
                                       cellsPerCommittee: 2...3, membersPerCell: 3...6, withCentral: true)
            let phases = PhaseClock(quiet: true)
            // when
            let summary = try await Self.generate(app, seed: 21, shape: shape, phases: phases)
            // then: the phases the command prints, in order
            #expect(phases.phases.map(\.name) == ["tree and members", "member indexes", "ratings", "rollups", "rating rollups"])
            #expect(summary.provinces == 3)
            // The members' indexes and the search table, set aside for the load, are all back.
            let indexes = try await MemberImportLargeLoadTests.indexNames(app)
            #expect(indexes == Set(MemberIndexes.secondary.map(\.name) + [MemberSearchIndex.table]) || (app.db.isSQLite && indexes == Set(MemberIndexes.secondary.map(\.name))))
            let someone = try #require(try await Member.query(on: app.db).sort(\.$sortKey).first())
            let root = try #require(try await Organization.find(summary.rootID, on: app.db))
            #expect(try await MemberSearchTests.names(app, someone.fullName, in: Scope([root.treePath])).contains(someone.fullName))
            // The search table's trigger is back: a member added afterwards is found.
            let cell = try #require(try await Organization.query(on: app.db).filter(\.$kindRaw ~~ ["cell", "grassrootsCell"]).first())
            _ = try await MemberService(db: app.db, actor: .system, today: Self.today).create(
                MemberInput(fullName: "Lý Thị Sau Sinh", birthDate: "15/03/1980", gender: "female", ethnicity: "Kinh", partyCardNumber: nil,
                            admissionDate: "03/02/2005", officialDate: "03/02/2006", organizationId: cell.id), manage: Scope([root.treePath]))
            #expect(try await MemberSearchTests.names(app, "ly thi sau sinh", in: Scope([root.treePath])) == ["Lý Thị Sau Sinh"])
            // every member rated once, in one closed round over the root
            let rounds = try await ReviewRound.query(on: app.db).all()
            #expect(rounds.count == 1 && rounds.first?.$organization.id == summary.rootID && rounds.first?.statusRaw == "closed")
            #expect(try await MemberReview.query(on: app.db).count() == summary.members)
            // what `capuy rollups verify` recomputes is what was stored
            #expect(try await RatingRollups.verify(on: app.db).isEmpty)
            try await Rollup.expectClean(app)
            let key = RatingRollups.Key(year: Self.today.year - 1, period: "year")
            let provinces = try await Organization.query(on: app.db).filter(\.$parent.$id == summary.rootID).all().map { $0.id! }
            let tallies = try await RatingRollups.tallies(of: [summary.rootID] + provinces, key: key, on: app.db)
            #expect(tallies[summary.rootID]?.members.reduce(0, +) == summary.members)
            #expect(provinces.map { tallies[$0]?.members.reduce(0, +) ?? 0 }.reduce(0, +) == summary.members)
            #expect(provinces.allSatisfy { (tallies[$0]?.members.reduce(0, +) ?? 0) > 0 })
        }
    }

    @Test("Issue 19: generated ids grow in the order rows are written, so bulk inserts append to their indexes")
    func orderedIDs() async throws {
        try await TestApp.withApp { app in
            // given / when
            try await Self.generate(app, seed: 8)
            // then: units in tree order (the order they are written) have ascending ids
            let units = try await Organization.query(on: app.db).sort(\.$path).all().map { $0.id!.uuidString }
            #expect(units.count > 10 && units == units.sorted())
            // members taken in id order come cell after cell, in tree order
            let members = try await Member.query(on: app.db).all().sorted { $0.id!.uuidString < $1.id!.uuidString }
            #expect(members.count > 50)
            let paths = members.map(\.organizationPath)
            #expect(paths == paths.sorted())
        }
    }

    @Test("Issue 19: ordered synthetic ids keep tables and datasets apart and stay valid UUIDs")
    func syntheticIDs() {
        var stream = SeededRandom(seed: 3)
        var first = SyntheticIDs(dataset: 1), second = SyntheticIDs(dataset: 2)
        let members = (0..<5_000).map { _ in first.next(.member, tail: &stream) }
        let units = (0..<300).map { _ in first.next(.unit, tail: &stream) }
        let appended = (0..<300).map { _ in second.next(.member, tail: &stream) }
        // ascending as bytes (how SQLite compares blobs and PostgreSQL uuids), and never repeated
        #expect(members.map(\.uuidString) == members.map(\.uuidString).sorted())
        #expect(Set(members + units + appended).count == members.count + units.count + appended.count)
        // a table's ids sit together, and a second dataset's after the first's
        #expect(units.allSatisfy { $0.uuidString < members[0].uuidString })
        #expect(appended.allSatisfy { $0.uuidString > members.last!.uuidString })
        // version 8 (custom) and the RFC 4122 variant
        for id in members.prefix(50) + units.prefix(50) {
            #expect(id.uuid.6 >> 4 == 0x8 && id.uuid.8 >> 6 == 0b10)
        }
    }

    @Test("A second dataset appended beside the first gets its own root, codes and ids, and rollups stay exact")
    func append() async throws {
        try await TestApp.withApp { app in
            // given
            let first = try await Self.generate(app, seed: 3)
            let before = try await Self.picture(app)
            // when: as `generate --append --seed 4` does it
            let second = try await Self.generate(app, seed: 4, rootOrdinal: 2, codePrefix: "G4-", cardPrefix: "904")
            // then
            #expect(first.rootID != second.rootID)
            let after = try await Self.picture(app)
            #expect(after.members.count == before.members.count + second.members)
            #expect(Set(before.members).isSubset(of: Set(after.members)))
            #expect(try await Organization.query(on: app.db).filter(\.$depth == 0).count() == 2)
            #expect(try await Rollups.tally(of: first.rootID, on: app.db).members == first.members)
            #expect(try await Rollups.tally(of: second.rootID, on: app.db).members == second.members)
            try await Rollup.expectClean(app)
        }
    }

    @Test("The command line takes a scale, a seed and --append, and refuses an unknown scale")
    func commandLine() throws {
        let parsed = try CapuyCommand.parseAsRoot(["generate", "--scale", "province", "--seed", "42", "--append"])
        let generate = try #require(parsed as? Generate)
        #expect(generate.scale == .province && generate.seed == 42 && generate.append)
        let defaults = try #require(try CapuyCommand.parseAsRoot(["generate", "--scale", "small"]) as? Generate)
        #expect(defaults.seed == 1 && !defaults.append)
        #expect(throws: (any Error).self) { try CapuyCommand.parseAsRoot(["generate", "--scale", "galaxy"]) }
        #expect(throws: (any Error).self) { try CapuyCommand.parseAsRoot(["generate"]) }
        #expect(GenerateScale.small.shape.provinces == 1 && GenerateScale.national.shape.withCentral)
    }
}

extension Fixture {
    /// An administrator over `root`, for trees not made by `Fixture.make`.
    static func adminToken(_ app: Application, at root: Organization) async throws -> String {
        _ = try await UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
            .create(.init(username: "quantri-gen", displayName: "Quản trị", password: password, role: Role.admin.rawValue,
                          organizationId: root.id!), scope: nil)
        return try await API.token(app, "quantri-gen", password)
    }
}
