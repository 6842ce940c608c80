@testable import CapuyServer
import CapuyCore
import Fluent
import SQLKit
import Foundation
import Testing
import Vapor

/// Issue 16, "An update mode": a list that comes back (an export an office
/// corrected) updates the members it matches, by card or, without a card,
/// by name, birth date and unit; it reports what it would change and
/// changes only that.
@Suite("Member import, update mode")
struct MemberImportUpdateTests {
    static func importer(_ app: Application, _ mode: MemberImport.Mode) -> MemberImport {
        var importer = MemberImport(db: app.db, today: app.capuy.today())
        importer.mode = mode
        return importer
    }

    @Test("A corrected list updates only the changed members, adds the new one, and audits each change with before and after")
    func updatesWhatDiffers() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let an = try await f.member(app, "Nguyễn Văn An", in: f.a1, card: "44000001")
            let binh = try await f.member(app, "Lê Văn Bình", in: f.a1, card: "44000002")
            let lan = try await f.member(app, "Trần Thị Lan", in: f.a2, female: true, official: false)
            // An's birth date is corrected; Bình is unchanged; Lan, without a card, is matched by name, birth
            // date and unit and changes her ethnicity; a new member is added. A title block sits above the header.
            let csv = "Danh sách đảng viên\nĐơn vị: Đảng bộ tỉnh,,,\n" + MemberImportExportTests.header + """
            Nguyễn Văn An,16/03/1980,Nam,Kinh,44000001,03/02/2005,03/02/2006,A1
            Lê Văn Bình,15/03/1980,Nam,Kinh,44000002,03/02/2005,03/02/2006,A1
            TRẦN THỊ LAN,15/03/1980,Nữ,Tày,,03/02/2005,,A2
            Phạm Văn Mới,01/01/1990,Nam,Kinh,44000003,01/01/2015,01/01/2016,A2
            """
            let dry = try await Self.importer(app, .update).run(Data(csv.utf8), dryRun: true)
            #expect(dry.issues.isEmpty, "\(dry.issues)")
            #expect((dry.adds, dry.updates, dry.unchanged) == (1, 2, 1))
            #expect(dry.changes.map(\.row) == [4, 6])
            #expect(dry.changes.first?.fields == ["Ngày sinh: 15/03/1980 → 16/03/1980"])
            #expect(dry.changes.last?.fields == ["Dân tộc: Kinh → Tày"])
            #expect(try await Member.query(on: app.db).count() == 3)

            let binhBefore = try await Member.find(binh.id, on: app.db)?.updatedAt
            let done = try await Self.importer(app, .update).run(Data(csv.utf8), dryRun: false)
            #expect(done.written && done.imported == 1 && done.updated == 2)
            #expect(try await Member.find(an.id, on: app.db)?.birthDate == "1980-03-16")
            let binhAfter = try #require(try await Member.find(binh.id, on: app.db))
            #expect(binhAfter.updatedAt == binhBefore)
            #expect(try await Member.find(lan.id, on: app.db)?.ethnicity == "Tày")
            #expect(try await Member.query(on: app.db).count() == 4)
            let updates = try await AuditEvent.query(on: app.db).filter(\.$action == "member.import.update").all()
            #expect(Set(updates.map(\.entityId)) == [an.id!, lan.id!])
            #expect(updates.first { $0.entityId == lan.id }?.before?.contains("\"ethnicity\":\"Kinh\"") == true)
            #expect(updates.first { $0.entityId == lan.id }?.after?.contains("\"ethnicity\":\"Tày\"") == true)
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
            #expect(try await Rollups.verify(on: app.db).differences.isEmpty)
            #expect(try await Rollups.tally(of: f.p.id!, on: app.db).minority == 1)

