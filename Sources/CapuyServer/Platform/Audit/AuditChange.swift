import Foundation

/// One field that an audited change set, changed or cleared, for display.
struct AuditChange: Encodable, Equatable {
    let field: String
    let before: String
    let after: String

    /// The fields whose values differ between two JSON snapshots, in key
    /// order. Identifiers are left out: they never change and mean nothing to
    /// a reader.
    static func diff(before: String?, after: String?) -> [AuditChange] {
        let old = object(before), new = object(after)
        return Set(old.keys).union(new.keys).sorted().compactMap { key in
            guard key != "id" else { return nil }
            let a = text(old[key]), b = text(new[key])
            return a == b ? nil : AuditChange(field: key, before: a, after: b)
        }
    }

    private static func object(_ json: String?) -> [String: Any] {
        guard let data = json?.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    private static func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return ""
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        case let other?: return String(describing: other)
        }
    }
}
