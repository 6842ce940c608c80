@testable import CapuyServer
import Foundation
import Testing

/// Issue 15: `capuy units create` starts a tree from the console (a top
/// unit), and adds units under it, with the same checks as the API. Runs the
/// built `capuy` binary against a fresh SQLite file.
@Suite("capuy units create (issue 15)")
struct UnitCommandTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/capuy")

    static func run(_ arguments: [String], in dir: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["CAPUY_DATABASE_URL"] = "sqlite://" + dir.appendingPathComponent("units.sqlite").path
        env["CAPUY_DATA_KEY_FILE"] = dir.appendingPathComponent("data.key").path
        env.removeValue(forKey: "CAPUY_TEST_DATABASE_URL")
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("A top unit from an empty database, a district under it, and a kind that cannot stand there refused in Vietnamese",
          .enabled(if: FileManager.default.isExecutableFile(atPath: UnitCommandTests.binary.path), "needs swift build"))
    func createsATree() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let top = try Self.run(["units", "create", "--name", "Đảng bộ tỉnh Quảng Bình", "--code", "QB", "--opened-on", "01/01/1989"], in: dir)
        #expect(top.status == 0, "\(top.output)")
        #expect(top.output.contains("Đã tạo Đảng bộ tỉnh Quảng Bình") && top.output.contains("0001"), "\(top.output)")
        let district = try Self.run(["units", "create", "--name", "Đảng bộ huyện Lệ Thủy", "--kind", "districtCommittee", "--code", "LT",
                                     "--parent", "QB"], in: dir)
        #expect(district.status == 0, "\(district.output)")
        #expect(district.output.contains("0001.0001"), "\(district.output)")
        // A cell cannot stand under a district; a second unit may not reuse a code.
        let misplaced = try Self.run(["units", "create", "--name", "Chi bộ Lạc Chỗ", "--kind", "cell", "--parent", "LT"], in: dir)
        #expect(misplaced.status != 0 && misplaced.output.contains("không thể có đơn vị trực thuộc"), "\(misplaced.output)")
        let reused = try Self.run(["units", "create", "--name", "Đảng bộ tỉnh Trùng Mã", "--code", "QB"], in: dir)
        #expect(reused.status != 0 && reused.output.contains("đã được dùng"), "\(reused.output)")
    }
}
