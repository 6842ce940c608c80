import NIOCore
import NIOPosix

extension CapuyCommand {
    /// Runs Swift tasks on NIO's event loops instead of a separate thread
    /// pool, so a request no longer hops between threads at every await.
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
