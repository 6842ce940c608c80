import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Cells surveyed and their levels: good, fair, average, weak.
struct SurveyTally: Content, Equatable {
    var cells = 0
    var evaluated = 0
    var levels = [0, 0, 0, 0]
    var scoreSum = 0.0

    var averageScore: Double? { evaluated == 0 ? nil : (scoreSum / Double(evaluated) * 10).rounded() / 10 }

    mutating func add(_ o: SurveyTally) {
        cells += o.cells
        evaluated += o.evaluated
        for i in levels.indices { levels[i] += o.levels[i] }
        scoreSum += o.scoreSum
    }
}

struct SurveyResultsDTO: Content {
    struct Sector: Content { let sector: String; let label: String; let labelEn: String; let tally: SurveyTally; let average: Double? }
    struct Unit: Content { let organizationId: UUID; let name: String; let tally: SurveyTally; let average: Double? }
    let roundId: UUID
    let organizationId: UUID
    let organizationName: String
    let total: SurveyTally
    let average: Double?
    let sectors: [Sector]
    let children: [Unit]
}

struct SurveyTextDTO: Content {
    let organizationId: UUID
    let name: String
    let level: String
    let total: Double
    let observedOn: String
    let observerName: String
    let goodPractices: String
    let weaknesses: String
}

/// A round's results for one unit of it: by sector and by the units just
/// below it (drill-down goes province → commune → grassroots), all from one
/// GROUP BY over the round's cells in the unit's path range.
struct SurveyResults {
    let db: any Database
    let principal: Principal
    let round: SurveyRound

    /// The unit asked for, or the highest the user may read: inside the round and her view, else 404.
    func unit(_ id: UUID?) async throws -> Organization {
        let view = principal.scope(.viewOrganizations)
        if let id {
            guard let org = try await Organization.find(id, on: db), round.covers(org.path), view.contains(path: org.path) else { throw Refusal.notFound }
            return org
        }
        if view.contains(path: round.organizationPath) { return try await round.$organization.get(on: db) }
        guard let root = view.roots.first(where: { round.covers($0.value) }),
              let org = try await Organization.query(on: db).filter(\.$path == root.value).first() else { throw Refusal.notFound }
        return org
    }

    func results(of org: Organization) async throws -> SurveyResultsDTO {
        struct Row: Decodable {
            let unit_path: String; let sector: String; let cells: Int; let evaluated: Int
            let good: Int; let fair: Int; let average: Int; let weak: Int; let score_sum: Double
        }
        // Fixed-width paths: the first `width` bytes of a cell's path name the child of `org` it lies under.
        let width = org.path.utf8.count + 1 + TreePath.segmentWidth
        let key = "substr(organization_path, 1, \(width))"
        let rows = try await db.sql.raw("""
            SELECT \(unsafeRaw: key) AS unit_path, sector, CAST(COUNT(*) AS BIGINT) AS cells,
              CAST(SUM(CASE WHEN level IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS evaluated,
              CAST(SUM(CASE WHEN level = 'good' THEN 1 ELSE 0 END) AS BIGINT) AS good,
              CAST(SUM(CASE WHEN level = 'fair' THEN 1 ELSE 0 END) AS BIGINT) AS fair,
              CAST(SUM(CASE WHEN level = 'average' THEN 1 ELSE 0 END) AS BIGINT) AS average,
              CAST(SUM(CASE WHEN level = 'weak' THEN 1 ELSE 0 END) AS BIGINT) AS weak,
              CAST(SUM(COALESCE(total, 0)) AS DOUBLE PRECISION) AS score_sum
            FROM \(unsafeRaw: SurveyCells.schema)
            WHERE round_id = \(bind: round.id!) AND organization_path >= \(bind: org.path) AND organization_path < \(bind: org.path + "/")
            GROUP BY \(unsafeRaw: key), sector
            """).all(decoding: Row.self)
        var total = SurveyTally()
        var bySector: [String: SurveyTally] = [:]
        var byUnit: [String: SurveyTally] = [:]
        for r in rows {
            let t = SurveyTally(cells: r.cells, evaluated: r.evaluated, levels: [r.good, r.fair, r.average, r.weak], scoreSum: r.score_sum)
            total.add(t)
            bySector[r.sector, default: SurveyTally()].add(t)
            if r.unit_path != org.path { byUnit[r.unit_path, default: SurveyTally()].add(t) }
        }
        let children = byUnit.isEmpty ? [] : try await Organization.query(on: db).filter(\.$parent.$id == org.id!).sort(\.$path).all()
        return SurveyResultsDTO(
            roundId: round.id!, organizationId: org.id!, organizationName: org.name, total: total, average: total.averageScore,
            sectors: Sector.allCases.compactMap { s in
                bySector[s.rawValue].map { .init(sector: s.rawValue, label: s.label, labelEn: s.labelEn, tally: $0, average: $0.averageScore) }
            },
            children: children.compactMap { c in
                byUnit[c.path].map { .init(organizationId: c.id!, name: c.name, tally: $0, average: $0.averageScore) }
            })
    }

