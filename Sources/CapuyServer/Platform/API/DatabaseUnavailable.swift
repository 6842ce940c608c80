import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

/// Failures of the storage rather than of the request (issue 14, fault
/// tests): a full disk under SQLite, PostgreSQL restarting or unreachable,
/// or no connection free in time. They answer 503 with a plain sentence and
/// Retry-After, never the generic 500, and the transaction they hit was
/// rolled back, so nothing is half-written; the next request tries again.
enum DatabaseUnavailable {
    static let diskFull = Refusal(.serviceUnavailable,
                                  "Máy chủ đã hết chỗ lưu trữ nên chưa ghi được dữ liệu bạn gửi; không có gì bị ghi dở. Vui lòng thử lại sau ít phút.",
                                  en: "The server has run out of storage, so nothing you sent was written. Please try again in a few minutes.",
                                  retryAfter: 60)
    static let unreachable = Refusal(.serviceUnavailable,
                                     "Cơ sở dữ liệu tạm thời không truy cập được nên chưa ghi được dữ liệu bạn gửi. Vui lòng thử lại sau giây lát.",
                                     en: "The database cannot be reached for a moment, so nothing you sent was written. Please try again shortly.",
                                     retryAfter: 5)

    /// The refusal for a storage failure, or nil for any other error.
    static func refusal(for error: any Error) -> Refusal? {
        switch error {
        case let e as SQLiteError:
            switch e.reason {
            case .full: return diskFull
            case .busy, .busyTimeout, .locked: return unreachable
            default: return nil
            }
        case let e as PSQLError:
            switch e.code {
            case .serverClosedConnection, .connectionError, .clientClosedConnection, .uncleanShutdown:
                return unreachable
            case .server:
                // Class 08 (connection exception) and 57 (operator intervention: shutdown, restart).
                let state = e.serverInfo?[.sqlState] ?? ""
                if state == "53100" { return diskFull }
                return state.hasPrefix("08") || state.hasPrefix("57") ? unreachable : nil
            default:
                return nil
            }
        case is ConnectionPoolTimeoutError, is ClosedConnectionGuard.Closed:
            return unreachable
        default:
            return nil
        }
    }
}
