import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The key that seals identifying fields (DESIGN.md, Secrets): 32 random
/// bytes in a file readable only by the service account.
struct DataKey: Sendable {
    private let bytes: Data
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    init(key: SymmetricKey) { bytes = key.withUnsafeBytes { Data($0) } }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads the key file, creating it with mode 0600 on first run.
    static func loadOrCreate(path: String) throws -> DataKey {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            guard let data = fm.contents(atPath: path) else {
                throw Failure(description: "CAPUY_DATA_KEY_FILE (\(path)) cannot be read.")
            }
            guard data.count == 32 else {
                throw Failure(description: "CAPUY_DATA_KEY_FILE (\(path)) must hold exactly 32 bytes; it holds \(data.count).")
            }
            return DataKey(key: SymmetricKey(data: data))
        }
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        // Written aside, then linked into place: two instances starting at once
        // on a fresh deployment both end up with the one key that won.
        let aside = path + ".new-\(ProcessInfo.processInfo.processIdentifier)"
        guard fm.createFile(atPath: aside, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "CAPUY_DATA_KEY_FILE (\(path)) does not exist and cannot be created.")
        }
        defer { try? fm.removeItem(atPath: aside) }
        if link(aside, path) != 0 {
            guard errno == EEXIST else { throw Failure(description: "CAPUY_DATA_KEY_FILE (\(path)) does not exist and cannot be created.") }
            return try loadOrCreate(path: path)
        }
        return DataKey(key: key)
    }

    /// AES-GCM: nonce, ciphertext and tag in one base64 string.
    func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw Failure(description: "sealing failed") }
        return combined.base64EncodedString()
    }

    func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw Failure(description: "not a sealed value") }
        let box = try AES.GCM.SealedBox(combined: data)
        return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
    }
}
