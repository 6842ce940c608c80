import CapuyCore
import Testing

// DOMAIN.md glossary: the kinds of the party tree and what may stand under what.
@Suite("Tree rules")
struct TreeRulesTests {
    @Test("A unit can never be moved into itself or its own descendant")
    func noCycles() throws {
        let unit = try #require(TreePath("0001.0002"))
        for target in ["0001.0002", "0001.0002.0001", "0001.0002.0001.0004"] {
            let issues = TreeRules.checkMove(path: unit, kind: .communeCommittee, newParent: try #require(TreePath(target)),
                                             newParentKind: .provincialCommittee, newParentClosed: false)
            #expect(issues.map(\.field) == ["parentId"])
        }
    }

    @Test("A move to a fitting open parent elsewhere is allowed")
    func allowedMove() throws {
        let issues = TreeRules.checkMove(path: try #require(TreePath("0001.0002.0003")), kind: .grassrootsCell,
                                         newParent: try #require(TreePath("0001.0004")), newParentKind: .communeCommittee,
                                         newParentClosed: false)
        #expect(issues.isEmpty)
    }

    @Test("Kinds must fit: a cell takes no sub-units, a commune stands under a province")
    func kinds() {
        #expect(!TreeRules.checkPlacement(kind: .cell, parentKind: .cell, parentClosed: false).isEmpty)
        #expect(!TreeRules.checkPlacement(kind: .communeCommittee, parentKind: .communeCommittee, parentClosed: false).isEmpty)
        #expect(TreeRules.checkPlacement(kind: .communeCommittee, parentKind: .provincialCommittee, parentClosed: false).isEmpty)
        #expect(TreeRules.checkPlacement(kind: .cell, parentKind: .grassrootsCommittee, parentClosed: false).isEmpty)
        #expect(OrganizationKind.cell.allowedChildren.isEmpty)
        #expect(OrganizationKind.grassrootsCell.allowedChildren.isEmpty)
    }

    @Test("Issue 15: a district-level committee stands between a province and its communes, as before 2025")
    func districtLevel() {
        #expect(TreeRules.checkPlacement(kind: .districtCommittee, parentKind: .provincialCommittee, parentClosed: false).isEmpty)
        #expect(TreeRules.checkPlacement(kind: .communeCommittee, parentKind: .districtCommittee, parentClosed: false).isEmpty)
        #expect(TreeRules.checkPlacement(kind: .grassrootsCommittee, parentKind: .districtCommittee, parentClosed: false).isEmpty)
        #expect(TreeRules.checkPlacement(kind: .grassrootsCell, parentKind: .districtCommittee, parentClosed: false).isEmpty)
        // Not under a commune, nor a district under a district, nor without a parent.
        #expect(!TreeRules.checkPlacement(kind: .districtCommittee, parentKind: .communeCommittee, parentClosed: false).isEmpty)
        #expect(!TreeRules.checkPlacement(kind: .districtCommittee, parentKind: .districtCommittee, parentClosed: false).isEmpty)
        #expect(!TreeRules.checkPlacement(kind: .districtCommittee, parentKind: nil, parentClosed: false).isEmpty)
        #expect(!TreeRules.checkPlacement(kind: .cell, parentKind: .districtCommittee, parentClosed: false).isEmpty)
    }

    @Test("Issue 15: a unit takes a new kind only if its open sub-units can stand under it")
    func kindChange() {
        #expect(TreeRules.checkKindChange(to: .grassrootsCell, childKinds: []).isEmpty)
        #expect(TreeRules.checkKindChange(to: .grassrootsCommittee, childKinds: [.cell, .partialCommittee]).isEmpty)
        #expect(TreeRules.checkKindChange(to: .grassrootsCell, childKinds: [.cell]).map(\.field) == ["kind"])
        #expect(TreeRules.checkKindChange(to: .communeCommittee, childKinds: [.cell]).map(\.field) == ["kind"])
        #expect(TreeRules.checkKindChange(to: .districtCommittee, childKinds: [.communeCommittee, .grassrootsCell]).isEmpty)
    }

    @Test("A closed unit takes no new sub-units")
    func closedParent() {
        let issues = TreeRules.checkPlacement(kind: .grassrootsCell, parentKind: .communeCommittee, parentClosed: true)
        #expect(issues.map(\.field) == ["parentId"])
    }

    @Test("Only provincial (or central) units stand without a parent")
    func roots() {
        #expect(TreeRules.checkPlacement(kind: .provincialCommittee, parentKind: nil, parentClosed: false).isEmpty)
        #expect(!TreeRules.checkPlacement(kind: .cell, parentKind: nil, parentClosed: false).isEmpty)
    }

    @Test("Issuer abbreviations follow R-DOC-2")
    func abbreviations() {
        #expect(OrganizationKind.provincialCommittee.issuerAbbreviation == "TU")
        #expect(OrganizationKind.communeCommittee.issuerAbbreviation == "ĐU")
        #expect(OrganizationKind.grassrootsCommittee.issuerAbbreviation == "ĐU")
        #expect(OrganizationKind.cell.issuerAbbreviation == "CB")
        #expect(OrganizationKind.central.issuerAbbreviation == "TW")
    }
}
