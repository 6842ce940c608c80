import ArgumentParser
import Crypto
import Foundation

/// `capuy keys rotate`: a new data key, every sealed identity re-sealed.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Khóa dữ liệu. The data key.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Đổi khóa dữ liệu và niêm phong lại mọi danh tính (dừng các máy chủ trước). "
                + "Replace the data key and re-seal every identity (stop the servers first).")

        func run() async throws {
            let settings = try Settings.loadForCommand()
            let fm = FileManager.default
            let path = settings.dataKeyFile, next = settings.dataKeyFile + ".next"
            guard fm.fileExists(atPath: path) else {
                throw CleanExit.message("CAPUY_DATA_KEY_FILE (\(path)) không có. There is no data key to rotate.")
            }
            guard !fm.fileExists(atPath: next) else {
                throw CleanExit.message("""
                    \(next) đã có: một lần đổi khóa trước chưa xong. Nếu nhật ký có sự kiện keys.rotate mới nhất, chạy \
                    `mv \(next) \(path)`; nếu không, xóa \(next). A previous rotation did not finish: if the audit trail ends \
                    with keys.rotate, move \(next) over \(path); otherwise delete \(next).
                    """)
            }
            // The new key is on disk before any identity is sealed with it.
            let new = DataKey(key: SymmetricKey(size: .bits256))
            guard fm.createFile(atPath: next, contents: new.key.withUnsafeBytes { Data($0) }, attributes: [.posixPermissions: 0o600]) else {
                throw CleanExit.message("Không ghi được \(next). Cannot write \(next).")
            }
            let report: KeyRotation.Report
            do {
                report = try await AppRunner.withApp { app in try await KeyRotation.reseal(from: app.capuy.dataKey, to: new, on: app.db) }
            } catch {
                try? fm.removeItem(atPath: next)
                if let failure = error as? KeyRotation.Failure { throw CleanExit.message(failure.description) }
                throw error
            }
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let retired = path + ".retired-" + stamp
            try fm.moveItem(atPath: path, toPath: retired)
            try fm.moveItem(atPath: next, toPath: path)
            print("""
                Đã niêm phong lại \(report.resealed) danh tính bằng khóa mới ở \(path). Khóa cũ giữ ở \(retired) cho các bản sao lưu \
                trước; khởi động lại mọi máy chủ ngay và sao lưu khóa mới riêng.
                Re-sealed \(report.resealed) identities under the new key at \(path). The old key is kept at \(retired) for earlier \
                backups; restart every server now, and back the new key up apart.
                """)
        }
    }
}
