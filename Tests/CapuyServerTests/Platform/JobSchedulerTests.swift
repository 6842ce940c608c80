@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

// DESIGN.md Jobs, issue 7: every instance ticks each period; the period's
// lease lets one of them run the jobs, and every run is written to job_runs.
@Suite("Jobs: the scheduler runs once a period across instances")
struct JobSchedulerTests {
    static let jobs = ["task-reminders", "case-reminders", "rollup-age-year", "session-cleanup"]

    /// Runs per job name, and the holders that ran them.
    static func runs(_ app: Application) async throws -> (counts: [String: Int], holders: Set<String>) {
        struct Row: Decodable { let name: String; let holder: String }
        let rows = try await app.db.sql.select().columns("name", "holder").from(JobRun.schema).all(decoding: Row.self)
        return (rows.reduce(into: [:]) { $0[$1.name, default: 0] += 1 }, Set(rows.map(\.holder)))
    }

    static func tick(_ app: Application, _ holder: String, period: Int, capuy: CapuyContext? = nil) async {
        await JobScheduler.tick(db: app.db, capuy: capuy ?? app.capuy, holder: holder, periodSeconds: period, logger: app.logger)
    }

    static func setAgeYear(_ app: Application, _ year: Int) async throws {
        try await app.db.sql.update(Rollups.stateSchema).set("age_year", to: year).where("id", .equal, 1).run()
    }

    @Test("Two instances ticking in one period: each job runs once, by the first; after the lease expires the next tick runs them again")
    func oncePerPeriod() async throws {
        try await TestApp.withApp { app in
            // given: the age year is stale, so every job has work to record
            _ = try await Fixture.make(app)
            let year = app.capuy.today().year
            try await Self.setAgeYear(app, year - 1)
            // when
            await Self.tick(app, "instance-1", period: 600)
            await Self.tick(app, "instance-2", period: 600)
            // then
            var runs = try await Self.runs(app)
            #expect(runs.counts == Dictionary(uniqueKeysWithValues: Self.jobs.map { ($0, 1) }))
            #expect(runs.holders == ["instance-1"])
            // when: the period's lease has run out (as if 90% of the period had passed)
            try await app.db.sql.update("job_leases").set("expires_at_ms", to: Int64(0))
                .where("name", .equal, JobScheduler.periodLease).run()
            await Self.tick(app, "instance-2", period: 600)
            await Self.tick(app, "instance-1", period: 600)
            // then: the reminders and clean-up ran a second time; the age year was already current
            runs = try await Self.runs(app)
            #expect(runs.counts == ["task-reminders": 2, "case-reminders": 2, "rollup-age-year": 1, "session-cleanup": 2])
            #expect(runs.holders == ["instance-1", "instance-2"])
            #expect(try await Rollups.ageYear(on: app.db) == year)
        }
    }

    @Test("With a two-second period the lease lapses on its own: two instances ticking together run the jobs once, and again 2.1 s later")
    func shortPeriod() async throws {
        try await TestApp.withApp { app in
            // given
            _ = try await Fixture.make(app)
            // Both instances tick at the same moment, so both ask for the lease
            // well within the period however long the jobs take on a busy machine.
            func bothTick() async {
                async let one: Void = Self.tick(app, "instance-1", period: 2)
                async let two: Void = Self.tick(app, "instance-2", period: 2)
                _ = await (one, two)
            }
            // when
            await bothTick()
            let first = try await Self.runs(app)
            try await Task.sleep(for: .milliseconds(2100))
            await bothTick()
            // then
            #expect(first.counts == ["task-reminders": 1, "case-reminders": 1, "session-cleanup": 1])
            #expect(first.holders.count == 1)
            let second = try await Self.runs(app)
            #expect(second.counts == ["task-reminders": 2, "case-reminders": 2, "session-cleanup": 2])
        }
    }

    @Test("DESIGN.md Rollups: a stale age year is recounted by the rollup-age-year job, and verify is clean again")
    func staleAgeYear() async throws {
        try await TestApp.withApp { app in
            // given: a member who is 31 this year (30 last year), and the stored age year set back a year
            let f = try await Fixture.make(app)
            let year = app.capuy.today().year
            _ = try await MemberService(db: app.db, actor: .system, today: app.capuy.today()).create(
                MemberInput(fullName: "Lê Văn Trẻ", birthDate: "01/01/\(year - 31)", gender: "male", ethnicity: "Kinh",
                            partyCardNumber: nil, admissionDate: "01/01/\(year - 5)", officialDate: nil, organizationId: f.a1.id),
                manage: Scope([f.p.treePath]))
            try await Self.setAgeYear(app, year - 1)
            let (_, stale) = try await Rollups.verify(on: app.db)
            #expect(Set(stale.map(\.organizationID)) == [f.a1.id!, f.a.id!, f.p.id!], "counted in last year, he was 30")
            // when
            await Self.tick(app, "instance-1", period: 600)
            // then
            #expect(try await Rollups.ageYear(on: app.db) == year)
            try await Rollup.expectClean(app)
            #expect(try await Rollups.tally(of: f.p.id!, on: app.db)[.from31To40] == 1)
            let summaries = try await JobRun.rows(app, "rollup-age-year")
            #expect(summaries.count == 1)
            #expect(summaries.first?.contains("\(year)") == true)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "rollups.rebuild").count() == 1)
        }
    }

