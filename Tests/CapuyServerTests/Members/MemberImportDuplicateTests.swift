@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor

/// Issue 16, "Duplicate detection": a member without a card (probationary)
/// is the same person as one of the same name and birth date in the same
/// unit; the import reports it and creates no second one.
@Suite("Member import duplicates without a card")
struct MemberImportDuplicateTests {
    @Test("A probationary member already in the unit, or twice in the file, is reported with the row; the import writes nothing")
    func probationaryDuplicates() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.member(app, "Trần Thị Lan", in: f.a1, female: true, official: false)
            let csv = MemberImportExportTests.header + """
            Trần Thị LAN,15/03/1980,Nữ,Kinh,,03/02/2026,,A1
            Lê Văn Bình,01/01/1990,Nam,Kinh,,03/02/2026,,A2
            Lê  Văn Bình,01/01/1990,Nam,Kinh,,03/02/2026,,A2
            Trần Thị Lan,15/03/1980,Nữ,Kinh,,03/02/2026,,A2
            Lê Văn Bình,02/01/1990,Nam,Kinh,,03/02/2026,,A2
            """
            let importer = MemberImport(db: app.db, today: app.capuy.today())
            let report = try await importer.run(Data(csv.utf8), dryRun: false)
            // Row 2: already in A1 (case and spacing aside); row 4 repeats row 3. The same name in another unit,
            // or born another day, is another person.
            #expect(report.issues.map(\.row) == [2, 4])
            #expect(report.issues.first?.message.contains("đã có trong đơn vị này") == true)
            #expect(report.issues.last?.message.contains("trùng với dòng 3") == true)
            #expect(report.imported == 0)
            #expect(try await Member.query(on: app.db).count() == 1)
            // Without the duplicates, the rest goes in.
            let clean = MemberImportExportTests.header + """
            Lê Văn Bình,01/01/1990,Nam,Kinh,,03/02/2026,,A2
            Trần Thị Lan,15/03/1980,Nữ,Kinh,,03/02/2026,,A2
            Lê Văn Bình,02/01/1990,Nam,Kinh,,03/02/2026,,A2
            """
            #expect(try await importer.run(Data(clean.utf8), dryRun: false).imported == 3)
            #expect(try await Member.query(on: app.db).filter(\.$fullName == "Lê Văn Bình").count() == 2)
        }
    }
}
