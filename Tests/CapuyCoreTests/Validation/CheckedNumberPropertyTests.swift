import CapuyCore
import PropertyBased
import Testing

/// Issue 14, item 1: the shared checked conversions agree with Swift's own
/// arithmetic wherever that does not trap, and answer nil where it would.
@Suite("CheckedNumber: conversions and arithmetic that never trap")
struct CheckedNumberPropertyTests {
    @Test("int(_:) is nil exactly for NaN, infinities and whole parts outside Int, else Int(_:)")
    func intConversion() async {
        for x in InputGen.edgeDoubles { check(x) }
        await propertyCheck(count: 500, input: InputGen.anyDouble) { x in check(x) }
        await propertyCheck(input: Gen.double(in: -1e6...1e6)) { x in #expect(CheckedNumber.int(x) == Int(x)) }
    }

    private func check(_ x: Double) {
        // Int(_:) works from -2^63 up to, not including, 2^63.
        let inRange = x.isFinite && x >= -0x1p63 && x < 0x1p63
        if inRange {
            #expect(CheckedNumber.int(x) == Int(x), "\(x)")
        } else {
            #expect(CheckedNumber.int(x) == nil, "\(x)")
        }
    }

    @Test("sum and product are nil exactly where the reporting-overflow operations overflow")
    func arithmetic() async {
        for a in InputGen.edgeInts { for b in InputGen.edgeInts { checkArithmetic(a, b) } }
        await propertyCheck(count: 300, input: InputGen.anyInt, InputGen.anyInt) { a, b in checkArithmetic(a, b) }
    }

    private func checkArithmetic(_ a: Int, _ b: Int) {
        let sum = a.addingReportingOverflow(b), product = a.multipliedReportingOverflow(by: b)
        #expect(CheckedNumber.sum(a, b) == (sum.overflow ? nil : sum.partialValue))
        #expect(CheckedNumber.product(a, b) == (product.overflow ? nil : product.partialValue))
    }

    @Test("clamp keeps a value inside the range and leaves values already inside alone")
    func clamp() async {
        await propertyCheck(count: 300, input: InputGen.anyInt, Gen.int(in: -10_000...10_000), Gen.int(in: 0...10_000)) { x, low, width in
            let range = low...(low + width)
            let held = CheckedNumber.clamp(x, to: range)
            #expect(range.contains(held))
            if range.contains(x) { #expect(held == x) }
        }
    }
}
