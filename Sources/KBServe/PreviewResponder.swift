import Foundation
import Hummingbird
import KBWorkspace
import ServiceLifecycle

/// Answers every request of `kb serve`: the live-reload events, the search API, and the files of
/// the output folder (HTML pages with the live-reload script added on the way out).
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    static let searchPath = "/api/search"
    static let feedbackPath = "/api/feedback"
    /// How often an open events stream gets a keep-alive comment.
    static let pingInterval: Duration = .seconds(15)

    let session: PreviewSession
    let files: StaticFiles

    func respond(to request: Request, context: Context) async throws -> Response {
        if request.uri.path == Self.feedbackPath {
            return try await feedback(request)
        }
        guard request.method == .get || request.method == .head else {
            var response = text(.methodNotAllowed, "only GET and HEAD are served\n")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        let head = request.method == .head
        switch request.uri.path {
        case PageDecorator.eventsPath:
            return events()
        case Self.searchPath:
            let reply = await session.search.reply(toQuery: request.uri.query)
            return bytes(HTTPResponse.Status(code: reply.status), Data(reply.json.utf8),
                         type: "application/json; charset=utf-8", head: head)
        default:
            return file(request.uri.path, head: head)
        }
    }

    /// Votes are only ever posted; the body is read up to the size a vote may have, no further.
    private func feedback(_ request: Request) async throws -> Response {
        guard request.method == .post else {
            var response = bytes(.methodNotAllowed, Data(FeedbackEndpoint.error(405, "post votes to \(Self.feedbackPath)").json.utf8),
                                 type: "application/json; charset=utf-8", head: false)
            response.headers[.allow] = "POST"
            return response
        }
        var request = request
        let contentType = request.headers[.contentType]
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        var body: Data?
        if FeedbackEndpoint.isJSON(contentType), (declared ?? 0) <= FeedbackVote.maxBytes {
            body = try? await Data(buffer: request.collectBody(upTo: FeedbackVote.maxBytes))
        }
        let reply = await session.feedback.receive(body: body, contentType: contentType, declaredLength: declared)
        return bytes(HTTPResponse.Status(code: reply.status), Data(reply.json.utf8), type: "application/json; charset=utf-8", head: false)
    }

    private func file(_ path: String, head: Bool) -> Response {
        let state = session.state
        switch files.lookup(path) {
        case let .redirect(location):
            var response = Response(status: .movedPermanently)
            response.headers[.location] = location
            return response
        case let .file(filePath):
            guard let data = FileManager.default.contents(atPath: filePath) else { return missing(path, head: head) }
            let type = StaticFiles.contentType(of: filePath)
            guard type.hasPrefix("text/html") else { return bytes(.ok, data, type: type, head: head) }
            let page = PageDecorator.decorate(String(decoding: data, as: UTF8.self), generation: state.generation,
                                              failure: state.failure, labels: session.labels)
            return bytes(.ok, Data(page.utf8), type: type, head: head)
        case .notFound:
            return missing(path, head: head)
        }
    }

    /// The site's own `404.html` when it has one (its relative links made to work from any depth),
    /// else a plain page; either way with the live-reload script and any build error.
    private func missing(_ path: String, head: Bool) -> Response {
        let state = session.state
        let page: String
        if case let .file(notFound) = files.lookup("/404.html"), let data = FileManager.default.contents(atPath: notFound) {
            page = PageDecorator.decorate(PageDecorator.rootingLinks(String(decoding: data, as: UTF8.self)),
                                          generation: state.generation, failure: state.failure, labels: session.labels)
        } else {
            page = PageDecorator.missingPage(path: String(path.prefix(300)), failure: state.failure,
                                             generation: state.generation, labels: session.labels)
        }
        return bytes(.notFound, Data(page.utf8), type: "text/html; charset=utf-8", head: head)
    }

    /// `text/event-stream`: the current generation at once, then one event per finished build.
    private func events() -> Response {
        let broadcaster = session.broadcaster
        let (id, stream) = broadcaster.subscribe(current: session.state.generation)
        let body = ResponseBody { writer in
            defer { broadcaster.unsubscribe(id) }
            // Open streams would keep a stopping server waiting: end them when it starts to stop.
            try await withGracefulShutdownHandler {
                for await event in stream {
                    try await writer.write(ByteBuffer(string: ReloadBroadcaster.encode(event)))
                }
            } onGracefulShutdown: {
                broadcaster.unsubscribe(id)
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: body)
    }

    private func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        bytes(status, Data(message.utf8), type: "text/plain; charset=utf-8", head: false)
    }

    /// A whole response; never cached, because the next build may change it.
    private func bytes(_ status: HTTPResponse.Status, _ data: Data, type: String, head: Bool) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if head {
            headers[.contentLength] = String(data.count)
            return Response(status: status, headers: headers, body: ResponseBody())
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
