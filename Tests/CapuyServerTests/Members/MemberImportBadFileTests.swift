@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor

/// Issue 16, "Bad input": each of these files gets a clear Vietnamese
/// message and writes nothing.
@Suite("Member import, bad files")
struct MemberImportBadFileTests {
    static func problem(_ app: Application, _ source: MemberImport.Source) async throws -> String? {
        do {
            let report = try await MemberImport(db: app.db, today: app.capuy.today()).run(source, dryRun: false)
            return report.issueCount > 0 ? report.issues.first?.message : nil
        } catch let problem as MemberImport.FileProblem {
            return problem.description
        }
    }

    @Test("A truncated XLSX, a binary file, an old .xls, a file in another encoding: refused with the reason, nothing written")
    func refusedFiles() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.member(app, "Đã Có", in: f.a1, card: "44999999")
            let good = Data((MemberImportExportTests.header + "Nguyễn Văn An,15/03/1980,Nam,Kinh,44000001,03/02/2005,03/02/2006,A1\n").utf8)
            let (xlsx, _) = try await MemberExport.xlsx(for: f.p, on: app.db, today: app.capuy.today())
            let cases: [(String, Data, String)] = [
                ("truncated XLSX", xlsx.prefix(xlsx.count / 2), "XLSX"),
                // An SQLite database: ASCII, then NUL.
                ("binary", Data("SQLite format 3\u{0}".utf8) + Data(repeating: 0, count: 100), "byte 0"),
                ("old .xls", Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), ".xls"),
                // "Nguyễn" in Windows-1258, not UTF-8.
                ("Windows-1258", Data("Họ và tên\n".utf8) + Data([0x4E, 0x67, 0x75, 0x79, 0xEA, 0xDE, 0x6E, 0x0A]), "UTF-8"),
                ("an unclosed quote", good + Data("\"Trần Thị Lan,15/03/1980,Nữ\n".utf8), "ngoặc kép"),
            ]
            for (name, data, expected) in cases {
                let message = try await Self.problem(app, .data(data))
                #expect(message?.contains(expected) == true, "\(name): \(message ?? "accepted")")
            }
            #expect(try await Member.query(on: app.db).count() == 1)
        }
    }

    @Test("A 2 GB single cell is refused at the record limit, without reading the file, and nothing is written")
    func hugeCell() async throws {
        try await TestApp.withApp { app in
            _ = try await Fixture.make(app)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-2gb-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data((MemberImportExportTests.header + "Nguyễn Văn An,15/03/1980,Nam,Kinh,44000001,03/02/2005,03/02/2006,A1\n\"").utf8).write(to: url)
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: 2 << 30)  // sparse: 2 GB long, almost nothing on disk
            try handle.close()
            let message = try await Self.problem(app, .path(url.path))
            #expect(message?.contains("dòng 3 dài quá") == true, "\(message ?? "accepted")")
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }
}
