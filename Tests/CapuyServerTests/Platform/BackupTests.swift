@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor

/// Issue 14: `capuy backup` copies a serving database consistently, and
/// `capuy restore` brings it back into an empty one, verified.
@Suite("Backup while writing, restore into an empty database (issue 14)")
struct BackupTests {
    actor Acknowledged {
        var ids: [UUID] = []
        func add(_ id: UUID) { ids.append(id) }
    }

    @Test("A backup taken during a flood of member writes holds every write acknowledged before it, and restores verified")
    func backupDuringFlood() async throws {
        try await TestApp.withApp { app in
            guard let live = app.sqliteFile else { return } // PostgreSQL: pg_dump's own consistency, not tested here
            // given: a flood of 120 members written four at a time
            let f = try await Fixture.make(app)
            let acknowledged = Acknowledged()
            let dir = URL(fileURLWithPath: live).deletingLastPathComponent().path
            let backup = dir + "/backup.sqlite"
            let flood = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for lane in 0..<4 {
                        group.addTask {
                            for i in 0..<30 {
                                let m = try await f.member(app, "Đảng Viên Luồng \(["Một", "Hai", "Ba", "Bốn"][lane]) Số \(["A", "B", "C", "D", "E", "G"][i % 6]) \(String(repeating: "a", count: i / 6 + 1))",
                                                           in: lane % 2 == 0 ? f.a1 : f.b1)
                                await acknowledged.add(m.id!)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            // when: the backup runs once 30 writes are acknowledged, while the rest go on
            while await acknowledged.ids.count < 30 { try await Task.sleep(for: .milliseconds(5)) }
            let before = Set(await acknowledged.ids)
            try await Backup.sqlite(to: backup, on: app.db)
            try await flood.value
            // then: a second backup to the same name is refused, and the backup is a SQLite file
            await #expect(throws: Backup.Failure.self) { try await Backup.sqlite(to: backup, on: app.db) }
            #expect(Backup.format(of: backup) == .sqlite)
            let restored = dir + "/restored.sqlite"
            try Backup.restoreSQLite(from: backup, to: restored)
            #expect(throws: Backup.Failure.self) { try Backup.restoreSQLite(from: backup, to: restored) }
            let key = app.capuy.settings.dataKeyFile
            try await TestApp.withApp(configure: { $0.database = .sqlite(path: restored); $0.dataKeyFile = key }) { copy in
                let ids = Set(try await Member.query(on: copy.db).all().compactMap(\.id))
                #expect(before.isSubset(of: ids), "missing \(before.subtracting(ids).count) acknowledged writes")
                #expect(ids.count >= before.count && ids.count <= 120)
                let report = try await RestoreCheck.run(on: copy)
                #expect(report.contains("audit verify: OK"))
            }
        }
    }

    @Test("Restore refuses a file that is not a backup and a database that holds data")
    func refusals() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-backup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = dir + "/notes.txt"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: text))
        #expect(Backup.format(of: text) == nil)
        #expect(Backup.format(of: dir + "/missing") == nil)
        let full = dir + "/full.sqlite"
        try Data("SQLite format 3\u{0}and more".utf8).write(to: URL(fileURLWithPath: full))
        #expect(throws: Backup.Failure.self) { try Backup.restoreSQLite(from: full, to: full) }
    }
}
