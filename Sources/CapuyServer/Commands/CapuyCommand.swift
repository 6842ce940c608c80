import ArgumentParser
import Foundation
import Vapor

/// `capuy`: the server and its maintenance commands.
public struct CapuyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "capuy",
        abstract: "capuy: phần mềm công tác xây dựng Đảng (party-building work software).",
        subcommands: [Serve.self, Migrate.self, Users.self, Units.self, Reorganize.self, Import.self, Export.self, Audit.self, RollupsCommand.self, Jobs.self,
                      Generate.self, Bench.self, BackupCommand.self, RestoreCommand.self, Keys.self, ReportCommand.self],
        defaultSubcommand: Serve.self)

    public init() {}

    /// Runs the command line, printing a clean sentence for expected failures.
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            return 0
        } catch let clean as CleanExit {
            FileHandle.standardError.write(Data(("capuy: " + clean.description + "\n").utf8))
            return 1
        } catch {
            let code = exitCode(for: error)
            if code.rawValue != 0 || !(error is CleanExit) {
                let message = fullMessage(for: error)
                if !message.isEmpty {
                    let stream = code.rawValue == 0 ? FileHandle.standardOutput : FileHandle.standardError
                    stream.write(Data((message + "\n").utf8))
                }
            }
            return code.rawValue
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Chạy máy chủ web (mặc định). Serve the web app.")

    @ArgumentParser.Flag(help: "Điền dữ liệu mẫu vào cơ sở dữ liệu trống. Fill an empty database with a demo province.")
    var demo = false
    @ArgumentParser.Option(help: "Địa chỉ lắng nghe. Address to listen on (default CAPUY_HOSTNAME or 127.0.0.1).")
    var hostname: String?
    @ArgumentParser.Option(help: "Cổng. Port (default CAPUY_PORT or 8080).")
    var port: Int?

    func run() async throws {
        if let port, !(1...65_535).contains(port) { throw ValidationError("--port must be from 1 to 65535.") }
        let settings = try? Settings.fromEnvironment()
        let host = hostname ?? settings?.hostname ?? "127.0.0.1"
        let port = self.port ?? settings?.port ?? 8080
        try await AppRunner.withApp(arguments: ["capuy", "serve", "--hostname", host, "--port", String(port)]) { app in
            if demo { try await DemoSeeder.seedIfEmpty(app) }
            let jobs = JobScheduler.start(app)
            let searchCounts = MemberSearchTerms.keepCounts(app)
            defer { jobs.cancel(); searchCounts?.cancel() }
            try await app.execute()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tạo hoặc cập nhật lược đồ cơ sở dữ liệu. Create or update the schema.")

    @ArgumentParser.Flag(help: "Cũng điền dữ liệu mẫu nếu cơ sở dữ liệu trống. Also seed the demo province into an empty database.")
    var demo = false

    func run() async throws {
        try await AppRunner.withApp { app in
            if demo { try await DemoSeeder.seedIfEmpty(app) }
            print("Cơ sở dữ liệu đã sẵn sàng. The database is up to date.")
        }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Nhật ký thay đổi. Audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Kiểm tra chuỗi băm của nhật ký. Verify the hash chain.")

        func run() async throws {
            let report = try await AppRunner.withApp { app in try await AuditVerifier.verify(on: app.db) }
            if let problem = report.problem {
                throw CleanExit.message("audit verify: BROKEN after \(report.checked) good links. \(problem)")
            }
            print("audit verify: OK, \(report.checked) links intact. Chuỗi nhật ký toàn vẹn.")
        }
    }
}
