import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a password without echo on a terminal, or one line from a pipe.
enum PasswordInput {
    static func read(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            guard let raw = getpass(prompt) else { throw CleanExit.message("No password was entered.") }
            return String(cString: raw)
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CleanExit.message("Give the password on standard input (one line) or at the prompt; never as an argument.")
        }
        return line
    }
}

/// A progress bar on a terminal, plain lines every 10% otherwise.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let isTerminal = isatty(STDOUT_FILENO) == 1
    private var lastDecile = -1
    private let lock = NSLock()
    private let started = ContinuousClock.now

    init(label: String) { self.label = label }

    /// `done` of `total` gives the share; `items` (rows, when the share is
    /// counted in bytes of a file being streamed) gives the count and rate shown.
    func update(_ done: Int, _ total: Int, items: Int? = nil, unit: String = "") {
        guard total > 0 else { return }
        lock.lock(); defer { lock.unlock() }
        let done = min(max(done, 0), total)
        let percent = Self.percent(done, of: total)
        let shown = items ?? done
        let rate = Self.rate(shown, seconds: PhaseClock.seconds(ContinuousClock.now - started))
        let count = items.map { "\($0) \(unit)" } ?? "\(done)/\(total)"
        let perSecond = unit.isEmpty ? "\(rate)/s" : "\(rate) \(unit)/s"
        if isTerminal {
            let width = 30
            let filled = percent * width / 100
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardOutput.write(Data("\r\(label) \(bar) \(percent)% \(count), \(perSecond)   ".utf8))
        } else {
            let decile = percent / 10
            if decile != lastDecile {
                lastDecile = decile
                // Written straight away: print() is buffered when the output is a pipe or a file.
                FileHandle.standardOutput.write(Data("\(label): \(decile * 10)% (\(count), \(perSecond))\n".utf8))
            }
        }
    }

    /// Whole percent done, 0 to 100, in integers: no count can trap it.
    static func percent(_ done: Int, of total: Int) -> Int {
        guard total > 0 else { return 0 }
        let done = min(max(done, 0), total)
        let (scaled, overflow) = done.multipliedReportingOverflow(by: 100)
        return overflow ? done / (total / 100) : scaled / total
    }

    /// Items a second so far (issue 16: the import shows its rows a second),
    /// whole; 0 before a measurable moment has passed.
    static func rate(_ done: Int, seconds: Double) -> Int {
        guard seconds.isFinite, seconds >= 0.001, done > 0 else { return 0 }
        let perSecond = (Double(done) / seconds).rounded()
        return Int(exactly: perSecond) ?? Int.max
    }

    func finish() {
        if isTerminal { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }
}

/// Times the phases of a long command and prints each as it ends
/// ("phase ratings: 41.2 s"), so a slow phase shows at once; the benchmark
/// reads these lines into its results.
final class PhaseClock: @unchecked Sendable {
    private let started = ContinuousClock.now
    private let lock = NSLock()
    private let quiet: Bool
    private var done: [(name: String, seconds: Double)] = []

    /// `quiet`: keep the timings without printing them (tests).
    init(quiet: Bool = false) { self.quiet = quiet }

    /// The phases ended so far, in order.
    var phases: [(name: String, seconds: Double)] { lock.withLock { done } }

    func run<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        let result = try await body()
        let seconds = Self.seconds(ContinuousClock.now - start)
        lock.withLock { done.append((name, seconds)) }
        if !quiet {
            let peak = Self.peakMegabytes().map { String(format: " (peak %d MB)", $0) } ?? ""
            FileHandle.standardOutput.write(Data(String(format: "phase %@: %.1f s%@\n", name, seconds, peak).utf8))
        }
        return result
    }

    /// The process's peak resident memory so far (VmHWM, Linux), so the phase
    /// that raises it shows; nil where /proc is not there.
    static func peakMegabytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ").compactMap({ Int($0) }).first else { return nil }
        return kilobytes / 1024
    }

    /// Seconds since the clock was made.
    var total: Double { Self.seconds(ContinuousClock.now - started) }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
