@testable import CapuyServer
import Foundation
import Testing

/// Issue 16, item 1: the import's progress bar shows rows a second. The rate
/// is read from any count and time without trapping (property).
@Suite("Progress rate")
struct ProgressRateTests {
    @Test("Rows a second: whole, 0 before any time has passed, never a trap for any count or time")
    func rate() {
        #expect(ProgressBar.rate(100_000, seconds: 9.7) == 10_309)
        #expect(ProgressBar.rate(0, seconds: 5) == 0)
        #expect(ProgressBar.rate(10, seconds: 0) == 0)
        #expect(ProgressBar.rate(10, seconds: .nan) == 0 && ProgressBar.rate(10, seconds: .infinity) == 0)
        #expect(ProgressBar.rate(Int.max, seconds: 0.001) == Int.max)
        var r = SeededRandom(seed: 7)
        for _ in 0..<10_000 {
            let done = r.int(0...Int.max / 2)
            let seconds = Double(r.int(0...1_000_000)) / Double(r.int(1...1_000))
            let got = ProgressBar.rate(done, seconds: seconds)
            #expect(got >= 0)
            // Percent of any count: 0 to 100, and exact where the product fits.
            let total = r.int(1...Int.max)
            let part = r.int(0...total)
            let percent = ProgressBar.percent(part, of: total)
            #expect((0...100).contains(percent))
            if total < Int.max / 100 { #expect(percent == part * 100 / total) }
        }
        #expect(ProgressBar.percent(Int.max, of: Int.max) == 100 && ProgressBar.percent(5, of: 0) == 0 && ProgressBar.percent(-3, of: 10) == 0)
    }
}
