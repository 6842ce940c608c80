import CapuyCore
import Testing

// DESIGN.md, Data: the tree keeps a materialized path of fixed-width segments.
@Suite("Tree paths")
struct TreePathTests {
    @Test("Paths are fixed-width decimal segments", arguments: ["0001", "0001.0027", "0001.0027.0305"])
    func accepts(_ raw: String) {
        #expect(TreePath(raw)?.value == raw)
    }

    @Test("Malformed paths are refused", arguments: ["", "1", "0001.", ".0001", "0001..0002", "00a1", "00001", "0001.027"])
    func refuses(_ raw: String) {
        #expect(TreePath(raw) == nil)
    }

    @Test("Children, depth and parent")
    func children() throws {
        let root = try #require(TreePath.root(1))
        let child = try #require(root.child(27))
        #expect(child.value == "0001.0027")
        #expect(child.depth == 1)
        #expect(child.parent == root)
        #expect(root.parent == nil)
        #expect(root.child(0) == nil)
        #expect(root.child(10_000) == nil)
    }

    @Test("Subtree membership is by segment, not by text prefix")
    func within() throws {
        let a = try #require(TreePath("0001.0002"))
        #expect(try #require(TreePath("0001.0002.0003")).isWithin(a))
        #expect(a.isWithin(a))
        #expect(!a.isStrictlyBelow(a))
        #expect(!(try #require(TreePath("0001.0003"))).isWithin(a))
        #expect(!(try #require(TreePath("0001"))).isWithin(a))
    }

    @Test("The descendant range holds every descendant and nothing else")
    func range() throws {
        let a = try #require(TreePath("0001.0002"))
        let (lo, hi) = a.descendantRange
        for inside in ["0001.0002.0001", "0001.0002.9999.0001"] { #expect(inside >= lo && inside < hi) }
        for outside in ["0001.0002", "0001.0003", "0001.0001.0005", "0002"] { #expect(!(outside >= lo && outside < hi)) }
    }

    @Test("Rebasing moves a subtree's paths under a new prefix")
    func rebase() throws {
        let old = try #require(TreePath("0001.0002"))
        let new = try #require(TreePath("0001.0005.0003"))
        #expect(try #require(TreePath("0001.0002.0007")).rebased(from: old, to: new)?.value == "0001.0005.0003.0007")
        #expect(try #require(TreePath("0001.0003")).rebased(from: old, to: new) == nil)
    }
}
