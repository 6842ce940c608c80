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
        for job in ScheduledJob.all(db: db, capuy: capuy, holder: holder) {
            _ = await runLogged(job, db: db, holder: holder, logger: logger)
        }
    }

    /// Runs one job and records the run; nil when it failed, which keeps the
    /// server up: a failed run is retried at the next period.
    static func runLogged(_ job: ScheduledJob, db: any Database, holder: String, logger: Logger) async -> ScheduledJob.Result? {
        let started = Date()
        do {
            let result = try await job.run()
            if case .done(let summary) = result {
                logger.info("jobs: \(job.name): \(summary)")
                try await JobRun.record(job.name, holder: holder, started: started, finished: Date(), summary: summary, on: db)
            }
            return result
        } catch {
            logger.error("jobs: \(job.name) failed: \(String(describing: error))")
            try? await JobRun.record(job.name, holder: holder, started: started, finished: Date(),
                                     summary: "failed: \(String(describing: error).prefix(200))", on: db)
            return nil
        }
    }
}

/// Every scheduled job, in the order they run: the one list that `serve`'s
/// ticks and `capuy jobs run` share.
struct ScheduledJob: Sendable {
    enum Result: Sendable {
        case done(String)
        /// Nothing was due (the age bands already count this year).
        case idle
        /// Another instance or command holds the job's own lease.
        case leaseHeld

        var ranOrNothingDue: Bool {
            if case .leaseHeld = self { return false }
            return true
        }
    }

    let name: String
    let run: @Sendable () async throws -> Result

    static func all(db: any Database, capuy: CapuyContext, holder: String) -> [ScheduledJob] {
        [
            // First: once a plan applies, the reminders below go to its successors.
            ScheduledJob(name: "reorganization-plans") {
                let o = try await ReorganizationService(db: db, actor: .system, today: capuy.today(), now: capuy.now()).applyDue()
                return o.applied + o.failed == 0 ? .idle : .done("\(o.applied) plans applied, \(o.failed) failed")
            },
            ScheduledJob(name: "task-reminders") {
                let o = try await TaskReminderJob(db: db, today: capuy.today()).run(holder: holder)
                return o.ran ? .done("\(o.reminded) reminders, \(o.escalated) escalations") : .leaseHeld
            },
            ScheduledJob(name: "case-reminders") {
                let o = try await CaseReminderJob(db: db, today: capuy.today()).run(holder: holder)
                return o.ran ? .done("\(o.reminded) reminders, \(o.escalated) escalations") : .leaseHeld
            },
            ScheduledJob(name: "rollup-age-year") {
                // Age bands count by year: when the year turns, every band is recounted once.
                let year = capuy.today().year
                guard try await Rollups.ageYear(on: db) != year else { return .idle }
                let units = try await Rollups.rebuildAudited(year: year, on: db)
                return .done("age bands recounted for \(year) in \(units) units")
            },
            ScheduledJob(name: "session-cleanup") {
                let o = try await SessionCleanupJob(db: db, now: capuy.now()).run(holder: holder)
                return o.ran ? .done("\(o.sessions) sessions, \(o.throttles) throttles, \(o.jobRuns) job runs removed") : .leaseHeld
            },
        ]
    }
}

struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Việc định kỳ. Scheduled jobs.", subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chạy ngay mọi việc định kỳ: nhắc hạn, báo quá hạn lên cấp trên, dọn dẹp. Run every scheduled job now.")

        func run() async throws {
            let holder = "cli-\(ProcessInfo.processInfo.processIdentifier)"
            let results = try await AppRunner.withApp { app in
                var out: [(String, ScheduledJob.Result?)] = []
                for job in ScheduledJob.all(db: app.db, capuy: app.capuy, holder: holder) {
                    out.append((job.name, await JobScheduler.runLogged(job, db: app.db, holder: holder, logger: app.logger)))
                }
                return out
            }
            for (name, result) in results {
                switch result {
                case .done(let summary): print("jobs run: \(name): \(summary)")
                case .idle: print("jobs run: \(name): không có việc / nothing due")
                case .leaseHeld: print("jobs run: \(name): another instance holds its lease; try again later")
                case nil: print("jobs run: \(name): FAILED (see the log above)")
                }
            }
            if results.contains(where: { !($0.1?.ranOrNothingDue ?? false) }) {
                throw CleanExit.message("jobs run: not every job ran.")
            }
        }
    }
}
