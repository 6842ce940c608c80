import ArgumentParser
import Fluent
import Foundation
import SQLKit
import Vapor

/// `capuy backup FILE [--key-to PATH]`: a consistent copy while serving.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Sao lưu cơ sở dữ liệu khi máy chủ vẫn chạy. Back up the database while serving.")

    @ArgumentParser.Argument(help: "Tệp sao lưu (chưa có). The backup file (must not exist).") var file: String
    @ArgumentParser.Option(help: "Cũng chép khóa dữ liệu ra tệp này, để cất ở nơi khác. Also copy the data key here, to keep apart.")
    var keyTo: String?

    func run() async throws {
        let settings = try Settings.loadForCommand()
        do {
            switch settings.database {
            case .sqlite:
                try await AppRunner.withApp(migrate: false) { app in try await Backup.sqlite(to: file, on: app.db) }
            case .postgres(let url):
                try Backup.postgres(url: url, to: file)
            }
            if let keyTo { try copyKey(from: settings.dataKeyFile, to: keyTo) }
        } catch let failure as Backup.Failure {
            throw CleanExit.message(failure.description)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print("Đã sao lưu vào \(file) (\(size / 1024) KB). Backed up to \(file).")
        if case .postgres = settings.database {
            print("Khôi phục / restore: CAPUY_DATABASE_URL=<cơ sở dữ liệu trống / an empty database> capuy restore \(file)")
        }
        print("""
            CẢNH BÁO: bản sao lưu không chứa khóa dữ liệu (\(settings.dataKeyFile)). Thiếu khóa thì không mở được danh tính \
            người gửi đơn; ai có cả hai thì mở được. Hãy cất khóa riêng, ở nơi khác bản sao lưu.
            WARNING: the backup holds no data key. Without the key the submitters' identities cannot be opened; whoever holds both can \
            open them. Keep the key apart from the backup.
            """)
    }

    private func copyKey(from source: String, to target: String) throws {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: target) else {
            throw Backup.Failure(description: "Tệp \(target) đã có. \(target) exists already.")
        }
        guard let key = fm.contents(atPath: source), fm.createFile(atPath: target, contents: key, attributes: [.posixPermissions: 0o600]) else {
            throw Backup.Failure(description: "Không chép được khóa dữ liệu sang \(target). Cannot copy the data key to \(target).")
        }
        print("Đã chép khóa dữ liệu sang \(target) (chỉ chủ sở hữu đọc được). The data key is in \(target), mode 0600.")
    }
}

/// `capuy restore FILE`: into an empty database, then both verifications.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Khôi phục bản sao lưu vào cơ sở dữ liệu trống, rồi kiểm tra. Restore a backup into an empty database, then verify it.")

    @ArgumentParser.Argument(help: "Tệp sao lưu. The backup file.") var file: String

    func run() async throws {
        let settings = try Settings.loadForCommand()
        guard FileManager.default.fileExists(atPath: settings.dataKeyFile) else {
            throw CleanExit.message("CAPUY_DATA_KEY_FILE (\(settings.dataKeyFile)) không có: đặt tệp khóa dữ liệu đã cất riêng vào đó trước. "
                + "Put the data key kept with the backup there first; a new key would not open its identities.")
        }
        guard let format = Backup.format(of: file) else {
            throw CleanExit.message("\(file) không phải bản sao lưu của capuy. \(file) is not a capuy backup.")
        }
        do {
            switch (settings.database, format) {
            case (.sqlite(let path), .sqlite):
                try Backup.restoreSQLite(from: file, to: path)
            case (.postgres(let url), .postgresDump):
                try await AppRunner.withApp(migrate: false) { app in try await Backup.restorePostgres(from: file, url: url, on: app.db) }
            default:
                throw Backup.Failure(description: "Bản sao lưu \(format == .sqlite ? "SQLite" : "PostgreSQL") không khôi phục vào loại cơ sở dữ liệu này. "
                    + "This backup's kind does not match CAPUY_DATABASE_URL.")
            }
        } catch let failure as Backup.Failure {
            throw CleanExit.message(failure.description)
        }
        do {
            print(try await AppRunner.withApp { app in try await RestoreCheck.run(on: app) })
        } catch {
            // A SQLite restore that does not verify is taken away again, so the
            // next attempt (with the right key) starts from an empty database.
            if case .sqlite(let path) = settings.database {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            throw error
        }
    }
}

/// After a restore: the audit chain, the rollups and the data key.
enum RestoreCheck {
    static func run(on app: Application) async throws -> String {
        let audit = try await AuditVerifier.verify(on: app.db)
        if let problem = audit.problem { throw CleanExit.message("audit verify: BROKEN after \(audit.checked) good links. \(problem)") }
        let (checked, differences) = try await Rollups.verify(on: app.db)
        let ratings = try await RatingRollups.verify(on: app.db)
        guard differences.isEmpty, ratings.isEmpty else {
            throw CleanExit.message("rollups verify: \(differences.count) units and \(ratings.count) rating counts differ.")
        }
        struct Sealed: Decodable { let identity_sealed: String }
        if let one = try await app.db.sql.raw("SELECT identity_sealed FROM cases WHERE identity_sealed IS NOT NULL LIMIT 1")
            .first(decoding: Sealed.self) {
            guard (try? SubmitterIdentity.open(one.identity_sealed, with: app.capuy.dataKey)) != nil else {
                throw CleanExit.message("CAPUY_DATA_KEY_FILE không mở được danh tính trong bản sao lưu: đây không phải khóa của nó. "
                    + "The data key does not open the backup's sealed identities: it is not the backup's key.")
            }
        }
        return "Đã khôi phục. Restored. audit verify: OK, \(audit.checked) links; rollups verify: OK, \(checked) units, ratings too."
    }
}

extension Settings {
    /// The environment's settings, or one clean sentence naming the variable.
    static func loadForCommand() throws -> Settings {
        do { return try Settings.fromEnvironment() } catch let e as Settings.Invalid { throw CleanExit.message(e.description) }
    }
}
