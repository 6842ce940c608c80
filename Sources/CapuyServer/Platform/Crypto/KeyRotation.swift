import Fluent
import Foundation
import SQLKit

/// `capuy keys rotate` (issue 14): every identity sealed under the current
/// data key is opened and sealed again under a new one, and its keyed
/// fingerprint recomputed, in one transaction: all or nothing. A seal the
/// current key cannot open stops the rotation before anything is written.
enum KeyRotation {
    struct Report: Encodable, Equatable {
        let resealed: Int
        /// Receipt codes kept for repeated portal submissions (a day's worth).
        var submissionKeys = 0
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private struct Row: Decodable {
        let id: UUID
        let identity_sealed: String
    }

    static func reseal(from old: DataKey, to new: DataKey, on db: any Database) async throws -> Report {
        try await db.write(as: .system) { tx, trail in
            let rows = try await tx.sql.select().columns("id", "identity_sealed").from(CitizenCase.schema)
                .where("identity_sealed", .isNot, SQLLiteral.null).all(decoding: Row.self)
            for row in rows {
                guard let identity = try? SubmitterIdentity.open(row.identity_sealed, with: old) else {
                    throw Failure(description: "Khóa hiện tại không mở được danh tính của hồ sơ \(row.id); không đổi gì. "
                        + "The current key cannot open case \(row.id)'s identity; nothing was changed.")
                }
                try await tx.sql.update(CitizenCase.schema)
                    .set("identity_sealed", to: SQLBind(try identity.seal(with: new)))
                    .set("identity_fingerprint", to: SQLBind(identity.fingerprint(with: new)))
                    .where("id", .equal, row.id).run()
            }
            let keys = try await PortalSubmissionKey.query(on: tx).all()
            for key in keys {
                guard let code = try? old.open(key.receiptSealed) else {
                    throw Failure(description: "Khóa hiện tại không mở được mã tiếp nhận lưu cho đơn gửi lại; không đổi gì. "
                        + "The current key cannot open a receipt kept for a repeated submission; nothing was changed.")
                }
                key.receiptSealed = try new.seal(code)
                try await key.update(on: tx)
            }
            let report = Report(resealed: rows.count, submissionKeys: keys.count)
            trail.record("keys.rotate", entity: "data_key", id: UUID(), path: "", after: report)
            return report
        }
    }
}
