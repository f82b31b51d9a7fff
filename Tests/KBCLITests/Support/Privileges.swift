import Foundation

/// File permissions only bind users other than root. Run as root (CI containers often are), the
/// permission tests start `kb` as `nobody` through `setpriv`; run as anyone else, they start it as
/// themselves and permissions apply directly.
enum Privileges {
    static let isRoot = geteuid() == 0
    static let setpriv = "/usr/bin/setpriv"
    static let nobody: uid_t = 65_534

    /// Whether a test can make a file unreadable to the `kb` it starts.
    static var canTestPermissions: Bool { !isRoot || FileManager.default.isExecutableFile(atPath: setpriv) }

    /// Makes `root` (a sandbox) belong to the user `kb` will run as.
    static func prepare(_ root: URL) throws {
        guard isRoot else { return }
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        chown(root.path, nobody, nobody)
        while let relative = enumerator?.nextObject() as? String {
            lchown(root.appendingPathComponent(relative).path, nobody, nobody)
        }
    }

    /// Makes `path` unreadable to the user `kb` runs as.
    static func makeUnreadable(_ path: String) {
        if isRoot { chown(path, 0, 0) }
        chmod(path, isRoot ? 0o700 : 0)
    }

    static func runKB(_ arguments: [String], in root: URL, timeout: Duration = HangGuard.process) throws -> ProcessResult {
        let kbArguments = arguments.map { Array($0.utf8) }
        let process: Subprocess
        if isRoot {
            let prefix = ["--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", Paths.kb].map { Array($0.utf8) }
            process = try Subprocess(setpriv, arguments: prefix + kbArguments, directory: root.path)
        } else {
            process = try Subprocess(Paths.kb, arguments: kbArguments, directory: root.path)
        }
        return process.wait(timeout: timeout)
    }
}
