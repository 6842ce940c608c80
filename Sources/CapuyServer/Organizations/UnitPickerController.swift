import CapuyCore
import Vapor

/// `GET /chon-don-vi?q=…&trong=…`: the matches a unit picker's type-ahead
/// shows (issue 16). The picker names its source (the subtrees it chooses
/// from, one to leave out, the kinds); each subtree named must lie within
/// what the signed-in user may see, so the source can only narrow the
/// user's own view, never widen it. The form's own check of the chosen unit
/// stays the authority.
struct UnitPickerController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("chon-don-vi", use: search)
    }

    struct Answer: Content {
        struct Item: Content { let value: String; let label: String }
        let items: [Item]
        let more: Bool
        let note: String
    }

    func search(req: Request) async throws -> Answer {
        let view = try req.principal.scope(.viewOrganizations)
        let asked = (req.query[String.self, at: "trong"] ?? "").split(separator: ",").prefix(50).compactMap { TreePath(String($0)) }
        let roots = asked.filter(view.contains)
        let kinds = (req.query[String.self, at: "loai"] ?? "").split(separator: ",").compactMap { OrganizationKind(rawValue: String($0)) }
        let source = UnitPicker.Source(asked.isEmpty ? view : Scope(roots),
                                       excluding: req.query[String.self, at: "tru"].flatMap(TreePath.init), kinds: kinds)
        let matches = try await UnitPicker.search(req.query[String.self, at: "q"] ?? "", in: source, on: req.db, language: req.language)
        return Answer(items: matches.units.map { .init(value: $0.id.uuidString, label: $0.label) }, more: matches.more, note: matches.note)
    }
}
