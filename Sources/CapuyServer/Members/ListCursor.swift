import CapuyCore
import Crypto
import Foundation

/// Where a keyset page starts (issue 16): after the last row of the page
/// before, named by its sort key and id. A list at national size pages on
/// `(sort_key, id)` from the index instead of counting past an offset. The
/// cursor is signed with a key derived from the data key, so a client hands
/// it back but cannot forge or edit one; a tampered cursor is refused with a
/// reason, never read.
struct ListCursor: Equatable, Sendable {
    let sortKey: String
    let id: UUID

    /// The page after a cursor (the next one) or before it (the previous one).
    enum Direction: Sendable, Equatable {
        case after(ListCursor)
        case before(ListCursor)
    }

    /// Longer than any cursor this server writes (a sort key is a folded name).
    static let maxLength = 1_024

    static func refused(_ field: String) -> ValidationFailure {
        ValidationFailure(field: field, "Con trỏ trang không hợp lệ hoặc đã bị sửa: mở lại danh sách từ trang đầu.",
                          en: "The page cursor is invalid or was altered: open the list from its first page.")
    }

    /// The page a request asks for by its two cursor parameters (`after` and
    /// `before` in the API, `sau` and `truoc` on the page): at most one.
    static func direction(after: String?, before: String?, key: DataKey, fields: (after: String, before: String)) throws -> Direction? {
        switch (after, before) {
        case (let after?, nil): return .after(try decode(after, key: key, field: fields.after))
        case (nil, let before?): return .before(try decode(before, key: key, field: fields.before))
        case (nil, nil): return nil
        case (_?, _?): throw ValidationFailure(field: fields.before, "Chỉ dùng một trong hai con trỏ: trang sau hoặc trang trước.",
                                               en: "Give the cursor of the next page or of the previous one, not both.")
        }
    }

    func encoded(key: DataKey) -> String {
        let payload = Data((id.uuidString + "\n" + sortKey).utf8)
        return Self.base64url(payload) + "." + Self.base64url(Self.mac(payload, key: key))
    }

    static func decode(_ text: String, key: DataKey, field: String = "after") throws -> ListCursor {
        guard text.utf8.count <= maxLength else { throw refused(field) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = data(base64url: parts[0]), let mac = data(base64url: parts[1]),
              constantTimeEqual(mac, Self.mac(payload, key: key)),
              let s = String(data: payload, encoding: .utf8), let newline = s.firstIndex(of: "\n"),
              let id = UUID(uuidString: String(s[..<newline])) else { throw refused(field) }
        let cursor = ListCursor(sortKey: String(s[s.index(after: newline)...]), id: id)
        // Only the spelling this server writes: base64's spare bits and a
        // lower-case id would otherwise give one place many cursors.
        guard cursor.encoded(key: key) == text else { throw refused(field) }
        return cursor
    }

    /// 128 bits of HMAC-SHA256 under a key of its own, so a cursor can never
    /// stand in for a form token or any other value signed from the data key.
    private static func mac(_ payload: Data, key: DataKey) -> Data {
        let cursorKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data("capuy-list-cursor-v1".utf8), using: key.key))
        return Data(HMAC<SHA256>.authenticationCode(for: payload, using: cursorKey)).prefix(16)
    }

    private static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func data(base64url text: Substring) -> Data? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        s += String(repeating: "=", count: (4 - s.count % 4) % 4)
        return Data(base64Encoded: s)
    }
}