    /// Good practices and weaknesses written for the cells under `org`.
    func texts(of org: Organization, limit: Int = 5000) async throws -> [SurveyTextDTO] {
        struct Row: Decodable {
            let organization_id: UUID; let name: String; let level: String; let total: Double; let observed_on: String
            let observer_name: String; let good_practices: String; let weaknesses: String
        }
        return try await db.sql.raw("""
            SELECT e.organization_id, g.name, e.level, e.total, e.observed_on, e.observer_name, e.good_practices, e.weaknesses
            FROM \(unsafeRaw: SurveyEvaluation.schema) e JOIN \(unsafeRaw: Organization.schema) g ON g.id = e.organization_id
            WHERE e.round_id = \(bind: round.id!) AND e.organization_path >= \(bind: org.path) AND e.organization_path < \(bind: org.path + "/")
              AND (e.good_practices <> '' OR e.weaknesses <> '')
            ORDER BY e.organization_path LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: Row.self).map {
                SurveyTextDTO(organizationId: $0.organization_id, name: $0.name, level: $0.level, total: $0.total, observedOn: $0.observed_on,
                              observerName: $0.observer_name, goodPractices: $0.good_practices, weaknesses: $0.weaknesses)
            }
    }

    /// The summary by sector, by unit and the texts, one sheet each.
    func xlsx(of org: Organization, today: LocalDate) async throws -> Response {
        let r = try await results(of: org)
        let texts = try await self.texts(of: org, limit: 20_000)
        func line(_ name: String, _ t: SurveyTally) -> [XLSXCell] {
            let shares = t.levels.map { XLSXCell.percent(t.evaluated == 0 ? nil : Double($0) / Double(t.evaluated)) }
            return [.text(name), .number(Double(t.cells)), .number(Double(t.evaluated))] + t.levels.map { .number(Double($0)) } + shares
                + [t.averageScore.map(XLSXCell.number) ?? .empty]
        }
        let columns = ["Số chi bộ", "Đã khảo sát"] + SurveyLevel.allCases.map(\.label) + SurveyLevel.allCases.map { "Tỷ lệ \($0.label) (%)" } + ["Điểm bình quân"]
        let title = ExportTitle(heading: "Khảo sát chất lượng sinh hoạt chi bộ", unit: org.name, period: ExportTitle.year(round.year), madeOn: today)
        var book = XLSXWorkbook()
        book.addSheet(name: "Theo loại hình", title: title, columns: ["Loại hình"] + columns,
                      rows: r.sectors.map { line($0.label, $0.tally) } + [line("Tổng cộng", r.total)])
        book.addSheet(name: "Theo đơn vị", title: title, columns: ["Đơn vị"] + columns, rows: [line(r.organizationName, r.total)] + r.children.map { line($0.name, $0.tally) })
        book.addSheet(name: "Ý kiến", title: title, columns: ["Chi bộ", "Xếp loại", "Điểm", "Ngày dự", "Người khảo sát", "Cách làm hay", "Hạn chế, yếu kém"],
                      rows: texts.map { t in
                          [.text(t.name), .text(SurveyLevel(rawValue: t.level)?.label ?? t.level), .number(t.total), .day(t.observedOn),
                           .text(t.observerName), .text(t.goodPractices), .text(t.weaknesses)]
                      })
        return DownloadResponse.file(try book.data(), name: title.fileName("xlsx"), type: XLSXWorkbook.contentType)
    }
}
