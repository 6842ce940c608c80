import ArgumentParser
import CapuyCore
import Fluent
import Foundation
import Vapor

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tài khoản. Accounts.", subcommands: [Create.self, ResetPassword.self])

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Đặt lại mật khẩu, đóng mọi phiên và gỡ khóa đăng nhập; mật khẩu đọc từ bàn phím hoặc đầu vào chuẩn. "
                + "Set a new password, close every session and lift sign-in locks; the password is read from a prompt or standard input.")

        @ArgumentParser.Argument(help: "Tên đăng nhập. Username.") var username: String

        func run() async throws {
            let password = try PasswordInput.read(prompt: "Mật khẩu mới / New password: ")
            try await AppRunner.withApp { app in
                do {
                    let reset = try await UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
                        .resetPassword(username: username, to: password)
                    print("Đã đặt lại mật khẩu của \(reset.username); đã đóng \(reset.sessionsClosed) phiên\(reset.unlocked ? ", đã gỡ khóa" : ""). "
                        + "Password reset; \(reset.sessionsClosed) sessions closed\(reset.unlocked ? ", unlocked" : "").")
                } catch let failure as ValidationFailure {
                    throw CleanExit.message(failure.issues.map { "\($0.field): \($0.message) / \($0.messageEn)" }.joined(separator: "\n"))
                }
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tạo tài khoản; mật khẩu đọc từ bàn phím hoặc đầu vào chuẩn. Create an account; the password is read from a prompt or standard input.")

        @ArgumentParser.Option(help: "Tên đăng nhập. Username.") var username: String
        @ArgumentParser.Option(help: "Đơn vị: mã, đường dẫn hoặc id. Unit: code, path or id.") var organization: String
        @ArgumentParser.Option(help: "Vai trò. Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @ArgumentParser.Option(help: "Tên hiển thị. Display name (default: the username).") var displayName: String?

        func run() async throws {
            let password = try PasswordInput.read(prompt: "Mật khẩu / Password: ")
            try await AppRunner.withApp { app in
                let org = try await OrganizationLookup.find(organization, on: app.db)
                let service = UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
                do {
                    let user = try await service.create(UserCreateInput(username: username, displayName: displayName ?? username,
                                                                        password: password, role: role, organizationId: org.id!), scope: nil)
                    print("Đã tạo tài khoản \(user.username) (\(role) · \(org.name)). Account created.")
                } catch let failure as ValidationFailure {
                    throw CleanExit.message(failure.issues.map { "\($0.field): \($0.message) / \($0.messageEn)" }.joined(separator: "\n"))
                }
            }
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Nhập dữ liệu. Import data.", subcommands: [Members.self])

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nhập danh sách đảng viên từ CSV hoặc XLSX (tất cả hoặc không). Import a member list, all rows or none.")

        @ArgumentParser.Argument(help: "Tệp CSV hoặc XLSX. The CSV or XLSX file.") var file: String
        @ArgumentParser.Flag(help: "Chỉ kiểm tra, không ghi. Check every row, write nothing.") var dryRun = false
        @ArgumentParser.Flag(help: """
            Cập nhật đảng viên đã có (khớp số thẻ, hoặc họ tên, ngày sinh và chi bộ nếu chưa có thẻ), thêm người mới; \
            chỉ đổi những gì khác. Update registered members (matched by card, or by name, birth date and unit \
            without a card) and add new ones; only what differs changes.
            """) var update = false

        /// SQLite's page cache for the import's connections: its share of the 256 MB the import may use.
        static let cacheMiB = 8

        func run() async throws {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw CleanExit.message("Không đọc được tệp \(file). Cannot read \(file).")
            }
            try await AppRunner.withApp { app in
                // No memory-mapped reads: every page of a national file's move would count in the import's memory.
                try await SQLiteTuning.cache(app, mebibytes: Self.cacheMiB)
                let started = Date()
                let bar = ProgressBar(label: dryRun ? "Kiểm tra" : "Nhập")
                let report: MemberImport.Report
                do {
                    var importer = MemberImport(db: app.db, today: app.capuy.today())
                    importer.mode = update ? .update : .create
                    importer.clock = PhaseClock()
                    report = try await importer.run(.path(file), dryRun: dryRun, progress: { p in
                        bar.update(p.bytes, p.totalBytes ?? p.bytes, items: p.rows, unit: "dòng")
                    })
                } catch let problem as MemberImport.FileProblem {
                    throw CleanExit.message(problem.description)
                }
                bar.finish()
                try print(report, seconds: Date().timeIntervalSince(started))
            }
        }

        private func print(_ report: MemberImport.Report, seconds: Double) throws {
            for issue in report.issues.prefix(1_000) {
                Swift.print("Dòng \(issue.row), cột “\(issue.column)”: \(issue.message)")
            }
            if report.issueCount > 1_000 { Swift.print("… và \(report.issueCount - 1_000) lỗi khác.") }
            if report.issueCount > 0 {
                throw CleanExit.message("\(report.issueCount) lỗi trong \(report.rows) dòng; không ghi dòng nào. \(report.issueCount) problems in \(report.rows) rows; nothing was written.")
            }
            for change in report.changes.prefix(update ? 1_000 : 0) {
                Swift.print("Dòng \(change.row), \(change.name): \(change.fields.joined(separator: "; "))")
            }
            if report.updates > report.changes.count { Swift.print("… và \(report.updates - report.changes.count) đảng viên khác được cập nhật.") }
            let counts = update
                ? "\(report.adds) thêm mới, \(report.updates) cập nhật, \(report.unchanged) không đổi. \(report.adds) new, \(report.updates) updated, \(report.unchanged) unchanged."
                : "\(report.adds) đảng viên. \(report.adds) members."
            if dryRun {
                Swift.print("Kiểm tra xong \(report.rows) dòng, chưa ghi: \(counts) Dry run, nothing written.")
            } else {
                let rate = ProgressBar.rate(report.rows, seconds: seconds)
                Swift.print("Đã nhập trong \(String(format: "%.2f", seconds)) giây (\(rate) dòng/giây): \(counts) SHA-256 \(report.sha256). Imported in \(String(format: "%.2f", seconds)) s (\(rate) rows/s).")
            }
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Xuất dữ liệu. Export data.", subcommands: [Members.self])

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Xuất danh sách đảng viên ra XLSX. Export a unit's members to XLSX.")

        @ArgumentParser.Option(help: "Đơn vị: mã, đường dẫn hoặc id. Unit: code, path or id.") var organization: String
        @ArgumentParser.Argument(help: "Tệp XLSX sẽ ghi. The XLSX file to write.") var file: String

        func run() async throws {
            try await AppRunner.withApp { app in
                let org = try await OrganizationLookup.find(organization, on: app.db)
                let count: Int
                do {
                    count = try await MemberExport.write(for: org, to: URL(fileURLWithPath: file), on: app.db, today: app.capuy.today())
                } catch is XLSXError {
                    throw CleanExit.message("Không ghi được tệp \(file). Cannot write \(file).")
                }
                print("Đã xuất \(count) đảng viên của \(org.name) ra \(file). Exported \(count) members.")
            }
        }
    }
}

/// Finds a unit named on the command line by id, code or path.
enum OrganizationLookup {
    static func find(_ key: String, on db: any Database) async throws -> Organization {
        if let id = UUID(uuidString: key), let org = try await Organization.find(id, on: db) { return org }
        if let org = try await Organization.query(on: db).group(.or, { $0.filter(\.$code == key).filter(\.$path == key) }).first() {
            return org
        }
        throw CleanExit.message("Không có đơn vị “\(key)” (cần mã, đường dẫn hoặc id). No unit “\(key)” (give a code, path or id).")
    }
}
