import CapuyCore
import Crypto
import Foundation
import Vapor

/// Who wrote in: sealed as one AES-GCM value (R-CASE-4) and opened only for
/// an assigned handler who gives a reason.
struct SubmitterIdentity: Content, Equatable {
    var name: String?
    var address: String?
    var phone: String?
    var email: String?
    var idNumber: String?

    var isEmpty: Bool { [name, address, phone, email, idNumber].allSatisfy { ($0 ?? "").isEmpty } }

    /// A denunciation needs a real name and a way to reach the person (R-CASE-5).
    var isIdentified: Bool {
        !(name ?? "").isEmpty && (!(phone ?? "").isEmpty || !(address ?? "").isEmpty || !(email ?? "").isEmpty)
    }

    func trimmed() -> SubmitterIdentity {
        func clean(_ s: String?, _ max: Int) -> String? {
            let t = VietnameseText.normalizeSpaces(s ?? "")
            return t.isEmpty ? nil : String(t.prefix(max))
        }
        return SubmitterIdentity(name: clean(name, 120), address: clean(address, 300), phone: clean(phone, 30),
                                 email: clean(email, 200), idNumber: clean(idNumber, 20))
    }

    func seal(with key: DataKey) throws -> String {
        try key.seal(String(decoding: try JSONEncoder().encode(self), as: UTF8.self))
    }

    static func open(_ sealed: String, with key: DataKey) throws -> SubmitterIdentity {
        try JSONDecoder().decode(SubmitterIdentity.self, from: Data(try key.open(sealed).utf8))
    }

    /// A keyed hash of name and phone (or e-mail) that lets intake notice the
    /// same person writing again without opening any seal. The key is derived
    /// from the data key, so the table alone reveals nothing.
    func fingerprint(with key: DataKey) -> String? {
        guard let name, !name.isEmpty else { return nil }
        let contact = (phone ?? "").filter(\.isNumber) + "|" + (email ?? "").lowercased()
        guard contact != "|" else { return nil }
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key.key, info: Data("capuy case fingerprint".utf8), outputByteCount: 32)
        let mac = HMAC<SHA256>.authenticationCode(for: Data((VietnameseText.fold(name) + "|" + contact).utf8), using: derived)
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// The identifying words a published text must not contain.
    var revealingWords: [String] {
        [name, phone, email, idNumber].compactMap { $0 }.filter { $0.count >= 4 }
    }
}
