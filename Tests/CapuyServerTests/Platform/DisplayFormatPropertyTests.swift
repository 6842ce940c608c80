@testable import CapuyServer
import CapuyCore
import Foundation
import PropertyBased
import Testing

/// Issue 14, item 1: printing a stored figure never traps, whatever the
/// figure (a review's points, a criterion's maximum).
@Suite("DisplayFormat.points prints any figure without trapping (issue 14, item 1)")
struct DisplayFormatPropertyTests {
    @Test("Any Double prints; whole figures in Int's range print as integers, others with a decimal comma")
    func anyDouble() async {
        for x in [Double.nan, .infinity, -.infinity, 1e19, -1e19, 0x1p63, 1e300, -0.0, 7.5, 30, 9.995] {
            _ = DisplayFormat.points(x)
        }
        #expect(DisplayFormat.points(30) == "30")
        #expect(DisplayFormat.points(7.5) == "7,5")
        #expect(DisplayFormat.points(1e19) == "10000000000000000000")
        await propertyCheck(count: 1000, input: Gen<UInt64>.value().map { Double(bitPattern: $0) }) { x in
            let text = DisplayFormat.points(x)
            #expect(!text.isEmpty)
        }
        await propertyCheck(input: Gen.int(in: -1_000_000...1_000_000)) { n in
            #expect(DisplayFormat.points(Double(n)) == String(n))
        }
    }
}
