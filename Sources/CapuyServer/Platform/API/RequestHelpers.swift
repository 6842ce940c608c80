import Foundation
import CapuyCore
import Vapor

extension Request {
    /// A UUID path parameter; a malformed one is simply not found.
    func id(_ name: String = "id") throws -> UUID {
        guard let id = parameters.get(name, as: UUID.self) else { throw Refusal.notFound }
        return id
    }

    /// Decodes a body, turning a malformed one into field-level errors.
    func input<T: Content>(_ type: T.Type) throws -> T {
        do {
            return try content.decode(T.self)
        } catch let error as DecodingError {
            throw ValidationFailure([FieldIssue(decoding: error)])
        } catch let abort as any AbortError where abort.status == .unsupportedMediaType {
            throw abort
        } catch let refused as ValidationFailure {
            throw refused // said by a decoder already (a NUL character): keep its words
        } catch {
            throw ValidationFailure(field: "body", "Dữ liệu gửi lên không đọc được.", en: "The request body could not be read.")
        }
    }

    var organizations: OrganizationService {
        OrganizationService(db: db, actor: actor, today: capuy.today())
    }

    var members: MemberService {
        MemberService(db: db, actor: actor, today: capuy.today())
    }

    var documents: DocumentService {
        DocumentService(db: db, actor: actor, today: capuy.today())
    }

    var tasks: TaskService {
        TaskService(db: db, actor: actor, today: capuy.today())
    }

    var terms: TermService {
        TermService(db: db, actor: actor, today: capuy.today())
    }

    var programs: WorkProgramService {
        WorkProgramService(db: db, actor: actor, today: capuy.today())
    }

    var users: UserService {
        UserService(db: db, actor: actor, hasher: capuy.hasher)
    }
}

extension FieldIssue {
    init(decoding error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let ctx):
            let field = (ctx.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            self.init(field: field, "Thiếu trường bắt buộc “\(field)”.", en: "The field “\(field)” is required.")
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            let field = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            self.init(field: field, "Giá trị của “\(field)” không đúng kiểu.", en: "The field “\(field)” has the wrong type.")
        case .dataCorrupted(let ctx):
            let field = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            self.init(field: field.isEmpty ? "body" : field, "Giá trị không hợp lệ.", en: "Invalid value.")
        @unknown default:
            self.init(field: "body", "Dữ liệu gửi lên không hợp lệ.", en: "Invalid request body.")
        }
    }
}
