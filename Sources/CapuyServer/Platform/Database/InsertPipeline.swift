import Foundation

/// Runs bulk inserts one after another, in the order they were queued, while
/// the caller goes on producing the next rows (issue 19): the generator made
/// rows and then waited for SQLite to write them, so one of the machine's two
/// cores sat idle. At most `depth` batches wait at once, so memory stays
/// bounded. Used by one task at a time (the one producing rows), which must
/// call `finish` before its transaction ends, also when it fails: no insert
/// may run on a connection after its transaction.
final class InsertPipeline: @unchecked Sendable {
    private var queue: [Task<Void, any Error>] = []
    private let depth: Int

    init(depth: Int = 2) { self.depth = max(1, depth) }

    /// Queues `work` after everything queued before it. A batch whose
    /// predecessor failed does not run.
    func enqueue(_ work: @escaping @Sendable () async throws -> Void) async throws {
        let previous = queue.last
        queue.append(Task {
            if let previous { try await previous.value }
            try await work()
        })
        while queue.count > depth { try await queue.removeFirst().value }
    }

    /// Waits for every queued batch to end; throws the first failure.
    func finish() async throws {
        var failure: (any Error)?
        for task in queue {
            do { try await task.value } catch { failure = failure ?? error }
        }
        queue.removeAll()
        if let failure { throw failure }
    }
}
