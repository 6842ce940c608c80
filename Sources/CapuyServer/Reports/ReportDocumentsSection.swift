import CapuyCore
import Fluent
import Foundation
import SQLKit

/// I. The documents the committee issued, by type, and the tasks it gave:
/// done on time, late, overdue, by the level of the unit that received them.
struct ReportDocumentsSection: ReportSection {
    let key = "documents"
    let title = "Ban hành văn bản và tổ chức thực hiện"
    let titleEn = "Documents issued and their implementation"
    let permissions: [Permission] = [.viewDocuments]

    func tables(_ ctx: ReportContext, _ span: ReportSpan) async throws -> [ReportTableDTO] {
        [try await issued(ctx, span), try await tasks(ctx, span), try await byLevel(ctx, span)]
    }

    private func issued(_ ctx: ReportContext, _ span: ReportSpan) async throws -> ReportTableDTO {
        // The (issuer_path, issued_on) index: one range per report.
        let counts = try await ctx.db.sql.grouped("""
            SELECT type_code AS k, CAST(COUNT(*) AS BIGINT) AS n FROM documents
            WHERE issuer_path = \(bind: ctx.path) AND status = 'issued' AND \(ReportContext.within("issued_on", span))
            GROUP BY type_code
            """)
        let types = try await DocumentType.query(on: ctx.db).sort(\.$sortOrder).all()
        var rows = [ReportRowDTO.count("documents.issued", "Văn bản đã ban hành", "Documents issued", counts.values.reduce(0, +),
                                       link: ReportLinks.documents(ctx, span, type: nil))]
        for type in types {
            var row = ReportRowDTO.count("documents.issued.\(type.code)", type.name, type.nameEn, counts[type.code] ?? 0, indent: 1,
                                         link: ReportLinks.documents(ctx, span, type: type.code))
            row.optional = true
            rows.append(row)
        }
        return .counts("documents.issued", "Văn bản ban hành theo loại", "Documents issued by type", rows)
    }

    /// The committee's own tallies hold every recipient below it (DESIGN.md,
    /// Rollups): one row per task with its deadline in the span.
    private func tasks(_ ctx: ReportContext, _ span: ReportSpan) async throws -> ReportTableDTO {
        let sums = try await ctx.db.sql.raw("""
            SELECT tt.organization_path, tt.deadline, CAST(SUM(tt.idle) AS BIGINT) AS idle, CAST(SUM(tt.active) AS BIGINT) AS active,
                   CAST(SUM(tt.on_time) AS BIGINT) AS on_time, CAST(SUM(tt.late) AS BIGINT) AS late
            FROM tasks t JOIN task_tallies tt ON tt.task_id = t.id AND tt.organization_path = \(bind: ctx.path)
            WHERE t.issuer_id = \(bind: ctx.id) AND \(ReportContext.within("t.deadline", span))
            GROUP BY tt.organization_path, tt.deadline
            """).all(decoding: TaskRollup.Sum.self)
        var tally = TaskTally()
        for sum in sums { tally.add(TaskRollup.tally(sum, today: ctx.today)) }
        let link = ReportLinks.documents(ctx, span, type: nil)
        return .counts("documents.tasks", "Nhiệm vụ giao cho cấp dưới (hạn trong kỳ)", "Tasks given to units below (due in the period)", [
            .count("tasks.given", "Lượt nhiệm vụ giao (mỗi đơn vị nhận một lượt)", "Tasks given (one per receiving unit)", tally.total, link: link),
            .count("tasks.onTime", "Hoàn thành đúng hạn", "Done on time", tally.done, indent: 1, link: link),
            .count("tasks.late", "Hoàn thành trễ hạn", "Done late", tally.doneLate, indent: 1, link: link),
            .count("tasks.overdue", "Quá hạn chưa hoàn thành (đến ngày lập)", "Overdue, not done (at the date made)", tally.overdue, indent: 1,
                   link: SiteURL.inbox.path + "?tatCa=true"),
            .count("tasks.open", "Chưa đến hạn", "Not yet due", tally.notStarted + tally.inProgress, indent: 1, link: link),
            .share("tasks.onTime.share", "Tỷ lệ đúng hạn", "On-time rate", tally.onTimeRate),
        ])
    }

    /// The same assignments by the kind of unit that received them.
    private func byLevel(_ ctx: ReportContext, _ span: ReportSpan) async throws -> ReportTableDTO {
        struct Row: Decodable { let kind: String; let given: Int64; let on_time: Int64?; let late: Int64?; let overdue: Int64? }
        let rows = try await ctx.db.sql.raw("""
            SELECT o.kind, CAST(COUNT(*) AS BIGINT) AS given,
              CAST(SUM(CASE WHEN a.completed_on IS NOT NULL AND a.completed_on <= a.deadline THEN 1 ELSE 0 END) AS BIGINT) AS on_time,
              CAST(SUM(CASE WHEN a.completed_on IS NOT NULL AND a.completed_on > a.deadline THEN 1 ELSE 0 END) AS BIGINT) AS late,
              CAST(SUM(CASE WHEN a.completed_on IS NULL AND a.deadline < \(bind: ctx.today.iso) THEN 1 ELSE 0 END) AS BIGINT) AS overdue
            FROM tasks t JOIN task_assignments a ON a.task_id = t.id JOIN organizations o ON o.id = a.organization_id
            WHERE t.issuer_id = \(bind: ctx.id) AND \(ReportContext.within("t.deadline", span))
            GROUP BY o.kind
            """).all(decoding: Row.self)
        let byKind = Dictionary(rows.map { ($0.kind, $0) }, uniquingKeysWith: { a, _ in a })
        let columns: [ReportColumnDTO] = [.init(label: "Số lượt giao", labelEn: "Given", format: .count),
                                          .init(label: "Đúng hạn", labelEn: "On time", format: .count),
                                          .init(label: "Trễ hạn", labelEn: "Late", format: .count),
                                          .init(label: "Quá hạn", labelEn: "Overdue", format: .count)]
        let lines = OrganizationKind.allCases.compactMap { kind -> ReportRowDTO? in
            guard let r = byKind[kind.rawValue] else { return nil }
            return ReportRowDTO(key: "tasks.level.\(kind.rawValue)", label: kind.label, labelEn: kind.labelEn,
                                values: [Double(r.given), Double(r.on_time ?? 0), Double(r.late ?? 0), Double(r.overdue ?? 0)])
        }
        return ReportTableDTO(key: "documents.tasksByLevel", title: "Nhiệm vụ theo cấp nhận", titleEn: "Tasks by receiving level",
                              columns: columns, rows: lines)
    }
}
