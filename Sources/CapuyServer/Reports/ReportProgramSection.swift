import CapuyCore
import Fluent
import Foundation
import SQLKit

/// II. The work program: the year's theme, and how its key and breakthrough
/// tasks stand, from the committee's own task tallies.
struct ReportProgramSection: ReportSection {
    let key = "program"
    let title = "Chương trình công tác, chủ đề năm và khâu đột phá"
    let titleEn = "Work program, the year's theme and breakthrough tasks"
    let permissions: [Permission] = [.viewDocuments]
    let comparesWithBefore = false

    func tables(_ ctx: ReportContext, _ span: ReportSpan) async throws -> [ReportTableDTO] {
        var query = WorkProgram.query(on: ctx.db).filter(\.$organization.$id == ctx.id)
        if let year = span.year {
            query = query.filter(\.$year == year)
        } else if let term = span.termId {
            query = query.filter(\.$term.$id == term).filter(\.$year == nil)
        } else {
            return []
        }
        let programs = try await query.sort(\.$createdAt).all()
        guard !programs.isEmpty else { return [] }
        let ids = programs.map { $0.id! }
        let tasks = try await PartyTask.query(on: ctx.db).filter(\.$programId ~~ ids).sort(\.$deadline).all()
        struct Sum: Decodable { let task_id: UUID; let idle: Int; let active: Int; let on_time: Int; let late: Int }
        let sums = tasks.isEmpty ? [] : try await ctx.db.sql.select().columns("task_id", "idle", "active", "on_time", "late")
            .from(TaskTallies.schema).where("organization_path", .equal, ctx.path)
            .where("task_id", .in, tasks.map { $0.id! }).all(decoding: Sum.self)
        let byTask = Dictionary(sums.map { ($0.task_id, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [ReportRowDTO] = programs.map {
            .words("program.theme.\($0.id!)", $0.year == nil ? "Chương trình toàn khóa" : "Chủ đề năm \($0.year!)",
                   $0.year == nil ? "Full-term program" : "Theme of \($0.year!)",
                   $0.theme.isEmpty ? $0.title : $0.theme, link: SiteURL.program($0.id!).path)
        }
        // Key and breakthrough tasks first: they are what the report names.
        let ordered = tasks.filter { $0.category != .task } + tasks.filter { $0.category == .task }
        for task in ordered {
            let s = byTask[task.id!]
            let done = (s?.on_time ?? 0) + (s?.late ?? 0)
            let open = (s?.idle ?? 0) + (s?.active ?? 0)
            let overdue = task.deadline < ctx.today.iso ? open : 0
            let given = done + open
            rows.append(ReportRowDTO(key: "program.task.\(task.id!)", label: task.title, labelEn: task.title, indent: 1,
                                     values: [Double(given), Double(done), Double(overdue)], snapshot: true,
                                     link: task.programId.map { SiteURL.program($0).path },
                                     note: "\(task.category.label), hạn \(LocalDate(parsing: task.deadline)?.display ?? task.deadline)",
                                     noteEn: "\(task.category.labelEn), due \(LocalDate(parsing: task.deadline)?.display ?? task.deadline)"))
        }
        return [ReportTableDTO(key: "program.tasks", title: "Chủ đề và nhiệm vụ của chương trình", titleEn: "Theme and program tasks",
                               columns: [.init(label: "Số đơn vị nhận", labelEn: "Receiving units", format: .count),
                                         .init(label: "Đã hoàn thành", labelEn: "Done", format: .count),
                                         .init(label: "Quá hạn", labelEn: "Overdue", format: .count)],
                               rows: rows)]
    }
}
