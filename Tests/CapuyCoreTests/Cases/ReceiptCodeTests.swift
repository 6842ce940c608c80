import CapuyCore
import Testing

// R-CASE-6: the submitter follows the case with a receipt code.
@Suite("Receipt codes")
struct ReceiptCodeTests {
    @Test("R-CASE-6: the alphabet is Crockford's base 32, without I, L, O or U")
    func alphabet() {
        #expect(String(ReceiptCode.alphabet) == "0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        #expect(Set(ReceiptCode.alphabet).count == 32)
        for letter: Character in ["I", "L", "O", "U"] { #expect(!ReceiptCode.alphabet.contains(letter)) }
        #expect(ReceiptCode.length == 12)
    }

    @Test("R-CASE-6: a code is twelve symbols in three groups of four, from the low five bits of each byte")
    func make() {
        #expect(ReceiptCode.make(randomBytes: Array(0..<12)) == "0123-4567-89AB")
        #expect(ReceiptCode.make(randomBytes: Array(20..<32)) == "MNPQ-RSTV-WXYZ")
        // Only the low five bits count; bytes after the twelfth are ignored.
        #expect(ReceiptCode.make(randomBytes: Array(repeating: 255, count: 12)) == "ZZZZ-ZZZZ-ZZZZ")
        #expect(ReceiptCode.make(randomBytes: Array(32..<44) + [7, 7, 7]) == "0123-4567-89AB")
    }

    @Test("R-CASE-6: every byte value gives a well-formed code that reads back unchanged")
    func shapeAndRoundTrip() {
        for first in stride(from: 0, to: 256, by: 12) {
            let bytes = (0..<12).map { UInt8((first + $0 * 7) % 256) }
            let code = ReceiptCode.make(randomBytes: bytes)
            #expect(code.count == 14)
            let chars = Array(code)
            #expect(chars[4] == "-" && chars[9] == "-")
            #expect(chars.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 9 || ReceiptCode.alphabet.contains($0.element) })
            #expect(ReceiptCode.normalize(code) == code)
        }
    }

    @Test("R-CASE-6: typed codes are read in any case, with or without spaces and dashes")
    func normalizeSpacing() {
        #expect(ReceiptCode.normalize("0123-4567-89ab") == "0123-4567-89AB")
        #expect(ReceiptCode.normalize("012345678 9AB") == "0123-4567-89AB")
        #expect(ReceiptCode.normalize("0123456789AB") == "0123-4567-89AB")
        #expect(ReceiptCode.normalize("  01-23 45\t67 - 89 ab ") == "0123-4567-89AB")
        #expect(ReceiptCode.normalize("mnpq-rstv-wxyz") == "MNPQ-RSTV-WXYZ")
    }

    @Test("R-CASE-6: look-alikes are read as digits: O as 0, I and L as 1")
    func lookAlikes() {
        #expect(ReceiptCode.normalize("OoIi-LlAB-CDEF") == "0011-11AB-CDEF")
        #expect(ReceiptCode.normalize("1O2O-3I4L-5678") == "1020-3141-5678")
    }

    @Test("R-CASE-6: the wrong length is not a code")
    func wrongLength() {
        #expect(ReceiptCode.normalize("") == nil)
        #expect(ReceiptCode.normalize(" - ") == nil)
        #expect(ReceiptCode.normalize("0123-4567-89A") == nil)
        #expect(ReceiptCode.normalize("0123-4567-89ABC") == nil)
        #expect(ReceiptCode.normalize("0123-4567-89AB-0123-4567-89AB") == nil)
    }

    @Test("R-CASE-6: U, punctuation and other letters are not a code")
    func badSymbols() {
        for typed in ["0123-4567-89AU", "0123-4567-89Au", "0123.4567.89AB", "0123_4567_89AB", "0123/4567/89AB",
                      "0123-4567-89A!", "0123-4567-89AĐ", "0123-4567-89AÓ", "0123–4567–89AB"] {
            #expect(ReceiptCode.normalize(typed) == nil, "\(typed)")
        }
    }

    @Test("R-CASE-6: letters whose capitals are two letters (ß → SS, ﬁ → FI) do not make a code")
    func multiLetterCapitals() {
        #expect(ReceiptCode.normalize("0123-4567-8ß") == nil)
        #expect(ReceiptCode.normalize("0123-4567-8ﬁ") == nil)
        #expect(ReceiptCode.normalize("0123-4567-ﬁß") == nil)
    }
}
