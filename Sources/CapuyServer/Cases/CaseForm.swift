import Foundation
import Vapor

/// What the portal's and the staff's case forms share: the values as typed
/// (to refill the form after a refusal), the submitter's identity fields and
/// the one file a form may carry.
struct CaseForm {
    static let identityFields = ["name", "address", "phone", "email", "idNumber"]

    let values: [String: String]

    init(_ req: Request, fields: [String]) {
        var values: [String: String] = [:]
        for f in fields + Self.identityFields { values[f] = req.field(f) ?? "" }
        self.values = values
    }

    /// A field's value, or nil when left empty.
    func optional(_ field: String) -> String? {
        values[field].flatMap { $0.isEmpty ? nil : $0 }
    }

    func text(_ field: String) -> String { values[field] ?? "" }

    var identity: SubmitterIdentity {
        SubmitterIdentity(name: optional("name"), address: optional("address"), phone: optional("phone"),
                          email: optional("email"), idNumber: optional("idNumber"))
    }

    /// The non-empty file of the form's `file` field, if one was chosen.
    static func file(_ req: Request) -> CaseIntake.NewFile? {
        guard let file = try? req.content.get(File.self, at: "file"), file.data.readableBytes > 0 else { return nil }
        return CaseIntake.NewFile(name: file.filename, bytes: Data(buffer: file.data))
    }
}
