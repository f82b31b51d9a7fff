import Testing
@testable import KBText

@Suite struct TokenSetTests {
    static let texts = [
        "刷卡成功但钱没到账，结算卡被冻结了。POS机 4G 信号 Wi-Fi",
        "网络信号不好导致不到账\n处理步骤：重启机器",
        "",
        "ＰＯＳ机 帐户 T+1到账",
    ]

    @Test func findsExactlyTheMembers() {
        let set = TokenSet(["到账", "钱", "pos", "wifi", "不存在"])
        var text = "钱没到账 POS Wi-Fi 到"
        let found = text.withUTF8 { buffer -> [String] in
            var found: [String] = []
            Tokenizer(mode: .document).tokenize(buffer) { event in
                if set.contains(event.text) { found.append(String(decoding: event.text, as: UTF8.self)) }
                return true
            }
            return found
        }
        #expect(found == ["钱", "到账", "pos", "wifi"])
        #expect(set.index(of: "钱") == 1)
        #expect(set.index(of: "到") == nil)
    }

    @Test func duplicatesKeepTheirFirstPosition() {
        let set = TokenSet(["信号", "到账", "信号"])
        #expect(set.index(of: "信号") == 0)
        #expect(set.index(of: "到账") == 1)
    }

    @Test func filteredTokensEqualFilteringAllTokens() {
        let tokenizer = Tokenizer(mode: .document)
        for text in Self.texts {
            let all = tokenizer.tokens(text)
            // Every second distinct token, so that both members and non-members occur.
            let members = Set(all.map(\.text)).sorted().enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            let expected = all.filter { Set(members).contains($0.text) }
            #expect(tokenizer.tokens(text, in: TokenSet(members)) == expected)
        }
    }

    @Test func occurrencesMarkEachMemberFound() {
        let tokenizer = Tokenizer(mode: .document)
        let members = ["到账", "冻结", "信号", "xyz"]
        let found = tokenizer.occurrences(in: Self.texts[0], of: TokenSet(members), count: members.count)
        #expect(found == [true, true, true, false])
        #expect(tokenizer.occurrences(in: "", of: TokenSet(members), count: members.count) == [false, false, false, false])
    }
}
