import ArgumentParser
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

extension Bench {
    /// Issue 6's yardstick: a province-wide meeting-quality survey over
    /// ~10,000 cells, every cell evaluated, then its aggregation by sector and
    /// unit read for the province and for one commune.
    struct Surveys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Khảo sát sinh hoạt chi bộ toàn tỉnh và đo tổng hợp. Survey a province's cells and time the aggregation.")

        @ArgumentParser.Option(help: "Xã, phường. Communes.") var communes = 100
        @ArgumentParser.Option(help: "Chi bộ mỗi xã. Cells per commune.") var perCommune = 100
        @ArgumentParser.Option(help: "Số lần đo. Timing runs.") var runs = 200

        func validate() throws {
            guard (1...9_999).contains(communes), (1...9_999).contains(perCommune), runs >= 1 else {
                throw ValidationError("--communes and --per-commune 1…9999, --runs ≥ 1")
            }
        }

        func run() async throws {
            try await AppRunner.withApp { app in
                guard try await Organization.query(on: app.db).count() == 0 else {
                    throw CleanExit.message("bench surveys needs an empty database (CAPUY_DATABASE_URL).")
                }
                let today = app.capuy.today()
                var started = ContinuousClock.now
                let units = OrganizationService(db: app.db, actor: .system, today: today)
                let province = try await units.create(.init(parentId: nil, name: "Đảng bộ tỉnh Khảo sát", kind: "provincialCommittee",
                                                            sector: "agency", code: "KS"), scope: nil)
                // The tree in multi-row inserts: one unit at a time through the service would take minutes.
                var rows = SyntheticRows(db: app.db, today: today)
                let sectors = Sector.allCases
                var firstCommune: UUID?
                for c in 1...communes {
                    let commune = UUID()
                    firstCommune = firstCommune ?? commune
                    let path = province.treePath.child(c)!
                    rows.unit(commune, code: "KS\(c)", name: "Đảng bộ xã \(c)", kind: .communeCommittee, sector: .agency,
                              parent: province.id, path: path, children: perCommune)
                    for g in 1...perCommune {
                        rows.unit(UUID(), code: "KS\(c)-\(g)", name: "Chi bộ \(g) xã \(c)", kind: .grassrootsCell,
                                  sector: sectors[(c * 7 + g) % sectors.count], parent: commune, path: path.child(g)!, children: 0)
                    }
                }
                try await rows.finish()
                try await app.db.sql.update(Organization.schema).set("child_seq", to: communes).where("id", .equal, province.id!).run()
                print(String(format: "surveys: tree of %d cells in %.2f s", communes * perCommune, Bench.ms(ContinuousClock.now - started) / 1000))

                let admin = try await UserService(db: app.db, actor: .system, hasher: app.capuy.hasher).create(UserCreateInput(
                    username: "khaosat", displayName: "Ban Tổ chức", password: UUID().uuidString, role: "admin", organizationId: province.id!), scope: nil)
                let principal = Principal(userId: admin.id!, username: "khaosat", displayName: "Ban Tổ chức", sessionId: UUID(),
                                          grants: [GrantInfo(role: .admin, organizationId: province.id!, path: province.treePath)])
                started = ContinuousClock.now
                let rounds = SurveyRoundService(db: app.db, actor: .system, principal: principal)
                let round = try await rounds.open(SurveyRoundInput(organizationId: province.id!, year: today.year, title: nil, form: nil))
                print(String(format: "surveys: round opened over %d cells in %.1f ms", round.cells, Bench.ms(ContinuousClock.now - started)))

                // Evaluations behind the service's back, in bulk (what is measured is the reading);
                // a few go through the service below, which proves the write path too.
                started = ContinuousClock.now
                try await Self.bulkEvaluations(round: round, observer: admin.id!, today: today, on: app.db)
                print(String(format: "surveys: %d evaluations inserted in %.2f s", round.cells, Bench.ms(ContinuousClock.now - started) / 1000))

                let commune = try await Organization.find(firstCommune!, on: app.db)!
                _ = try await rounds.assign(round, SurveyAssignInput(userId: admin.id!, memberId: nil, organizationIds: [commune.id!]))
                let evaluations = SurveyEvaluationService(db: app.db, actor: .system, principal: principal, round: round, today: today)
                let cells = try await Organization.query(on: app.db).filter(\.$parent.$id == commune.id!).limit(50).all()
                var writes: [Double] = []
                for (i, cell) in cells.enumerated() {
                    var scores: [String: Double] = [:]
                    for c in round.form.criteria { scores[c.code] = (c.maxPoints * Double(60 + i % 40) / 100).rounded() }
                    let t0 = ContinuousClock.now
                    _ = try await evaluations.evaluate(SurveyEvaluationInput(organizationId: cell.id!, meetingId: nil, observedOn: today.iso,
                                                                             scores: scores, goodPractices: "Chuẩn bị kỹ", weaknesses: nil))
                    writes.append(Bench.ms(ContinuousClock.now - t0))
                }
                Bench.report("surveys", "evaluation (one form, audited)", writes)

                let results = SurveyResults(db: app.db, principal: principal, round: round)
                for (label, unit) in [("province", province), ("commune", commune)] {
                    var times: [Double] = []
                    var last: SurveyResultsDTO?
                    for _ in 0..<runs {
                        let t0 = ContinuousClock.now
                        last = try await results.results(of: unit)
                        times.append(Bench.ms(ContinuousClock.now - t0))
                    }
                    Bench.report("surveys", "aggregation (\(label): \(last!.total.evaluated)/\(last!.total.cells) cells, \(last!.sectors.count) sectors, "
                                + "\(last!.children.count) units)", times)
                }
                let t0 = ContinuousClock.now
                let file = try await results.xlsx(of: province, today: LocalDate(year: 2026, month: 1, day: 1)!)
                print(String(format: "surveys: province XLSX (%d bytes) in %.1f ms", file.body.count, Bench.ms(ContinuousClock.now - t0)))
            }
        }

