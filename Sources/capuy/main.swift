import CapuyServer
import Foundation

// Where Swift tasks run, chosen before the first one starts (issue 16,
// item 8). NIO's event loops save a thread hop at every await (pages 15–25%
// faster), but a long computation then stalls every connection of its loop:
// a vocabulary snapshot at start held searches for 1.5 s. So it is opt-in.
switch ProcessInfo.processInfo.environment["CAPUY_TASK_EXECUTOR"] ?? "dispatch" {
case "dispatch": break
case "event-loops": _ = CapuyCommand.runTasksOnEventLoops()
case let other:
    FileHandle.standardError.write(Data("capuy: CAPUY_TASK_EXECUTOR must be dispatch or event-loops, not \(other).\n".utf8))
    exit(1)
}
// The executable only starts the command line; everything lives in CapuyServer.
exit(await CapuyCommand.run())
