import CapuyCore
import Foundation
import PropertyBased
import Testing

/// Issue 14, item 7: U+0000 is found in JSON and form bodies however it is
/// written, and nothing else is taken for it.
@Suite("NUL in request bodies: found however written, nothing else mistaken for it (issue 14, item 7)")
struct NulCharacterScanPropertyTests {
    @Test("JSON: any text encoded by JSONEncoder is flagged exactly when it holds U+0000")
    func json() async throws {
        let samples = ["", "\u{0}", "Nguyễn\u{0}Văn", "\\u0000", "\\\\u0000", "a\\", "\u{1}\u{1F}", "\\u00000"]
        for text in samples { try checkJSON(text) }
        await propertyCheck(count: 1000, input: InputGen.anyText) { text in try checkJSON(text) }
    }

    private func checkJSON(_ text: String) throws {
        let encoded = try JSONEncoder().encode(["name": text])
        #expect(NulCharacterScan.inJSON(encoded) == text.unicodeScalars.contains("\u{0}"), "\(text.debugDescription)")
    }

    @Test("JSON written by hand: the escape in either case is found, an escaped backslash before u0000 is not")
    func handWrittenJSON() {
        #expect(NulCharacterScan.inJSON(Array(#"{"a":"x\u0000"}"#.utf8)))
        #expect(NulCharacterScan.inJSON(Array(#"{"a":"\U0000"}"#.utf8)) == false) // not an escape JSON knows
        #expect(NulCharacterScan.inJSON(Array(#"{"a":"\\u0000"}"#.utf8)) == false)
        #expect(NulCharacterScan.inJSON(Array(#"{"a":"\\\u0000"}"#.utf8)))
        #expect(NulCharacterScan.inJSON(Array(#"{"a":"\u000"}"#.utf8)) == false)
        #expect(NulCharacterScan.inJSON(Array(#"{"a":"\"#.utf8)) == false)
        #expect(NulCharacterScan.inJSON([0x7B, 0x00, 0x7D]))
    }

    @Test("Forms and URLs: any text percent-encoded is flagged exactly when it holds U+0000")
    func percentEncoded() async {
        for text in ["", "\u{0}", "a%00", "%", "%0", "100%"] { checkForm(text) }
        await propertyCheck(count: 1000, input: InputGen.anyText) { text in checkForm(text) }
        #expect(NulCharacterScan.inPercentEncoded(Array("q=a%00b".utf8)))
        #expect(NulCharacterScan.inPercentEncoded(Array("q=%2500".utf8)) == false)
        #expect(NulCharacterScan.inPercentEncoded(Array("q=%0".utf8)) == false)
    }

    private func checkForm(_ text: String) {
        let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        #expect(NulCharacterScan.inPercentEncoded(Array(("q=" + encoded).utf8)) == text.unicodeScalars.contains("\u{0}"),
                "\(text.debugDescription)")
    }
}
