import Fluent
import SQLKit

/// Walks the audit chain (DESIGN.md, Audit) and reports the first link that
/// is missing, out of order, or does not hash to what it claims.
enum AuditVerifier {
    struct Report: Sendable, Equatable {
        var checked: Int
        var problem: String?
        var isIntact: Bool { problem == nil }
    }

    static func verify(on db: any Database, batchSize: Int = 5_000) async throws -> Report {
        var expectedSeq = 1
        var prev = AuditHash.genesis
        var checked = 0
        while true {
            let batch = try await AuditEvent.query(on: db)
                .filter(\.$seq >= expectedSeq)
                .sort(\.$seq).limit(batchSize).all()
            for e in batch {
                if e.seq != expectedSeq {
                    return Report(checked: checked, problem: "Mắt xích số \(expectedSeq) bị thiếu (gặp số \(e.seq)). / Link \(expectedSeq) is missing (found \(e.seq)).")
                }
                if e.prevHash != prev {
                    return Report(checked: checked, problem: "Mắt xích số \(e.seq) không nối với mắt xích trước. / Link \(e.seq) does not point to the previous link.")
                }
                if AuditHash.compute(e) != e.hash {
                    return Report(checked: checked, problem: "Mắt xích số \(e.seq) đã bị sửa sau khi ghi (\(e.action) \(e.entity) \(e.entityId)). / Link \(e.seq) was altered after it was written.")
                }
                prev = e.hash
                expectedSeq += 1
                checked += 1
            }
            if batch.count < batchSize { break }
        }
        let head = try await db.sql.raw("SELECT seq, last_hash FROM audit_head WHERE id = 1").first(decoding: AuditHead.self)
        guard let head else { return Report(checked: checked, problem: "Thiếu dòng đầu chuỗi. / The chain head is missing.") }
        if head.seq != checked || head.last_hash != prev {
            return Report(checked: checked, problem: "Chuỗi dừng ở mắt xích \(checked) nhưng đầu chuỗi ghi \(head.seq): các mắt xích cuối đã bị xóa. / The chain ends at link \(checked) but its head records \(head.seq): trailing links were deleted.")
        }
        return Report(checked: checked, problem: nil)
    }
}
