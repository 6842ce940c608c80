import Foundation
import CapuyCore
import Fluent

extension OrganizationService {
    /// Open units of the scope for a select list, in tree order, indented by
    /// depth. Capped: a province has a few thousand units at most per list.
    func options(in scope: Scope, selected: UUID? = nil, excludingSubtreeOf excluded: TreePath? = nil,
                 limit: Int = 2_000) async throws -> [SelectOption] {
        let units = try await scope.filter(Organization.query(on: db), \.$path)
            .filter(\.$closedOn == nil).sort(\.$path).limit(limit).all()
        let base = scope.roots.map(\.depth).min() ?? 0
        return units.filter { o in excluded.map { !o.treePath.isWithin($0) } ?? true }.map { o in
            SelectOption(value: o.id!.uuidString,
                   label: String(repeating: "— ", count: max(0, o.depth - base)) + o.name,
                   selected: o.id == selected)
        }
    }
}
