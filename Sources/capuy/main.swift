import CapuyServer
import Foundation

_ = CapuyCommand.runTasksOnEventLoops()
// The executable only starts the command line; everything lives in CapuyServer.
exit(await CapuyCommand.run())
