import Crypto
import Foundation

enum Digest {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Hex of the SHA-256; table-driven because it runs once per audit event
    /// and `String(format:)` per byte dominated bulk imports.
    static func sha256Hex(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex(_ digest: SHA256.Digest) -> String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A random token for sessions and CSRF, URL-safe base64 of 32 bytes.
    static func randomToken() -> String {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