        /// One evaluation per cell with scores spread over the four levels.
        static func bulkEvaluations(round: SurveyRound, observer: UUID, today: LocalDate, on db: any Database) async throws {
            struct Cell: Decodable { let organization_id: UUID; let organization_path: String }
            let cells = try await db.sql.raw("""
                SELECT organization_id, organization_path FROM \(unsafeRaw: SurveyCells.schema) WHERE round_id = \(bind: round.id!)
                """).all(decoding: Cell.self)
            let form = round.form
            var random = SeededRandom(seed: 156)
            let rows: [[any SQLExpression]] = cells.map { c in
                let total = Double(35 + Int(random.next() % 65))
                let level = form.level(for: total).rawValue
                return [SQLBind(UUID()), SQLBind(round.id!), SQLBind(c.organization_id), SQLBind(c.organization_path), SQLBind(observer),
                        SQLBind("bench"), SQLBind(today.iso), SQLBind("{}"), SQLBind(total), SQLBind(level),
                        SQLBind(total >= 90 ? "Sinh hoạt chuyên đề gắn với nhiệm vụ" : ""), SQLBind(total < 50 ? "Ít đảng viên phát biểu" : ""),
                        SQLBind(Int64(0))]
            }
            try await db.transaction { tx in
                try await BulkInsert.rows(rows, columns: ["id", "round_id", "organization_id", "organization_path", "observer_user_id", "observer_name",
                                                          "observed_on", "scores", "total", "level", "good_practices", "weaknesses", "at_ms"],
                                          into: SurveyEvaluation.schema, on: tx)
                try await tx.sql.raw("""
                    UPDATE \(unsafeRaw: SurveyCells.schema) SET
                      level = (SELECT e.level FROM \(unsafeRaw: SurveyEvaluation.schema) e
                               WHERE e.round_id = \(unsafeRaw: SurveyCells.schema).round_id AND e.organization_id = \(unsafeRaw: SurveyCells.schema).organization_id),
                      total = (SELECT e.total FROM \(unsafeRaw: SurveyEvaluation.schema) e
                               WHERE e.round_id = \(unsafeRaw: SurveyCells.schema).round_id AND e.organization_id = \(unsafeRaw: SurveyCells.schema).organization_id)
                    WHERE round_id = \(bind: round.id!)
                    """).run()
            }
        }


    }
}