    @Test("When the clock's year turns, the next tick moves members into their new age bands")
    func newYear() async throws {
        try await TestApp.withApp { app in
            // given: a member who is 30 this year
            let f = try await Fixture.make(app)
            let year = app.capuy.today().year
            _ = try await MemberService(db: app.db, actor: .system, today: app.capuy.today()).create(
                MemberInput(fullName: "Lê Văn Trẻ", birthDate: "01/01/\(year - 30)", gender: "male", ethnicity: "Kinh",
                            partyCardNumber: nil, admissionDate: "01/01/\(year - 5)", officialDate: nil, organizationId: f.a1.id),
                manage: Scope([f.p.treePath]))
            #expect(try await Rollups.tally(of: f.a.id!, on: app.db)[.upTo30] == 1)
            // when: a tick at half past midnight on New Year's Day in Hà Nội
            var parts = DateComponents()
            parts.year = year + 1; parts.month = 1; parts.day = 1; parts.hour = 0; parts.minute = 30
            parts.timeZone = .vietnam
            let newYear = try #require(Calendar(identifier: .gregorian).date(from: parts))
            let c = app.capuy
            let later = CapuyContext(settings: c.settings, hasher: c.hasher, dataKey: c.dataKey, metrics: c.metrics, clock: { newYear })
            await Self.tick(app, "instance-1", period: 600, capuy: later)
            // then
            #expect(try await Rollups.ageYear(on: app.db) == year + 1)
            let a = try await Rollups.tally(of: f.a.id!, on: app.db)
            #expect(a[.upTo30] == 0 && a[.from31To40] == 1)
            try await Rollup.expectClean(app)
        }
    }
}

@Suite("Jobs: the record of runs")
struct JobRunRetentionTests {
    @Test("The clean-up job removes runs older than a month and keeps the recent ones")
    func retention() async throws {
        try await TestApp.withApp { app in
            // given
            let now = Date()
            let old = now.addingTimeInterval(-JobRun.retention - 3600)
            let recent = now.addingTimeInterval(-JobRun.retention + 3600)
            try await JobRun.record("task-reminders", holder: "h", started: old, finished: old, summary: "old", on: app.db)
            try await JobRun.record("task-reminders", holder: "h", started: recent, finished: recent, summary: "recent", on: app.db)
            // when
            let outcome = try await SessionCleanupJob(db: app.db, now: now).run(holder: "me")
            // then
            #expect(outcome.ran && outcome.jobRuns == 1)
            #expect(try await JobRun.rows(app, "task-reminders") == ["recent"])
        }
    }
}

extension JobRun {
    /// The summaries of one job's runs.
    static func rows(_ app: Application, _ name: String) async throws -> [String] {
        struct Row: Decodable { let summary: String }
        return try await app.db.sql.select().column("summary").from(schema).where("name", .equal, name).all(decoding: Row.self).map(\.summary)
    }
}

@Suite("Settings: the job interval")
struct JobIntervalSettingsTests {
    @Test("CAPUY_JOB_INTERVAL_SECONDS is 600 unless set, and takes 1 to 86400")
    func valid() throws {
        #expect(try Settings.fromEnvironment([:]).jobIntervalSeconds == 600)
        #expect(try Settings.fromEnvironment(["CAPUY_JOB_INTERVAL_SECONDS": "1"]).jobIntervalSeconds == 1)
        #expect(try Settings.fromEnvironment(["CAPUY_JOB_INTERVAL_SECONDS": "60"]).jobIntervalSeconds == 60)
        #expect(try Settings.fromEnvironment(["CAPUY_JOB_INTERVAL_SECONDS": "86400"]).jobIntervalSeconds == 86_400)
    }

    @Test("A bad interval stops start-up with one sentence naming the variable and the range",
          arguments: ["0", "86401", "-5", "ten", "1.5", "", " 60"])
    func invalid(_ raw: String) {
        let error = #expect(throws: Settings.Invalid.self) {
            _ = try Settings.fromEnvironment(["CAPUY_JOB_INTERVAL_SECONDS": raw])
        }
        let text = error?.description ?? ""
        #expect(text.contains("CAPUY_JOB_INTERVAL_SECONDS") && text.contains("1 to 86400") && text.contains("seconds"), "\(text)")
        #expect(!text.contains("\n"))
    }

    @Test("The other whole-number settings, now read by one helper, still read and refuse as before")
    func sharedHelper() throws {
        let s = try Settings.fromEnvironment(["CAPUY_DB_POOL": "8", "CAPUY_ATTACHMENT_MAX_MB": "5",
                                              "CAPUY_PORTAL_SUBMITS_PER_HOUR": "100", "CAPUY_CASE_LONG_RUNNING_DAYS": "90"])
        #expect(s.databasePoolSize == 8 && s.attachmentMaxBytes == 5 * 1_048_576)
        #expect(s.portalSubmitsPerHour == 100 && s.caseLongRunningDays == 90)
        for (name, raw) in [("CAPUY_ATTACHMENT_MAX_MB", "201"), ("CAPUY_PORTAL_SUBMITS_PER_HOUR", "0"), ("CAPUY_CASE_LONG_RUNNING_DAYS", "x")] {
            let error = #expect(throws: Settings.Invalid.self) { _ = try Settings.fromEnvironment([name: raw]) }
            #expect(error?.description.contains(name) == true)
        }
    }
}
