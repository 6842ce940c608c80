import CapuyCore
import PropertyBased
import Testing

/// Issue 14, item 1: the readers of typed text (names, search words, receipt
/// codes, card numbers) never trap on any Unicode, NUL and controls included,
/// and give stable results.
@Suite("Text from input: readers never trap (issue 14, item 1)")
struct TextReaderPropertyTests {
    static let samples = ["", "\u{0}", "Nguyễn\u{0}Văn", "\u{0301}\u{0301}", "Đ\u{0}", "\r\n", " \u{A0}\u{2028} ", "ﬁ ß İ", "👨‍👩‍👧", "\u{FFFD}"]

    @Test("Spaces, folding and words: never trap, idempotent, no white space left at the ends")
    func spacesAndFolding() async {
        for text in Self.samples { checkSpaces(text) }
        await propertyCheck(count: 1000, input: InputGen.anyText) { text in checkSpaces(text) }
    }

    private func checkSpaces(_ text: String) {
        let spaced = VietnameseText.normalizeSpaces(text)
        #expect(VietnameseText.normalizeSpaces(spaced) == spaced, "\(text.debugDescription)")
        #expect(spaced.first?.isWhitespace != true && spaced.last?.isWhitespace != true)
        let folded = VietnameseText.fold(text)
        #expect(VietnameseText.fold(folded) == folded, "\(text.debugDescription)")
        let collapsed = VietnameseText.collapseWhitespace(text)
        #expect(VietnameseText.collapseWhitespace(collapsed) == collapsed)
        #expect(VietnameseText.words(text).allSatisfy { !$0.isEmpty })
    }

    @Test("Names: normalising, splitting and sort keys never trap; a normalised name has single spaces between words")
    func names() async {
        for text in Self.samples { checkName(text) }
        await propertyCheck(count: 1000, input: InputGen.anyText) { text in checkName(text) }
    }

    private func checkName(_ text: String) {
        // Not idempotent for letters whose capital is two letters ("ﬁ" → "FI" → "Fi"), so
        // the property is the shape: single spaces between words, none at the ends.
        let name = VietnameseText.normalizeName(text)
        #expect(!name.hasPrefix(" ") && !name.hasSuffix(" ") && !name.contains("  "), "\(text.debugDescription)")
        _ = PersonName(fullName: text)
        #expect(VietnameseCollation.sortKey(fullName: text) == VietnameseCollation.sortKey(fullName: text))
        _ = VietnameseCollation.compare(text, name)
    }

    @Test("Receipt codes typed on the portal: any text gives nil or a code that reads back as itself")
    func receiptCodes() async {
        for text in Self.samples + ["abcd-efgh-jkmn", "ABCD EFGH JKMN\u{0}", "oooo-iiii-llll"] { checkCode(text) }
        await propertyCheck(count: 1000, input: InputGen.anyText) { text in checkCode(text) }
        let codeText = Gen<Character?>.element(of: Array(ReceiptCode.alphabet) + Array("oilu -\u{0}")).array(of: 10...16).map { String($0.compactMap { $0 }) }
        await propertyCheck(count: 1000, input: codeText) { text in checkCode(text) }
    }

    private func checkCode(_ text: String) {
        guard let code = ReceiptCode.normalize(text) else { return }
        #expect(code.count == 14 && ReceiptCode.normalize(code) == code, "\(text.debugDescription)")
    }

    @Test("Card numbers: any text is judged without a trap; accepted ones are 4–20 ASCII digits, dots and dashes")
    func cardNumbers() async {
        await propertyCheck(count: 1000, input: InputGen.anyText) { text in
            guard MemberRules.isValidCardNumber(text) else { return }
            #expect((4...20).contains(text.count) && text.unicodeScalars.allSatisfy { $0.isASCII })
        }
        await propertyCheck(count: 1000, input: InputGen.readerText) { text in _ = MemberRules.isValidCardNumber(text) }
    }
}
