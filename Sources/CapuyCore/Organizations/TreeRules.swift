/// Rules for changing the shape of the tree: where a unit may be created or
/// moved. Pure, so that the service and the tests share one source of truth.
public enum TreeRules {
    /// Checks that a unit of `kind` may be placed under `parent`.
    public static func checkPlacement(
        kind: OrganizationKind, parentKind: OrganizationKind?, parentClosed: Bool
    ) -> [FieldIssue] {
        var issues = IssueCollector()
        if let parentKind {
            if parentClosed {
                issues.add("parentId", "Đơn vị cấp trên đã giải thể hoặc sáp nhập, không thể thêm đơn vị trực thuộc.",
                           en: "The parent unit is closed; it cannot take new sub-units.")
            }
            if !parentKind.mayContain(kind) {
                issues.add("kind", "\(parentKind.label) không thể có đơn vị trực thuộc loại “\(kind.label)”.",
                           en: "A \(parentKind.labelEn.lowercased()) cannot contain a \(kind.labelEn.lowercased()).")
            }
        } else if kind != .central && kind != .provincialCommittee {
            issues.add("parentId", "Cần chọn đơn vị cấp trên.", en: "Choose a parent unit.")
        }
        return issues.issues
    }

    /// Checks that a unit may take `newKind` while its open sub-units are of
    /// `childKinds` (issue 15: a cell moving under a commune committee
    /// becomes a grassroots cell, keeping its id and history).
    public static func checkKindChange(to newKind: OrganizationKind, childKinds: Set<OrganizationKind>) -> [FieldIssue] {
        let misfits = childKinds.subtracting(newKind.allowedChildren).sorted { $0.rawValue < $1.rawValue }
        guard let first = misfits.first else { return [] }
        return [FieldIssue(field: "kind", "\(newKind.label) không thể có đơn vị trực thuộc loại “\(first.label)”: hãy chuyển hoặc đổi loại các đơn vị đó trước.",
                           en: "A \(newKind.labelEn.lowercased()) cannot contain a \(first.labelEn.lowercased()): move or change those units first.")]
    }

    /// Checks a move of the unit at `path` under `newParent`: a unit can never
    /// become its own ancestor, and the kinds must still fit.
    public static func checkMove(
        path: TreePath, kind: OrganizationKind,
        newParent: TreePath, newParentKind: OrganizationKind, newParentClosed: Bool
    ) -> [FieldIssue] {
        if newParent.isWithin(path) {
            return [FieldIssue(field: "parentId",
                               "Không thể chuyển một đơn vị vào chính nó hoặc vào đơn vị trực thuộc của nó.",
                               en: "A unit cannot be moved into itself or one of its own sub-units.")]
        }
        if path.parent == newParent {
            return [FieldIssue(field: "parentId", "Đơn vị đã trực thuộc đơn vị này.",
                               en: "The unit is already under this parent.")]
        }
        return checkPlacement(kind: kind, parentKind: newParentKind, parentClosed: newParentClosed)
    }
}
