import CapuyServer
import Foundation

// The executable only starts the command line; everything lives in CapuyServer.
exit(await CapuyCommand.run())
