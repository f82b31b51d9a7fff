import Foundation
import KBCore
import KBMarkdown
import KBWorkspace

/// Tells open pages that a build finished, over Server-Sent Events (`GET /__kb/events`).
/// Each event carries the build's generation; a page reloads when it differs from its own.
final class ReloadBroadcaster: @unchecked Sendable {
    enum Event: Sendable, Equatable {
        case build(generation: String)
        /// A comment line now and then, so proxies and browsers keep the connection open.
        case ping
    }

    private let lock = NSLock()
    private var subscribers: [UUID: AsyncStream<Event>.Continuation] = [:]
    private var closed = false

    /// A stream of events for one page; finished when the server shuts down.
    func subscribe(current generation: String) -> (UUID, AsyncStream<Event>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(8))
        continuation.yield(.build(generation: generation))
        lock.lock()
        if closed {
            continuation.finish()
        } else {
            subscribers[id] = continuation
        }
        lock.unlock()
        return (id, stream)
    }

    func unsubscribe(_ id: UUID) {
        lock.lock()
        let continuation = subscribers.removeValue(forKey: id)
        lock.unlock()
        continuation?.finish()
    }

    /// Sends to every open page; returns how many there are.
    @discardableResult
    func send(_ event: Event) -> Int {
        lock.lock()
        let targets = Array(subscribers.values)
        lock.unlock()
        for continuation in targets { continuation.yield(event) }
        return targets.count
    }

    /// Ends every stream, so that open connections close and the server can stop.
    func close() {
        lock.lock()
        closed = true
        let targets = Array(subscribers.values)
        subscribers = [:]
        lock.unlock()
        for continuation in targets { continuation.finish() }
    }

    static func encode(_ event: Event) -> String {
        switch event {
        case let .build(generation): "event: build\ndata: \(generation)\n\n"
        case .ping: ": ping\n\n"
        }
    }
}

/// Adds what only a served page needs, at serve time (the files on disk are never changed): the
/// live-reload script, and the build error when the last build failed.
enum PageDecorator {
    static let eventsPath = "/__kb/events"

    static func decorate(_ html: String, generation: String, failure: BuildFailureReport?, labels: Labels) -> String {
        var addition = ""
        if let failure { addition += overlay(failure, labels: labels) }
        addition += script(generation: generation)
        // Before the last `</body>`, or at the end of a page without one.
        if let range = html.range(of: "</body>", options: [.caseInsensitive, .backwards]) {
            var result = html
            result.insert(contentsOf: addition, at: range.lowerBound)
            return result
        }
        return html + addition
    }

    /// Adds `<base href="/">` to a page written for the site's root, so that its relative links work
    /// when it answers a missing path in a subfolder.
    static func rootingLinks(_ html: String) -> String {
        guard html.range(of: "<base ", options: .caseInsensitive) == nil,
              let head = html.range(of: "<head>", options: .caseInsensitive) else { return html }
        var result = html
        result.insert(contentsOf: "\n<base href=\"/\">", at: head.upperBound)
        return result
    }

    static func script(generation: String) -> String {
        """
        <script data-kb-serve>
        (function () {
          var generation = "\(generation)";
          if (!window.EventSource) return;
          var source = new EventSource("\(eventsPath)");
          source.addEventListener("build", function (event) {
            if (event.data !== generation) { source.close(); location.reload(); }
          });
        })();
        </script>

        """
    }

    static func overlay(_ failure: BuildFailureReport, labels: Labels) -> String {
        var lines = [failure.message]
        lines += failure.diagnostics.filter { $0.severity == .error }.prefix(50).map(\.description)
        let body = lines.map(escape).joined(separator: "\n")
        return """
            <div id="kb-build-error" role="alert" style="position:fixed;left:0;right:0;top:0;z-index:2147483647;\
            max-height:60vh;overflow:auto;margin:0;padding:12px 16px;background:#fff4f4;color:#7a0010;\
            border-bottom:3px solid #c4002b;box-shadow:0 2px 8px rgba(0,0,0,.2);font:13px/1.5 ui-monospace,monospace;\
            white-space:pre-wrap;text-align:left">\
            <strong style="font:bold 15px/1.6 sans-serif">\(escape(labels.serveOverlayTitle))</strong>
            \(body)
            <em style="font:13px/1.6 sans-serif">\(escape(labels.serveOverlayHint))</em></div>

            """
    }

    /// A page for a path that has no file (or for everything before the first successful build).
    static func missingPage(path: String, failure: BuildFailureReport?, generation: String, labels: Labels) -> String {
        let title = failure == nil ? labels.serveNotFound : labels.serveNoSite
        let page = """
            <!doctype html>
            <html lang="\(labels.language.rawValue)"><head><meta charset="utf-8"><title>\(escape(title))</title></head>
            <body style="font:16px/1.6 sans-serif;margin:4em auto;max-width:40em;padding:0 1em">
            <h1>\(escape(title))</h1><p><code>\(escape(path))</code></p><p><a href="/">\(escape(labels.serveHome))</a></p>
            </body></html>

            """
        return decorate(page, generation: generation, failure: failure, labels: labels)
    }

    static func escape(_ text: String) -> String { HTMLPostProcessor.escapeAttribute(text) }
}

/// Why the last build failed, as the overlay and the terminal show it.
struct BuildFailureReport: Error, Sendable, Equatable {
    var message: String
    var diagnostics: [Diagnostic]
}
