import Foundation
import NIOCore
import ArgumentParser
import Vapor

/// Runs the scheduled jobs inside `serve` (DESIGN.md, Jobs): every ten
/// minutes each instance tries; the lease lets one of them run.
enum JobScheduler {
    static let interval = TimeAmount.minutes(10)

    static func start(_ app: Application) -> RepeatedTask {
        let holder = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        let db = app.db
        let capuy = app.capuy
        let logger = app.logger
        let loop = app.eventLoopGroup.next()
        return loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: interval) { _ in
            loop.makeFutureWithTask {
                do {
                    let outcome = try await TaskReminderJob(db: db, today: capuy.today()).run(holder: holder)
                    if outcome.reminded + outcome.escalated > 0 {
                        logger.notice("jobs: \(outcome.reminded) reminders, \(outcome.escalated) escalations")
                    }
                } catch {
                    // A failed run is retried at the next tick; the server stays up.
                    logger.error("jobs: task reminders failed: \(String(describing: error))")
                }
                do {
                    let outcome = try await CaseReminderJob(db: db, today: capuy.today()).run(holder: holder)
                    if outcome.reminded + outcome.escalated > 0 {
                        logger.notice("jobs: \(outcome.reminded) case reminders, \(outcome.escalated) case escalations")
                    }
                } catch {
                    logger.error("jobs: case reminders failed: \(String(describing: error))")
                }
                do {
                    let cleaned = try await SessionCleanupJob(db: db, now: capuy.now()).run(holder: holder)
                    if cleaned.sessions + cleaned.throttles > 0 {
                        logger.info("jobs: removed \(cleaned.sessions) expired sessions, \(cleaned.throttles) old throttles")
                    }
                } catch {
                    logger.error("jobs: session clean-up failed: \(String(describing: error))")
                }
            }
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
