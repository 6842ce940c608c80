import Foundation
import Fluent
import NIOCore
import ArgumentParser
import Vapor

/// Runs the scheduled jobs inside `serve` (DESIGN.md, Jobs). Every instance
/// ticks each period; the first to take the period's lease runs the jobs and
/// keeps the lease until just before the next period, so with several
/// instances the jobs run once a period, not once per instance. Each job also
/// holds its own lease while it runs, which keeps `capuy jobs run` from
/// overlapping it, and each run is written to `job_runs`.
enum JobScheduler {
    static let periodLease = "scheduled-period"

    static func start(_ app: Application) -> RepeatedTask {
        let holder = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        let db = app.db
        let capuy = app.capuy
        let logger = app.logger
        let seconds = capuy.settings.jobIntervalSeconds
        let loop = app.eventLoopGroup.next()
        return loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(Int64(min(5, seconds))), delay: .seconds(Int64(seconds))) { _ in
            loop.makeFutureWithTask {
                await tick(db: db, capuy: capuy, holder: holder, periodSeconds: seconds, logger: logger)
            }
        }
    }

    static func tick(db: any Database, capuy: CapuyContext, holder: String, periodSeconds: Int, logger: Logger) async {
        // The lease ends a tenth of a period early, so the next tick of any
        // instance finds it free despite timer drift.
        let heldMs = max(periodSeconds * 900, 500)
        guard (try? await JobLease.acquire(periodLease, holder: holder, forMilliseconds: heldMs, on: db)) == true else { return }
        await runLogged("task-reminders", db: db, holder: holder, logger: logger) {
            let o = try await TaskReminderJob(db: db, today: capuy.today()).run(holder: holder)
            return (o.ran, "\(o.reminded) reminders, \(o.escalated) escalations")
        }
        await runLogged("case-reminders", db: db, holder: holder, logger: logger) {
            let o = try await CaseReminderJob(db: db, today: capuy.today()).run(holder: holder)
            return (o.ran, "\(o.reminded) reminders, \(o.escalated) escalations")
        }
        await runLogged("rollup-age-year", db: db, holder: holder, logger: logger) {
            // Age bands count by year: when the year turns, every band is recounted once.
            let year = capuy.today().year
            guard try await Rollups.ageYear(on: db) != year else { return (false, "") }
            let units = try await Rollups.rebuildAudited(year: year, on: db)
            return (true, "age bands recounted for \(year) in \(units) units")
        }
        await runLogged("session-cleanup", db: db, holder: holder, logger: logger) {
            let o = try await SessionCleanupJob(db: db, now: capuy.now()).run(holder: holder)
            return (o.ran, "\(o.sessions) sessions, \(o.throttles) throttles removed")
        }
    }

    /// Runs one job, records the run, and keeps the server up if it fails: a
    /// failed run is retried at the next period.
    private static func runLogged(_ name: String, db: any Database, holder: String, logger: Logger,
                                  _ body: () async throws -> (ran: Bool, summary: String)) async {
        let started = Date()
        do {
            let (ran, summary) = try await body()
            guard ran else { return }
            logger.info("jobs: \(name): \(summary)")
            try await JobRun.record(name, holder: holder, started: started, finished: Date(), summary: summary, on: db)
        } catch {
            logger.error("jobs: \(name) failed: \(String(describing: error))")
            try? await JobRun.record(name, holder: holder, started: started, finished: Date(),
                                     summary: "failed: \(String(describing: error).prefix(200))", on: db)
        }
    }
}

struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Việc định kỳ. Scheduled jobs.", subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chạy ngay: nhắc hạn và báo quá hạn lên cấp trên. Run now: deadline reminders and escalation of overdue tasks.")

        func run() async throws {
            let holder = "cli-\(ProcessInfo.processInfo.processIdentifier)"
            let (tasks, cases) = try await AppRunner.withApp { app in
                (try await TaskReminderJob(db: app.db, today: app.capuy.today()).run(holder: holder),
                 try await CaseReminderJob(db: app.db, today: app.capuy.today()).run(holder: holder))
            }
            guard tasks.ran, cases.ran else { throw CleanExit.message("jobs run: another instance holds the lease; try again later.") }
            print("jobs run: \(tasks.reminded) nhắc hạn / reminders, \(tasks.escalated) quá hạn / escalations.")
            print("jobs run (đơn thư / cases): \(cases.reminded) nhắc hạn / reminders, \(cases.escalated) quá hạn / escalations.")
        }
    }
}
