import Foundation

/// A minimal HTTP/1.1 client over a loopback socket. It sends the request path exactly as given
/// (URL libraries would normalise `/../` away, which is what these tests must send).
struct HTTPProbe {
    let port: Int

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    enum ProbeError: Error { case connect(Int32), timeout, malformed(String) }

    func get(_ rawPath: String, method: String = "GET", timeout: Double = HangGuard.seconds) throws -> Reply {
        let socket = try connect()
        defer { close(socket) }
        try send(socket, "\(method) \(rawPath) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        var data = Data()
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            guard let chunk = try receive(socket, until: deadline) else { break }
            data.append(chunk)
        }
        return try parse(data, method: method)
    }

    /// Sends `body` with the given headers (`Content-Length` is added unless `chunked`, which
    /// sends the body as one chunk without announcing its length).
    func post(_ rawPath: String, body: Data, contentType: String? = "application/json", chunked: Bool = false,
              timeout: Double = HangGuard.seconds) throws -> Reply {
        let socket = try connect()
        defer { close(socket) }
        var head = "POST \(rawPath) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: \(body.count)\r\n\r\n"
        var bytes = Data(head.utf8)
        if chunked {
            bytes += Data((String(body.count, radix: 16) + "\r\n").utf8) + body + Data("\r\n0\r\n\r\n".utf8)
        } else {
            bytes += body
        }
        // The server may answer and close before reading all of a body it refuses.
        try? sendBytes(socket, [UInt8](bytes))
        var data = Data()
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            guard let chunk = try? receive(socket, until: deadline) else { break }
            data.append(chunk)
        }
        return try parse(data, method: "POST")
    }

    /// An open `GET` whose body is read as it arrives (Server-Sent Events).
    final class Stream {
        let socket: Int32
        private(set) var received = ""

        init(socket: Int32) { self.socket = socket }
        deinit { close(socket) }

        /// Reads until `predicate` holds for everything received so far, or `timeout` passes.
        func read(timeout: Double, until predicate: (String) -> Bool) throws -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while !predicate(received) {
                guard Date() < deadline else { return false }
                let chunk: Data?
                do {
                    chunk = try HTTPProbe.receiveChunk(socket, until: deadline)
                } catch ProbeError.timeout {
                    return predicate(received)
                }
                guard let chunk else { return predicate(received) }
                received += String(decoding: chunk, as: UTF8.self)
            }
            return true
        }
    }

    func open(_ rawPath: String) throws -> Stream {
        let socket = try connect()
        try send(socket, "GET \(rawPath) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
        return Stream(socket: socket)
    }

    private func connect() throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ProbeError.connect(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw ProbeError.connect(code)
        }
        return descriptor
    }

    private func send(_ socket: Int32, _ text: String) throws {
        try sendBytes(socket, Array(text.utf8))
    }

    private func sendBytes(_ socket: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Foundation.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard result > 0 else { throw ProbeError.connect(errno) }
            sent += result
        }
    }

    private func receive(_ socket: Int32, until deadline: Date) throws -> Data? {
        try Self.receiveChunk(socket, until: deadline)
    }

    /// The next bytes, nil at end of stream.
    static func receiveChunk(_ socket: Int32, until deadline: Date) throws -> Data? {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
        guard poll(&descriptor, 1, milliseconds) > 0 else { throw ProbeError.timeout }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(socket, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Data(buffer[..<count])
    }

    private func parse(_ data: Data, method: String) throws -> Reply {
        guard let end = data.firstRange(of: Data("\r\n\r\n".utf8)) else { throw ProbeError.malformed("no header end") }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ProbeError.malformed(head[0]) }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = try dechunk(body) }
        return Reply(status: status, headers: headers, body: method == "HEAD" ? Data() : body)
    }

    private func dechunk(_ data: Data) throws -> Data {
        var result = Data()
        var rest = data[...]
        while let lineEnd = rest.firstRange(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";")[0], radix: 16) else { throw ProbeError.malformed(sizeText) }
            if size == 0 { break }
            let start = lineEnd.upperBound
            result.append(rest[start..<(start + size)])
            rest = rest[(start + size + 2)...]
        }
        return result
    }
}

extension String {
    /// Percent-encodes everything but unreserved characters, as a browser encodes a query value.
    var queryEncoded: String {
        addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn:
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? self
    }
}
