import ArgumentParser
import Foundation
import KBCommandLine
import KBCore
import KBWorkspace

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create an article with complete front matter and its category's section skeleton.",
        discussion: """
            The folder of the id is the category (guides, causes, fixes, prevention, products); the file name \
            is lowercase ASCII letters, digits and hyphens. What is left to write is marked 【待填写：…】, and \
            kb check reports each marker (and empty symptoms) until it is filled. An existing file is never \
            overwritten. Exit status: 0 created, 1 the file exists, 2 a usage error.
            """)

    @OptionGroup var location: LocationOptions

    @Argument(help: "The new article's id, e.g. causes/paper-jam.")
    var id: String

    @Option(name: .long, help: "The title, in Chinese, as a merchant would put it.")
    var title: String

    @Option(name: .long, parsing: .upToNextOption,
            help: "Products it applies to: e-sign, traditional, smart (default: all three).")
    var product: [Product] = []

    @Option(name: .long, help: ArgumentHelp("The `updated` date, YYYY-MM-DD (default: today).", valueName: "date"))
    var updated: String?

    func validate() throws {
        if let updated, Day(iso: updated) == nil {
            throw ValidationError("--updated: `\(updated)` is not a date like 2026-11-20")
        }
    }

    func run() throws {
        let labels = Labels(location.language)
        let base = try location.knowledgeBase()
        let day = updated.flatMap { Day(iso: $0) } ?? ArticleScaffold.today()
        do {
            let result = try ArticleScaffold.create(id, title: title, products: product, updated: day, in: base)
            print(labels.created(result.path))
            let category = Category(folder: result.id.folder ?? "")
            print(labels.fillIn(placeholders: result.placeholderCount, symptoms: category?.requiresSymptoms ?? false))
        } catch let error as ScaffoldError {
            if case .exists = error { throw CommandError(message: labels.scaffoldError(error), status: 1) }
            throw CommandError(message: labels.scaffoldError(error))
        }
    }
}
