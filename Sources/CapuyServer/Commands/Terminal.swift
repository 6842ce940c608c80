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

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        guard total > 0 else { return }
        lock.lock(); defer { lock.unlock() }
        let fraction = Double(done) / Double(total)
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardOutput.write(Data("\r\(label) \(bar) \(Int(fraction * 100))% \(done)/\(total)".utf8))
        } else {
            let decile = Int(fraction * 10)
            if decile != lastDecile {
                lastDecile = decile
                // Written straight away: print() is buffered when the output is a pipe or a file.
                FileHandle.standardOutput.write(Data("\(label): \(decile * 10)% (\(done)/\(total))\n".utf8))
            }
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }
}
