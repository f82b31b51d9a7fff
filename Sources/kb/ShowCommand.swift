import ArgumentParser
import Foundation
import KBCommandLine
import KBCore
import KBWorkspace

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print an article readably in the terminal.")

    @OptionGroup var location: LocationOptions

    @Argument(help: "The article id, e.g. causes/network.")
    var id: String

    func run() throws {
        let base = try location.knowledgeBaseForReading()
        let articleID = ArticleID(id.hasSuffix(".md") ? String(id.dropLast(3)) : id)
        do {
            let text = try ArticleViewer(base: base, labels: Labels(location.language), style: TerminalStyle.forStandardOutput())
                .render(articleID)
            print(text)
        } catch let error as SearchServiceError {
            throw CommandError(message: error.description)
        }
    }
}
