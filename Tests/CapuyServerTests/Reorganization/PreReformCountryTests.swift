@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

// Issue 15, "At national scale" and "Done when": `capuy generate --pre-reform`
// writes the country before 2025 and the plan that takes it to the 2025
// tree, splits included; the plan applies end to end on this suite's database
// (SQLite, and PostgreSQL in CI) and every member, open task and case lands
// in an open unit with both verifications clean.
@Suite("Pre-2025 country and its reform plan")
struct PreReformCountryTests {
    @Test("A small pre-reform country: two old provinces with districts become one 2025 province; the generated plan applies with its split")
    func generatedReformApplies() async throws {
        try await TestApp.withApp { app in
            // given: the old country and its plan
            // Two or three organizations an old commune, so the split commune has some to divide.
            var shape = GenerateScale.small.shape.preReform
            shape.grassrootsPerCommune = 2...3
            let country = SyntheticCountry(shape: shape, seed: 3, today: GenerateTests.today, codePrefix: "", cardPrefix: "", db: app.db)
            let units = try AdminUnits.load(root: AppPaths.root(app))
            let layout = PreReformLayout(chosen: country.chosen(units), communesPerProvince: GenerateScale.small.shape.communesPerProvince, codePrefix: "")
            let summary = try await country.write(units: units, rootOrdinal: 1, phases: PhaseClock(quiet: true), preReform: layout).0
            #expect(summary.provinces == 2 && summary.communes == 9)
            #expect(try await Organization.query(on: app.db).filter(\.$kindRaw == "districtCommittee").count() == 2)
            // Each old province and district issued a document with a task to each of its communes; each commune has a case.
            let work = try await PreReformWork.seed(app, layout: layout, progress: { _, _ in })
            #expect(work.documents == 4 && work.taskAssignments == 18 && work.cases == 9)
            let csv = try await country.preReformPlanCSV(layout)
            let parsed = try PlanFile.read(Data(csv.utf8))
            #expect(parsed.issues.isEmpty)
            #expect(parsed.rows.filter { $0.action == .split }.count == 2)
            let members = try await Member.query(on: app.db).count()

            // when
            let service = ReorganizationService(db: app.db, actor: .system, today: app.capuy.today(), now: Date())
            let plan = ReorganizationService.Submission(title: "Sắp xếp 2025", effectiveOn: "01/07/2025", rows: parsed.rows, shapeIssues: [])
            let dry = try await service.submit(plan, dryRun: true, manage: nil)
            #expect(dry.status == "preview")
            #expect(try await Organization.query(on: app.db).filter(\.$closedOn != nil).count() == 0)
            let result = try await service.submit(plan, dryRun: false, manage: nil)

            // then: the 2025 tree, every member in an open unit, both checks clean
            #expect(result.status == "applied")
            // The dry run showed what the apply did (the new units' ids aside).
            #expect(result.preview.changes.map(\.detail) == dry.preview.changes.map(\.detail))
            #expect(result.preview.memberMoves.map(\.count) == dry.preview.memberMoves.map(\.count))
            let open = try await Organization.query(on: app.db).filter(\.$closedOn == nil).all()
            #expect(open.filter { $0.kind == .provincialCommittee }.count == 1)
            #expect(open.filter { $0.kind == .communeCommittee }.count == 3)
            #expect(open.filter { $0.kind == .districtCommittee }.isEmpty)
            #expect(try await Member.query(on: app.db).count() == members)
            let stranded = try await app.db.sql.raw("""
                SELECT COUNT(*) AS n FROM members m JOIN organizations o ON o.id = m.organization_id
                WHERE o.closed_on IS NOT NULL OR o.path <> m.organization_path
                """).first(decoding: Count.self)
            #expect(stranded?.n == 0)
            #expect(result.preview.memberMoves.reduce(0) { $0 + $1.count } >= members)
            // Each member's history shows the reform: one transfer each, with ids the database wrote and Fluent reads.
            let reform = try await Transfer.query(on: app.db).filter(\.$transferredOn == "2025-07-01").all()
            #expect(reform.count == members && Set(reform.map { $0.$member.id }).count == members)
            #expect(Set(reform.compactMap(\.id)).count == members)
            // Every case is now handled by and about open units, listed in the preview; the open tasks moved or stay as the heir's history.
            let cases = try await CitizenCase.query(on: app.db).all()
            #expect(cases.count == 9)
            for c in cases {
                #expect(try await Organization.find(c.$handlingOrg.id, on: app.db)?.isClosed == false, "\(c.title)")
                #expect(try await Organization.find(c.$subjectOrg.id, on: app.db)?.isClosed == false, "\(c.title)")
            }
            #expect(Set(result.preview.handovers.filter { $0.kind == "case" }.map(\.id)) == Set(cases.compactMap(\.id)))
            let tasks = result.preview.handovers.filter { $0.kind == "task" }
            #expect(tasks.count == 18 && tasks.contains { $0.moved } && tasks.contains { !$0.moved })
            for open in try await TaskAssignment.query(on: app.db).filter(\.$completedOn == nil).all() {
                let unit = try #require(try await Organization.find(open.$organization.id, on: app.db))
                if unit.isClosed {
                    let heir = try #require(tasks.first { $0.id == open.id }?.toId)
                    #expect(try await TaskAssignment.query(on: app.db).filter(\.$task.$id == open.$task.id).filter(\.$organization.$id == heir).count() == 1)
                }
            }
            #expect(try await TaskTallies.verify(on: app.db).isEmpty)
            #expect(try await Rollups.verify(on: app.db).differences.isEmpty)
            #expect(try await RatingRollups.verify(on: app.db).isEmpty)
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
            let newRoot = try #require(open.first { $0.kind == .provincialCommittee })
            #expect(try await Rollups.tally(of: newRoot.id!, on: app.db).members == members)
        }
    }

    struct Count: Decodable { let n: Int }
}
