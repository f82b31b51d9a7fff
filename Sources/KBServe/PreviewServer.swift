import Foundation
import Hummingbird
import KBWorkspace
import Logging
import NIOCore
import ServiceLifecycle

public struct ServeOptions: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (printed on start).
    public var port = 8080
    public var outputDirectory: URL?
    /// How often `content/`, `site/` and `kb.yml` are looked at, and how long they must stay
    /// unchanged before a build starts (an editor saving several files at once causes one build).
    public var pollInterval: Duration = .milliseconds(200)
    public var settleTime: Duration = .milliseconds(100)

    public init(host: String = "127.0.0.1", port: Int = 8080, outputDirectory: URL? = nil) {
        self.host = host
        self.port = port
        self.outputDirectory = outputDirectory
    }
}

public enum ServeError: Error, Equatable {
    case portInUse(Int)
    case cannotListen(String, String)
    case outputInsideWatched(String)

    public func message(_ labels: Labels) -> String {
        switch self {
        case let .portInUse(port): labels.servePortInUse(port)
        case let .cannotListen(host, reason): labels.serveCannotListen(host, reason)
        case let .outputInsideWatched(path): labels.serveOutputInsideWatched(path)
        }
    }
}

/// `kb serve`: builds the site, serves the output folder on a local port, rebuilds when content or
/// templates change and reloads open pages; stops cleanly on SIGINT or SIGTERM.
public struct PreviewServer {
    public let base: KnowledgeBase
    public let options: ServeOptions
    public let labels: Labels

    public init(base: KnowledgeBase, options: ServeOptions, labels: Labels) {
        self.base = base
        self.options = options
        self.labels = labels
    }

    /// The folders and files whose changes trigger a build.
    var watched: [URL] {
        [base.contentDirectory, base.siteDirectory, base.root.appendingPathComponent(Configuration.fileName)]
    }

    public func run() async throws {
        let output = (options.outputDirectory ?? base.defaultOutputDirectory).standardizedFileURL
        for folder in [base.contentDirectory, base.siteDirectory] {
            let prefix = folder.standardizedFileURL.path + "/"
            if (output.path + "/").hasPrefix(prefix) { throw ServeError.outputInsideWatched(base.relativePath(output)) }
        }
        try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)

        let console = ServeConsole(labels: labels)
        let session = PreviewSession(base: base, output: output, labels: labels, console: console)
        let snapshot = TreeSnapshot.take(watched)
        await session.rebuild(changed: [])

        var logger = Logger(label: "kb.serve")
        logger.logLevel = .critical
        let host = options.host, labels = self.labels
        let application = Application(
            responder: PreviewResponder(session: session, files: StaticFiles(root: output)),
            configuration: ApplicationConfiguration(address: .hostname(host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") ? "[\(host)]" : host
                console.say(labels.serveListening("http://\(shown):\(port)/"))
                if !["127.0.0.1", "localhost", "::1"].contains(host) { console.say(labels.serveExposed(host)) }
                console.say(labels.serveWatching("content/, site/, \(Configuration.fileName)"))
            },
            logger: logger)
        let watcher = WatchService(session: session, roots: watched, start: snapshot, options: options)
        var configuration = ServiceGroupConfiguration(
            services: [application, watcher], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // A build in progress is finished (it is atomic anyway), but nothing else may hold the exit up.
        configuration.maximumGracefulShutdownDuration = .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ServeError.portInUse(options.port)
        } catch let error as IOError {
            throw ServeError.cannotListen(host, error.description)
        } catch let error as SocketAddressError {
            throw ServeError.cannotListen(host, "\(error)")
        }
        session.broadcaster.close()
        console.say(labels.serveStopped)
    }
}

/// Polls the watched folders; once a change has settled, rebuilds and reloads. Also keeps the
/// events streams of open pages alive.
struct WatchService: Service {
    let session: PreviewSession
    let roots: [URL]
    let start: TreeSnapshot
    let options: ServeOptions

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var last = start
            var sincePing: Duration = .zero
            while !Task.isCancelled {
                try await Task.sleep(for: options.pollInterval)
                sincePing += options.pollInterval
                if sincePing >= PreviewResponder.pingInterval {
                    session.broadcaster.send(.ping)
                    sincePing = .zero
                }
                var current = TreeSnapshot.take(roots)
                guard current != last else { continue }
                // Wait until saving is done: several files, or an editor's write-then-rename.
                while true {
                    try await Task.sleep(for: options.settleTime)
                    let again = TreeSnapshot.take(roots)
                    if again == current { break }
                    current = again
                }
                let changed = current.changes(since: last).filter { !Self.isFolder(current, $0) }
                last = current
                if !changed.isEmpty { await session.rebuild(changed: changed) }
            }
        }
        session.broadcaster.close()
    }

    private static func isFolder(_ snapshot: TreeSnapshot, _ path: String) -> Bool {
        snapshot.entries[path].map { $0.mode & UInt32(S_IFMT) == UInt32(S_IFDIR) } ?? false
    }
}