            // The same file again changes nothing.
            let again = try await Self.importer(app, .update).run(Data(csv.utf8), dryRun: false)
            #expect((again.adds, again.updates, again.unchanged, again.written) == (0, 0, 4, false))
        }
    }

    @Test("An update that would move a member to another unit is refused: a move is a transfer")
    func refusesMoves() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.member(app, "Nguyễn Văn An", in: f.a1, card: "44000001")
            let csv = MemberImportExportTests.header + """
            Nguyễn Văn An,15/03/1980,Nam,Kinh,44000001,03/02/2005,03/02/2006,A2
            Nguyễn Văn An,15/03/1980,Nam,Kinh,44000001,03/02/2005,03/02/2006,A1
            """
            let report = try await Self.importer(app, .update).run(Data(csv.utf8), dryRun: false)
            #expect(report.issues.map { "\($0.row)|\($0.column)" } == ["2|Chi bộ", "3|Số thẻ đảng"])
            #expect(report.issues.first?.message.contains("chuyển sinh hoạt") == true)
            #expect(!report.written)
            #expect(try await Member.query(on: app.db).filter(\.$organization.$id == f.a2.id!).count() == 0)
        }
    }

    @Test("An export re-imported as new members is refused card by card; as an update it changes nothing")
    func exportRoundTrip() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.member(app, "Nguyễn Văn An", in: f.a1, card: "44000001")
            _ = try await f.member(app, "Trần Thị Lan", in: f.a2, female: true, official: false)
            let (xlsx, _) = try await MemberExport.xlsx(for: f.p, on: app.db, today: app.capuy.today())
            let asNew = try await Self.importer(app, .create).run(xlsx, dryRun: true)
            #expect(asNew.issues.map(\.column) == ["Số thẻ đảng", "Họ và tên"])
            let asUpdate = try await Self.importer(app, .update).run(xlsx, dryRun: false)
            #expect(asUpdate.issueCount == 0, "\(asUpdate.issues)")
            #expect((asUpdate.adds, asUpdate.updates, asUpdate.unchanged) == (0, 0, 2))
        }
    }
}

/// Issue 16: a load larger than the table drops the members' indexes and
/// builds them again in the same transaction.
@Suite("Member import, large loads")
struct MemberImportLargeLoadTests {
    @Test("The rebuilt indexes are the database's own, and a load that rebuilds them leaves lists, search and counts right")
    func rebuildsIndexes() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let names = try await Self.indexNames(app)
            #expect(Set(MemberIndexes.secondary.map(\.name)).isSubset(of: names))
            #expect(names.subtracting(MemberIndexes.secondary.map(\.name)).isSubset(of: [MemberSearchIndex.table]), "\(names)")
            var importer = MemberImport(db: app.db, today: app.capuy.today())
            importer.rebuildIndexesFrom = 2
            let csv = MemberImportExportTests.header + """
            Nguyễn Văn An,15/03/1980,Nam,Kinh,44000001,03/02/2005,03/02/2006,A1
            Trần Thị Lan,15/03/1980,Nữ,Tày,,03/02/2025,,A2
            """
            #expect(try await importer.run(Data(csv.utf8), dryRun: false).imported == 2)
            #expect(try await Self.indexNames(app) == names)
            let all = Scope([f.p.treePath])
            #expect(try await MemberSearchTests.names(app, "thi lan", in: all) == ["Trần Thị Lan"])
            #expect(try await Rollups.verify(on: app.db).differences.isEmpty)
            // The search index's insert trigger is back: a member added afterwards is found.
            _ = try await f.member(app, "Lý Thị Mới", in: f.a1, female: true)
            #expect(try await MemberSearchTests.names(app, "ly thi moi", in: all) == ["Lý Thị Mới"])
        }
    }

    static func indexNames(_ app: Application) async throws -> Set<String> {
        struct Row: Decodable { let name: String }
        let sql = app.db.isSQLite
            ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' AND name NOT LIKE 'sqlite_autoindex%'"
            // From the catalogs, not pg_indexes: its definitions are computed for every schema's
            // indexes, and other tests drop theirs meanwhile ("could not open relation").
            : """
              SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
              JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
              WHERE n.nspname = current_schema() AND t.relname = 'members' AND NOT i.indisunique
              """
        return Set(try await app.db.sql.raw(SQLQueryString(sql)).all(decoding: Row.self).map(\.name))
    }
}
