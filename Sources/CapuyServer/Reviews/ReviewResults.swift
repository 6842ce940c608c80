import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

struct DistributionRowDTO: Content {
    let organizationId: UUID
    let name: String
    /// Members on the roll now, from the member rollups.
    let members: Int
    /// Decided members' levels, best first (R-EVAL-1), and units' levels.
    let memberLevels: [Int]
    let unitLevels: [Int]
    var rated: Int { memberLevels.reduce(0, +) }
}

struct DistributionDTO: Content {
    let roundId: UUID
    let year: Int
    let period: String
    let published: Bool
    let unit: DistributionRowDTO
    let children: [DistributionRowDTO]
    /// The unit's member levels in earlier years of the same period.
    let years: [YearLevels]

    struct YearLevels: Content {
        let year: Int
        let memberLevels: [Int]
    }
}

struct RatedMemberDTO: Content {
    let memberId: UUID
    let name: String
    let organizationId: UUID
    let total: Double
    let level: String
}

/// The round's results, all read from the rating rollups (a national
/// distribution is a few dozen rows) except the lists by level.
struct ReviewResults {
    let db: any Database
    let principal: Principal
    let round: ReviewRound

    /// Staff who review or decide see results as they come in; everyone
    /// else who may see the unit's members sees them once the round closes.
    func mayRead(_ org: Organization) -> Bool {
        guard round.covers(org.path) else { return false }
        if principal.scope(.reviewUnits).contains(path: org.path) || principal.scope(.manageReviews).contains(path: org.path) { return true }
        return round.status == .closed && principal.scope(.viewMembers).contains(path: org.path)
    }

    func unit(_ id: UUID?) async throws -> Organization {
        guard let org = try await Organization.find(id ?? round.$organization.id, on: db), mayRead(org) else { throw Refusal.notFound }
        return org
    }

    func distribution(of org: Organization) async throws -> DistributionDTO {
        let key = RatingRollups.Key(year: round.year, period: round.periodRaw)
        let children = try await OrganizationService(db: db, actor: .system, today: LocalDate.today(in: .vietnam))
            .childBriefs(of: org.id!, openOnly: true)
        let ids = [org.id!] + children.map(\.id)
        let ratings = try await RatingRollups.tallies(of: ids, key: key, on: db)
        let counts = try await Rollups.tallies(of: ids, on: db)
        func row(_ id: UUID, _ name: String) -> DistributionRowDTO {
            let t = ratings[id] ?? .init()
            return DistributionRowDTO(organizationId: id, name: name, members: counts[id]?.members ?? 0, memberLevels: t.members, unitLevels: t.units)
        }
        let years = try await RatingRollups.years(of: org.id!, period: round.periodRaw, on: db)
            .map { DistributionDTO.YearLevels(year: $0.year, memberLevels: $0.tally.members) }
        return DistributionDTO(roundId: round.id!, year: round.year, period: round.periodRaw, published: round.status == .closed,
                               unit: row(org.id!, org.name), children: children.map { row($0.id, $0.name) }, years: years)
    }

    /// Members of the unit's subtree rated `level` in this round (any decided
    /// level when nil), by name.
    func members(of org: Organization, level: RatingLevel?, limit: Int = 5000) async throws -> [RatedMemberDTO] {
        struct Row: Decodable { let member_id: UUID; let full_name: String; let sort_key: String; let organization_id: UUID
            let self_total: Double; let unit_total: Double?; let decided_level: String? }
        var q = db.sql.select().column(SQLColumn("member_id", table: "r")).column(SQLColumn("full_name", table: "m"))
            .column(SQLColumn("sort_key", table: "m")).column(SQLColumn("organization_id", table: "r"))
            .column(SQLColumn("self_total", table: "r")).column(SQLColumn("unit_total", table: "r")).column(SQLColumn("decided_level", table: "r"))
            .from(SQLAlias(SQLIdentifier(MemberReview.schema), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier(Member.schema), as: SQLIdentifier("m")), on: SQLColumn("member_id", table: "r"), .equal, SQLColumn("id", table: "m"))
            .where(SQLColumn("round_id", table: "r"), .equal, SQLBind(round.id!))
            .where(Scope([org.treePath]).predicate(SQLColumn("organization_path", table: "r")))
        if let level {
            q = q.where(SQLColumn("decided_level", table: "r"), .equal, SQLBind(level.rawValue))
        } else {
            q = q.where(SQLColumn("decided_level", table: "r"), .isNot, SQLLiteral.null)
        }
        let rows = try await q.orderBy(SQLColumn("sort_key", table: "m")).limit(limit).all(decoding: Row.self)
        return rows.map { RatedMemberDTO(memberId: $0.member_id, name: $0.full_name, organizationId: $0.organization_id,
                                         total: $0.unit_total ?? $0.self_total, level: $0.decided_level ?? "") }
    }

