import CapuyCore
import Fluent
import Foundation
import SQLKit

/// The rows of one province of a synthetic country, buffered and flushed in
/// multi-row inserts: units first, then members, then the posts and
/// transfers that point at them.
struct SyntheticRows {
    static let flushAt = 20_000
    static let unitColumns = ["id", "code", "name", "name_folded", "kind", "sector", "opened_on", "parent_id", "path", "depth",
                              "child_seq", "created_at", "updated_at"]
    static let memberColumns = ["id", "party_card_number", "full_name", "name_folded", "sort_key", "birth_date", "gender", "ethnicity",
                                "admission_date", "official_date", "status", "organization_id", "organization_path", "created_at", "updated_at"]
    static let positionColumns = ["id", "member_id", "organization_id", "organization_path", "title", "detail", "term", "start_on", "end_on"]
    static let transferColumns = ["id", "member_id", "from_organization_id", "to_organization_id", "transferred_on", "reason", "created_at"]
    static let ethnicityTable: [String] = SyntheticUnits.ethnicities.flatMap { Array(repeating: $0.0, count: $0.1) }

    let db: any Database
    let today: LocalDate
    /// Party card numbers: this prefix, then a running number.
    var cardPrefix = ""
    /// The founding date written on every unit: a pre-2025 country's units are older than the reform.
    var openedOn = "2025-07-01"
    /// Ordered ids, carried from one province's transaction to the next.
    var ids = SyntheticIDs(dataset: 1)
    /// The stream for people (members, posts, transfers), apart from the one
    /// that shapes the tree, so a tree generated without members is the same
    /// tree. Reseeded per commune by `startCommune`.
    private var people = SeededRandom(seed: 0)
    private var cardSeq = 0
    private let now = Date()
    private var units: [[any SQLExpression]] = []
    private var members: [[any SQLExpression]] = []
    private var positions: [[any SQLExpression]] = []
    private var transfers: [[any SQLExpression]] = []
    private let pipeline = InsertPipeline()
    /// Members written since the last `transfers(within:)`: id, unit, admission.
    private var recent: [(id: UUID, unit: UUID, admitted: LocalDate)] = []
    /// Folded form and sort key per name: a country of millions has a few thousand distinct names.
    private var nameKeys: [String: (folded: String, sortKey: String)] = [:]

    init(db: any Database, today: LocalDate) {
        self.db = db
        self.today = today
    }

