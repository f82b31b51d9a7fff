import KBCore
import Testing
@testable import KBIndex

@Suite struct StoredRowsTests {
    @Test func linksSurviveStorage() {
        let links = [
            BodyLink(kind: .link, destination: "../fixes/check-network.md", target: .article("fixes/check-network", anchor: nil),
                     line: 14, column: 27),
            BodyLink(kind: .link, destination: "../causes/account.md#如何判断", target: .article("causes/account", anchor: "如何判断"),
                     line: 3, column: 1),
            BodyLink(kind: .link, destination: "a.md#", target: .article("guides/a", anchor: ""), line: 1, column: 2),
            BodyLink(kind: .link, destination: "#处理步骤", target: .sameArticle(anchor: "处理步骤"), line: 9, column: 4),
            BodyLink(kind: .image, destination: "images/小票.png", target: .file("images/小票.png"), line: 20, column: 3),
            BodyLink(kind: .link, destination: "<https://example.com/a\tb\\c\nd>", target: .external("https://example.com/a\tb\\c\nd"),
                     line: 7, column: 8),
        ]
        #expect(LinkRows.decode(LinkRows.encode(links)) == links)
        #expect(LinkRows.decode(LinkRows.encode([])) == [])
        #expect(LinkRows.decode("x\t1\t2\td\ta\tid") == nil)
        #expect(LinkRows.decode("l\tone\t2\td\ta\tid") == nil)
    }
}
