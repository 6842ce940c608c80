import CapuyCore
import PropertyBased
import Testing

/// Issue 14, item 1: `DecimalInput.format` once turned a Double into an Int
/// unchecked, so a progress value of 1e19 (or a stored target of 1e300)
/// stopped the whole server. These properties hold for every Double and
/// every string, not only for the figures offices type.
@Suite("DecimalInput: total for any number or text (issue 14, item 1)")
struct DecimalInputPropertyTests {
    @Test("format never traps and writes only digits, separators and a sign; non-numbers show as ∞, -∞ or —")
    func formatIsTotal() async {
        for x in InputGen.edgeDoubles { checkFormat(x) }
        await propertyCheck(count: 1000, input: InputGen.anyDouble) { x in checkFormat(x) }
    }

    private func checkFormat(_ x: Double) {
        for comma in [true, false] {
            let text = DecimalInput.format(x, decimalComma: comma)
            if x.isNaN {
                #expect(text == "—")
            } else if x.isInfinite {
                #expect(text == (x < 0 ? "-∞" : "∞"))
            } else {
                #expect(!text.isEmpty && text.allSatisfy { "0123456789.,-".contains($0) }, "\(x) → \(text)")
            }
        }
    }

    @Test("Accepted values round-trip: parse(format(x)) is x to the cent, on Vietnamese and English pages")
    func roundTrip() async {
        for x in InputGen.edgeDoubles where DecimalInput.issue(x, field: "v") == nil { checkRoundTrip(x) }
        await propertyCheck(count: 500, input: Gen.double(in: -DecimalInput.largest...DecimalInput.largest)) { x in checkRoundTrip(x) }
        // Figures with cents exactly, as typed.
        await propertyCheck(count: 500, input: Gen.int(in: -1_000_000_000_000_000...1_000_000_000_000_000)) { cents in
            let x = Double(cents) / 100
            #expect(DecimalInput.parse(DecimalInput.format(x)) == x, "\(x)")
        }
    }

    private func checkRoundTrip(_ x: Double) {
        let expected = CommitmentMath.rounded(x)
        #expect(DecimalInput.parse(DecimalInput.format(x)) == expected, "\(x) → \(DecimalInput.format(x))")
        #expect(DecimalInput.parse(DecimalInput.format(x, decimalComma: false), decimalComma: false) == expected)
    }

    @Test("issue(_:field:) refuses exactly NaN, infinities and sizes above ten thousand billion, in Vietnamese")
    func refusals() async {
        for x in InputGen.edgeDoubles { checkIssue(x) }
        await propertyCheck(count: 1000, input: InputGen.anyDouble) { x in checkIssue(x) }
    }

    private func checkIssue(_ x: Double) {
        let issue = DecimalInput.issue(x, field: "entries.0.value")
        if x.isFinite && abs(x) <= DecimalInput.largest {
            #expect(issue == nil, "\(x)")
        } else {
            #expect(issue?.field == "entries.0.value", "\(x)")
            #expect(issue?.message.contains("10.000.000.000.000") == true)
            #expect(issue?.messageEn.isEmpty == false)
        }
    }

    @Test("parse never traps on any text and gives nil or a finite number; its numbers format back to themselves")
    func parseIsTotal() async {
        for text in ["", "\u{0}", "1\u{0}5", "1e308", "1" + String(repeating: "0", count: 400), "-", "+", ".", ",", "%", "nan", "inf", "-0"] {
            checkParse(text)
        }
        await propertyCheck(count: 1000, input: InputGen.anyText) { text in checkParse(text) }
        await propertyCheck(count: 1000, input: InputGen.readerText) { text in checkParse(text) }
    }

    private func checkParse(_ text: String) {
        for comma in [true, false] {
            guard let value = DecimalInput.parse(text, decimalComma: comma) else { continue }
            #expect(value.isFinite, "\(text.debugDescription) → \(value)")
            _ = DecimalInput.format(value, decimalComma: comma)
            if DecimalInput.issue(value, field: "v") == nil {
                let again = DecimalInput.parse(DecimalInput.format(value, decimalComma: comma), decimalComma: comma)
                #expect(again == CommitmentMath.rounded(value), "\(text.debugDescription)")
            }
        }
    }

    @Test("A figure stored before the range check renders in full: 1e19 and 1e300 with every digit grouped")
    func storedHugeFigures() {
        #expect(DecimalInput.format(1e19) == "10.000.000.000.000.000.000")
        #expect(DecimalInput.format(1e19, decimalComma: false) == "10000000000000000000")
        #expect(DecimalInput.format(1e300).hasPrefix("1.000.000.000.000.000.052.504.760"))
        #expect(DecimalInput.format(-1e308).hasPrefix("-100.000.000"))
        #expect(DecimalInput.format(-0.0) == "0" && DecimalInput.format(-0.001) == "0")
    }
}