    /// Seeds the people of a commune from its id: deterministic, and
    /// independent of how many members earlier communes had. The id's seeded
    /// half, not its running number: two seeds must not share people.
    mutating func startCommune(_ id: UUID) {
        let seed = withUnsafeBytes(of: id.uuid) { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        people = SeededRandom(seed: seed)
    }

    mutating func unit(_ id: UUID, code: String, name: String, kind: OrganizationKind, sector: Sector, parent: UUID?,
                       path: TreePath, children: Int) {
        units.append([SQLBind(id), SQLBind(code), SQLBind(name), SQLBind(VietnameseText.fold(name)), SQLBind(kind.rawValue),
                      SQLBind(sector.rawValue), SQLBind(openedOn), SQLBind(parent), SQLBind(path.value), SQLBind(path.depth),
                      SQLBind(children), SQLBind(now), SQLBind(now)])
    }

    /// `count` members of a unit, its secretary among them; returns the full members.
    mutating func members(of unit: UUID, path: String, count: Int, _ summary: inout SyntheticCountry.Summary) async throws -> [UUID] {
        var full: [UUID] = []
        var r = people
        defer { people = r }
        for _ in 0..<count {
            let female = r.chance(0.4)
            let name = DemoNames.name(female: female, using: &r)
            let keys = nameKeys[name] ?? {
                let k = (VietnameseText.fold(name), VietnameseCollation.sortKey(fullName: name))
                nameKeys[name] = k
                return k
            }()
            // Birth years 1945–2004, most members born in the 1970s.
            let birth = LocalDate(year: 1945 + r.int(0...29) + r.int(0...30), month: r.int(1...12), day: r.int(1...28))!
            // 366-day years: the eighteenth birthday is always passed.
            let admitted = min(birth.adding(days: r.int(18 * 366...40 * 365)), today.adding(days: -r.int(30...400)))
            let officialDay = admitted.adding(days: 365)
            let official = officialDay <= today && !r.chance(0.02) ? officialDay : nil
            var card: String?
            if official != nil {
                cardSeq += 1
                let digits = String(cardSeq)
                card = cardPrefix + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
            }
            let id = ids.next(.member, tail: &r)
            members.append([SQLBind(id), SQLBind(card), SQLBind(name), SQLBind(keys.folded), SQLBind(keys.sortKey), SQLBind(birth.iso),
                            SQLBind(female ? Gender.female.rawValue : Gender.male.rawValue), SQLBind(r.pick(Self.ethnicityTable)),
                            SQLBind(admitted.iso), SQLBind(official?.iso),
                            SQLBind(official == nil ? MemberStatus.probationary.rawValue : MemberStatus.full.rawValue),
                            SQLBind(unit), SQLBind(path), SQLBind(now), SQLBind(now)])
            if official != nil { full.append(id) }
            recent.append((id, unit, admitted))
            summary.members += 1
        }
        if let secretary = full.first {
            post(secretary, .secretary, unit: unit, path: path, &r)
            summary.positions += 1
        }
        if members.count >= Self.flushAt { try await flushMembers() }
        return full
    }

    /// A committee's posts, held by members of its office cell.
    mutating func committee(of unit: UUID, path: String, from holders: [UUID], _ summary: inout SyntheticCountry.Summary) {
        var r = people
        defer { people = r }
        let titles: [PositionTitle] = [.secretary, .deputySecretary, .standingMember, .standingMember, .inspectionChair]
        for (person, title) in zip(holders, titles) {
            post(person, title, unit: unit, path: path, &r)
            summary.positions += 1
        }
    }

    /// About 2% of the members written since the last call came from another
    /// unit of the same commune, on a day after they joined.
    mutating func transfers(within holders: [(UUID, String)], _ summary: inout SyntheticCountry.Summary) {
        var r = people
        defer { people = r; recent.removeAll(keepingCapacity: true) }
        guard holders.count > 1 else { return }
        for m in recent where r.chance(0.02) {
            var from = r.pick(holders).0
            if from == m.unit { from = holders[(holders.firstIndex { $0.0 == from }! + 1) % holders.count].0 }
            let span = max(1, today.daysSinceEpoch - m.admitted.daysSinceEpoch)
            let on = m.admitted.adding(days: r.int(0...(span - 1)))
            transfers.append([SQLBind(ids.next(.transfer, tail: &r)), SQLBind(m.id), SQLBind(from), SQLBind(m.unit), SQLBind(on.iso),
                              SQLBind("Chuyển sinh hoạt đảng"), SQLBind(now)])
            summary.transfers += 1
        }
    }

    private mutating func post(_ member: UUID, _ title: PositionTitle, unit: UUID, path: String, _ r: inout SeededRandom) {
        positions.append([SQLBind(ids.next(.position, tail: &r)), SQLBind(member), SQLBind(unit), SQLBind(path), SQLBind(title.rawValue),
                          SQLBind(Optional<String>.none), SQLBind("2025–2030"), SQLBind("2025-10-01"), SQLBind(Optional<String>.none)])
    }

    private mutating func flushMembers() async throws {
        try await flushUnits()
        let batch = members
        members = []
        try await queue(batch, columns: Self.memberColumns, into: Member.schema)
    }

    private mutating func flushUnits() async throws {
        let batch = units
        units = []
        try await queue(batch, columns: Self.unitColumns, into: Organization.schema)
    }

    /// Hands rows to the pipeline, which writes them while the next are made.
    private func queue(_ batch: [[any SQLExpression]], columns: [String], into table: String) async throws {
        guard !batch.isEmpty else { return }
        let db = db
        try await pipeline.enqueue { try await BulkInsert.rows(batch, columns: columns, into: table, on: db) }
    }

    /// Queues everything buffered, in the order the foreign keys need. It
    /// does not wait for the writes: only `finish()` does, so callers that
    /// read the rows next must call that (the bench commands once did not,
    /// and read an empty tree).
    mutating func queueBuffered() async throws {
        try await flushMembers()
        let posts = positions, moves = transfers
        positions = []
        transfers = []
        try await queue(posts, columns: Self.positionColumns, into: Position.schema)
        try await queue(moves, columns: Self.transferColumns, into: Transfer.schema)
    }

    /// Writes everything buffered and waits until it is written. Called before
    /// the transaction ends, whether the province succeeded or not.
    mutating func finish() async throws {
        do {
            try await queueBuffered()
        } catch {
            try? await pipeline.finish()
            throw error
        }
        try await pipeline.finish()
    }
}
