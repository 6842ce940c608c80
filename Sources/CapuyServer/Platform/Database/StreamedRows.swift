import NIOConcurrencyHelpers
import SQLKit

extension SQLQueryFetcher {
    /// The result, each row turned into a value as it arrives; only the
    /// values are kept. `all()` holds every row at once, which for the
    /// 200,000 units a national import groups into cost more memory than the
    /// values (issue 16).
    func collect<T: Sendable>(_ transform: @escaping @Sendable (any SQLRow) throws -> T) async throws -> [T] {
        let found = NIOLockedValueBox<(values: [T], error: (any Error)?)>(([], nil))
        try await run { row in
            found.withLockedValue { state in
                guard state.error == nil else { return }
                do { state.values.append(try transform(row)) } catch { state.error = error }
            }
        }
        return try found.withLockedValue { state in
            if let error = state.error { throw error }
            return state.values
        }
    }
}
