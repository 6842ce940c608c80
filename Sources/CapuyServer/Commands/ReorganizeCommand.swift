import ArgumentParser
import CapuyCore
import Foundation
import Vapor

/// `capuy reorganize PLAN`: the console's way to a reorganization plan
/// (issue 15), over the whole tree, with the same checks and preview as the
/// API and the page.
struct Reorganize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Áp dụng kế hoạch tổ chức lại từ CSV, XLSX hoặc JSON (kiểm tra mọi dòng; tất cả hoặc không). "
            + "Apply a reorganization plan: every row checked, all of it or nothing.")

    @ArgumentParser.Argument(help: "Tệp kế hoạch CSV, XLSX hoặc JSON. The plan file.") var file: String
    @ArgumentParser.Option(help: "Ngày hiệu lực (dd/MM/yyyy hoặc yyyy-MM-dd); tương lai thì lưu chờ. The effective date; a future one keeps the plan pending.")
    var effective: String?
    @ArgumentParser.Option(help: "Tên kế hoạch. The plan's title.") var title: String?
    @ArgumentParser.Flag(help: "Chỉ kiểm tra và xem trước, không ghi. Check and preview, write nothing.") var dryRun = false

    /// The page cache of the one connection that writes the plan.
    /// `CAPUY_REORGANIZE_CACHE_MIB`, 2 to 4,096; 256 when unset or out of range
    /// (192 left a national apply searching a log of gigabytes for every page
    /// it missed; the memory went to the file's mapping, now off).
    static let cacheMiB = Int(ProcessInfo.processInfo.environment["CAPUY_REORGANIZE_CACHE_MIB"] ?? "").flatMap { (2...4096).contains($0) ? $0 : nil } ?? 256

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CleanExit.message("Không đọc được tệp \(file). Cannot read \(file).")
        }
        let parsed: PlanFile.Parsed
        do { parsed = try PlanFile.read(data) } catch let problem as MemberImport.FileProblem { throw CleanExit.message(problem.description) }
        guard let effectiveOn = effective ?? parsed.effectiveOn else {
            throw ValidationError("Cần --effective (ngày hiệu lực). --effective is required for a CSV or XLSX plan.")
        }
        let plan = ReorganizationService.Submission(title: title ?? parsed.title ?? "", effectiveOn: effectiveOn, rows: parsed.rows,
                                                    shapeIssues: parsed.issues)
        let started = Date()
        let outcome: Result<ReorganizationResultDTO, ValidationFailure> = try await AppRunner.withApp { app in
            try await SQLiteTuning.cache(app, mebibytes: Self.cacheMiB)
            let service = ReorganizationService(db: app.db, actor: .system, today: app.capuy.today(), now: app.capuy.now())
            do { return .success(try await service.submit(plan, dryRun: dryRun, manage: nil)) } catch let failure as ValidationFailure {
                return .failure(failure)
            }
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        switch outcome {
        case .failure(let failure):
            for issue in failure.issues.prefix(2_000) { print(issue.message) }
            if failure.issues.count > 2_000 { print("… và \(failure.issues.count - 2_000) lỗi khác.") }
            print("\(failure.issues.count) lỗi; không ghi gì. \(failure.issues.count) problems; nothing was written.")
            throw ExitCode(2)
        case .success(let result):
            PlanSummary.print(result.preview)
            switch result.status {
            case "preview": print("Xem trước xong trong \(seconds) giây; chưa ghi gì. Dry run in \(seconds) s; nothing written.")
            case "pending": print("Đã lưu kế hoạch \(result.planId?.uuidString ?? ""), chờ đến ngày \(result.preview.effectiveOn). Stored as pending.")
            default: print("Đã áp dụng kế hoạch \(result.planId?.uuidString ?? "") trong \(seconds) giây. Applied in \(seconds) s.")
            }
        }
    }
}

/// A preview as lines on a terminal: the totals, then each kind of change.
enum PlanSummary {
    static func print(_ p: PlanPreview) {
        let created = p.counts.filter { $0.state == "created" }.count
        let closed = p.counts.filter { $0.state == "closed" }.count
        Swift.print("Kế hoạch \(p.rows) dòng, hiệu lực \(p.effectiveOn): \(p.changes.count) thay đổi, \(created) đơn vị mới, \(closed) đơn vị kết thúc, "
            + "\(p.membersMoved) lượt đảng viên chuyển, \(p.handovers.count) việc bàn giao.")
        Swift.print("Plan of \(p.rows) rows: \(p.changes.count) changes, \(created) units created, \(closed) closed, "
            + "\(p.membersMoved) member moves, \(p.handovers.count) items handed over.")
        for c in p.changes.prefix(50) { Swift.print("  dòng \(c.row): \(c.detail)") }
        if p.changes.count > 50 { Swift.print("  … \(p.changes.count - 50) thay đổi khác") }
    }
}