    /// The two downloads, named after the unit, for the pages and the API alike.
    func download(_ kind: String, of org: Organization, on db: any Database, today: LocalDate) async throws -> Response {
        let d = try await distribution(of: org)
        let period = round.period == .year ? ExportTitle.year(round.year) : "\(round.period.label) năm \(round.year)"
        if kind == "docx" {
            // A decision lists its members by name: that is a grassroots committee's or a commune's paper, not a country's.
            guard d.unit.rated <= 50_000 else {
                throw ValidationFailure(field: "organizationId", "Quyết định xếp loại lập cho từng đảng bộ; \(org.name) có \(d.unit.rated) đảng viên đã xếp loại.",
                                        en: "A decision is made per committee; \(org.name) has \(d.unit.rated) rated members.")
            }
            let data = try await decisionDOCX(of: org, parent: try await org.$parent.get(on: db), today: today)
            let title = ExportTitle(heading: "Quyết định xếp loại chất lượng đảng viên", unit: org.name, period: period, madeOn: today)
            return DownloadResponse.file(data, name: title.fileName("docx"),
                                         type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        // The decision list goes along for a unit of office size; a province's is the committees' own.
        let list = d.unit.rated <= 20_000 ? try await members(of: org, level: nil, limit: 20_000) : nil
        let title = ExportTitle(heading: "Mẫu 01 – Tổng hợp xếp loại chất lượng", unit: org.name, period: period, madeOn: today)
        return DownloadResponse.file(try summaryXLSX(d, list: list, title: title), name: title.fileName("xlsx"), type: XLSXWorkbook.contentType)
    }

    /// Mẫu 01: the summary of a round by unit, with members' and units' levels,
    /// and the list of members with their levels when given.
    func summaryXLSX(_ d: DistributionDTO, list: [RatedMemberDTO]? = nil, title: ExportTitle) throws -> Data {
        func line(_ r: DistributionRowDTO) -> [XLSXCell] {
            [.text(r.name), .number(Double(r.members)), .number(Double(r.rated))]
                + r.memberLevels.flatMap { [XLSXCell.number(Double($0)), .percent(r.rated == 0 ? nil : Double($0) / Double(r.rated))] }
                + r.unitLevels.map { .number(Double($0)) }
        }
        let levelColumns = RatingLevel.allCases.flatMap { ["Đảng viên \($0.short)", "Tỷ lệ \($0.short) (%)"] }
        var book = XLSXWorkbook()
        book.addSheet(name: "Mẫu 01 – Tổng hợp", title: title,
                      columns: ["Đơn vị", "Tổng số đảng viên", "Số đảng viên được xếp loại"] + levelColumns
                        + RatingLevel.allCases.map { "Tổ chức đảng \($0.short)" },
                      rows: [line(d.unit)] + d.children.map(line))
        if let list {
            book.addSheet(name: "Danh sách xếp loại", title: title, columns: ["STT", "Họ và tên", "Điểm", "Xếp loại"],
                          rows: list.enumerated().map { i, m in
                              [.number(Double(i + 1)), .text(m.name), .number(m.total), .text(RatingLevel(rawValue: m.level)?.label ?? m.level)]
                          })
        }
        return try book.data()
    }

    /// The decision's annex: every member rated in the unit's subtree, by level.
    func decisionDOCX(of org: Organization, parent: Organization?, today: LocalDate) async throws -> Data {
        // By level, then in the Vietnamese order `members` reads them in (the
        // stored sort_key: given name first, "Đ" after "D", "Hồ" before "Huỳnh").
        let rated = try await members(of: org, level: nil, limit: 1_000_000).enumerated()
            .map { (rank: RatingLevel(rawValue: $1.level)?.rank ?? 9, position: $0, member: $1) }
            .sorted { ($0.rank, $0.position) < ($1.rank, $1.position) }.map(\.member)
        let (upper, body) = DocumentExports.heading(of: org, parent: parent)
        var annex = [["STT", "Họ và tên", "Điểm", "Xếp loại"]]
        for (i, m) in rated.enumerated() {
            annex.append(["\(i + 1)", m.name, DisplayFormat.points(m.total), RatingLevel(rawValue: m.level)?.label ?? m.level])
        }
        let counts = RatingLevel.allCases.map { level in "\(level.label): \(rated.filter { $0.level == level.rawValue }.count) đồng chí" }
        // The committee decides on its cells' proposals; a cell that decides
        // for itself (a grassroots cell) does so on its members' reviews.
        let proposals = org.kind.allowedChildren.isEmpty
            ? "Xét kết quả kiểm điểm, tự đánh giá của đảng viên và ý kiến của chi bộ"
            : "Xét đề nghị của các chi bộ trực thuộc"
        let content = PartyDocumentContent(
            parentBody: upper, issuingBody: body,
            // The number is the register's to give: the symbol is printed, the number written in when issued.
            identifier: "……-QĐ/\(org.kind.issuerAbbreviation(named: org.name))",
            place: try await PlaceName.of(org, on: db), date: today, typeName: "Quyết định",
            summary: "về việc xếp loại chất lượng đảng viên \(round.period == .year ? "năm \(round.year)" : "\(round.period.label) năm \(round.year)")",
            content: (["Căn cứ Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm;",
                       "\(proposals), kết quả xếp loại chất lượng \(rated.count) đảng viên như sau:"] + counts
                       + ["Danh sách kèm theo."]).joined(separator: "\n"),
            signerCapacity: "T/M \(body)", signerTitle: "BÍ THƯ", signerName: nil, recipients: ["Như danh sách"], annex: annex)
        return try PartyDocumentDOCX.data(content, modificationDate: Date())
    }
}
