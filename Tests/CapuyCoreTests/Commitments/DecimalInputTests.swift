import CapuyCore
import Testing

@Suite("Numbers typed into forms")
struct DecimalInputTests {
    @Test("Vietnamese writing: a decimal comma and dots between thousands", arguments: [
        ("95,5", 95.5), ("1.250", 1250), ("12.500.000", 12_500_000), ("1.250,75", 1250.75), ("80%", 80), (" 7 ", 7),
        ("2.5", 2.5), ("0,125", 0.125), ("100", 100), ("-3", -3),
    ] as [(String, Double)])
    func vietnamese(_ text: String, _ value: Double) {
        #expect(DecimalInput.parse(text) == value)
    }

    @Test("Not numbers", arguments: ["", "abc", "1,2,3", "1e5", "--1", "12 hộ"])
    func invalid(_ text: String) {
        #expect(DecimalInput.parse(text) == nil)
    }

    @Test("English pages: the dot is the decimal point and a comma groups thousands")
    func english() {
        #expect(DecimalInput.parse("1,250.5", decimalComma: false) == 1250.5)
        #expect(DecimalInput.parse("0.125", decimalComma: false) == 0.125)
        #expect(DecimalInput.parse("1.250", decimalComma: false) == 1.25)
    }

    @Test("Shown back the same way: whole numbers without decimals, at most two")
    func format() {
        #expect(DecimalInput.format(1250) == "1.250")
        #expect(DecimalInput.format(95.5) == "95,5")
        #expect(DecimalInput.format(33.333) == "33,33")
        #expect(DecimalInput.format(0.05) == "0,05")
        #expect(DecimalInput.format(12_500_000) == "12.500.000")
        #expect(DecimalInput.format(95.5, decimalComma: false) == "95.5")
        #expect(DecimalInput.format(1250, decimalComma: false) == "1250")
        for x in [0.0, 3, 95.5, 1250, 1250.75, 87.25] {
            #expect(DecimalInput.parse(DecimalInput.format(x)) == x)
        }
    }
}
