import CapuyCore
import Foundation
import Vapor

/// The app's own services, reached through `app.capuy` / `req.capuy`.
/// The outside world (clock, key file) comes in here so tests can fix it.
final class CapuyContext: Sendable {
    let settings: Settings
    let hasher: PasswordHasher
    let dataKey: DataKey
    let metrics: Metrics
    /// Working days for case time limits, with the holidays kept a minute.
    let calendar = CaseCalendar()
    /// Which closed units each grant set reads as its predecessors (issue 15).
    let inheritedRecords = InheritedRecords.Cache()
    private let clock: @Sendable () -> Date

    init(settings: Settings, hasher: PasswordHasher, dataKey: DataKey, metrics: Metrics,
         clock: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.hasher = hasher
        self.dataKey = dataKey
        self.metrics = metrics
        self.clock = clock
    }

    func now() -> Date { clock() }

    /// Today's date where the users are (dates are shown in Asia/Ho_Chi_Minh).
    func today() -> LocalDate { LocalDate.date(of: clock(), in: .vietnam) }
}

extension TimeZone {
    static let vietnam = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!
}

extension Application {
    private struct Key: StorageKey { typealias Value = CapuyContext }

    var capuy: CapuyContext {
        get {
            guard let context = storage[Key.self] else { fatalError("configure(app) was not called") }
            return context
        }
        set { storage[Key.self] = newValue }
    }
}

extension Request {
    var capuy: CapuyContext { application.capuy }
}
