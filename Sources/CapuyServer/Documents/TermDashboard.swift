import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// One committee's term at a glance: documents issued by type, the tasks it
/// gave and their on-time rate, and what is overdue now.
struct TermDashboardDTO: Content, Equatable {
    struct TypeCount: Content, Equatable {
        let type: String
        let name: String
        let nameEn: String
        let count: Int
    }
    struct Overdue: Content, Equatable {
        let assignmentId: UUID
        let taskTitle: String
        let organizationId: UUID
        let organizationName: String
        let deadline: String
        let percent: Int
    }
    let organizationId: UUID
    let termId: UUID
    let termName: String
    let documentsByType: [TypeCount]
    let documentsIssued: Int
    let tasks: TaskTally
    let onTimeRate: Double?
    let overdue: [Overdue]
}

struct TermDashboard {
    let db: any Database
    let today: LocalDate

    private struct TypeRow: Decodable { let type_code: String; let n: Int }
    private struct OverdueRow: Decodable {
        let id: UUID; let title: String; let organization_id: UUID; let deadline: String; let percent: Int
    }

    func build(term: Term) async throws -> TermDashboardDTO {
        let types = try await DocumentType.query(on: db).sort(\.$sortOrder).all()
        let counts = try await db.sql.select().column("type_code").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(PartyDocument.schema)
            .where("issuer_id", .equal, term.$organization.id).where("term_id", .equal, term.id!)
            .where("status", .equal, DocumentStatus.issued.rawValue)
            .groupBy("type_code").all(decoding: TypeRow.self)
        let byType = Dictionary(uniqueKeysWithValues: counts.map { ($0.type_code, $0.n) })
        let typeCounts = types.map { TermDashboardDTO.TypeCount(type: $0.code, name: $0.name, nameEn: $0.nameEn, count: byType[$0.code] ?? 0) }

        // The committee's own tallies hold every recipient below it (DESIGN.md, Rollups).
        let inTerm = termTasks(term)
        let sums = try await db.sql.raw("""
            SELECT organization_path, deadline, CAST(SUM(idle) AS BIGINT) AS idle, CAST(SUM(active) AS BIGINT) AS active,
                   CAST(SUM(on_time) AS BIGINT) AS on_time, CAST(SUM(late) AS BIGINT) AS late
            FROM task_tallies WHERE organization_path = \(bind: term.organizationPath) AND task_id IN (\(inTerm))
            GROUP BY organization_path, deadline
            """).all(decoding: TaskRollup.Sum.self)
        var tally = TaskTally()
        for sum in sums { tally.add(TaskRollup.tally(sum, today: today)) }

        let overdueRows = try await db.sql.raw("""
            SELECT a.id, t.title, a.organization_id, a.deadline, a.percent FROM task_assignments a JOIN tasks t ON t.id = a.task_id
            WHERE a.task_id IN (\(inTerm)) AND a.completed_on IS NULL AND a.deadline < \(bind: today.iso)
            ORDER BY a.deadline, a.organization_path LIMIT 200
            """).all(decoding: OverdueRow.self)
        let orgs = try await Organization.query(on: db).filter(\.$id ~~ Array(Set(overdueRows.map(\.organization_id)))).all()
        let names = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id!, $0.name) })
        return TermDashboardDTO(
            organizationId: term.$organization.id, termId: term.id!, termName: term.name,
            documentsByType: typeCounts, documentsIssued: counts.reduce(0) { $0 + $1.n },
            tasks: tally, onTimeRate: tally.onTimeRate,
            overdue: overdueRows.map { .init(assignmentId: $0.id, taskTitle: $0.title, organizationId: $0.organization_id,
                                             organizationName: names[$0.organization_id] ?? "", deadline: $0.deadline, percent: $0.percent) })
    }

    /// The tasks this committee gave in the term: by its documents of the
    /// term and by its work programs of the term.
    private func termTasks(_ term: Term) -> SQLQueryString {
        """
        SELECT t.id FROM tasks t WHERE t.issuer_id = \(bind: term.$organization.id) AND (
          t.document_id IN (SELECT d.id FROM documents d WHERE d.term_id = \(bind: term.id!) AND d.status = 'issued')
          OR t.program_id IN (SELECT p.id FROM work_programs p WHERE p.term_id = \(bind: term.id!)))
        """
    }
}
