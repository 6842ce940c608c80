import CapuyCore
import Fluent
import Foundation

/// Issue 14, item 5: a portal submission that was stored must reach its
/// citizen. A client that lost the answer (a dropped line, a timeout, a
/// double click) sends the same submission again with the same key (the
/// `Idempotency-Key` header in the API, a hidden field of the form) and gets
/// the same receipt code; no second case is made. Only the key's hash is
/// kept, a day, with the receipt code sealed under the data key.
final class PortalSubmissionKey: Model, @unchecked Sendable {
    static let schema = "portal_submission_keys"
    static let retention: TimeInterval = 24 * 3600
    static let header = "Idempotency-Key"

    @ID(custom: "key_hash", generatedBy: .user) var id: String?
    @Field(key: "request_hash") var requestHash: String
    @Field(key: "case_id") var caseId: UUID
    @Field(key: "receipt_sealed") var receiptSealed: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A key as the client sent it, checked, with the fingerprint of what it
/// came with.
struct SubmissionKey: Sendable {
    let hash: String
    let requestHash: String

    /// nil when no key came. A key is 16 to 200 visible ASCII characters (a
    /// UUID is one); anything else is refused rather than ignored, so a
    /// client never believes it is protected when it is not.
    static func parse(_ raw: String?, field: String, request parts: [String]) throws -> SubmissionKey? {
        guard let raw, !raw.isEmpty else { return nil }
        guard wellFormed(raw) else {
            throw ValidationFailure(field: field, "Khóa chống gửi trùng phải dài 16–200 ký tự ASCII nhìn thấy được (ví dụ một UUID).",
                                    en: "The idempotency key must be 16–200 visible ASCII characters (a UUID, say).")
        }
        return SubmissionKey(hash: Digest.sha256Hex(Data(raw.utf8)),
                             requestHash: Digest.sha256Hex(Data(parts.joined(separator: "\u{1F}").utf8)))
    }

    static func wellFormed(_ raw: String) -> Bool {
        (16...200).contains(raw.utf8.count) && raw.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// The key a portal form sent back: only one the page itself wrote is
    /// used; anything else (a tampered form) counts as none.
    static func fromForm(_ raw: String?) -> String? {
        raw.flatMap { wellFormed($0) ? $0 : nil }
    }

    /// The receipt already given for this key, or nil when the key is new.
    /// The same key with another submission is refused: it is a client's
    /// bug, and answering with the first receipt would hide it.
    func prior(on db: any Database, dataKey: DataKey) async throws -> (caseId: UUID, code: String)? {
        guard let row = try await PortalSubmissionKey.find(hash, on: db) else { return nil }
        guard row.requestHash == requestHash else {
            throw ValidationFailure(field: PortalSubmissionKey.header, "Khóa chống gửi trùng này đã dùng cho một đơn khác.",
                                    en: "This idempotency key was already used for another submission.")
        }
        return (row.caseId, try dataKey.open(row.receiptSealed))
    }

    func remember(caseId: UUID, code: String, dataKey: DataKey, now: Date, on db: any Database) async throws {
        let row = PortalSubmissionKey()
        row.id = hash
        row.requestHash = requestHash
        row.caseId = caseId
        row.receiptSealed = try dataKey.seal(code)
        row.createdAt = now
        try await row.create(on: db)
    }
}

struct CreatePortalSubmissionKeys: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PortalSubmissionKey.schema)
            .field("key_hash", .string, .identifier(auto: false))
            .field("request_hash", .string, .required)
            .field("case_id", .uuid, .required)
            .field("receipt_sealed", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "portal_submission_keys_created").on(PortalSubmissionKey.schema).column("created_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PortalSubmissionKey.schema).delete()
    }
}
