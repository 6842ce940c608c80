import NIOCore

/// Rule codes (R-EVAL-5, R-MEET-1…) name DOMAIN.md's rules in messages.
/// The API and its OpenAPI keep them for the people who build on them; a
/// staff page is read by a cell secretary, to whom they mean nothing (issue
/// 17), so every rendered page drops them:
///
///   "… 30 điểm (R-EVAL-2)."            → "… 30 điểm."
///   "(tốt nhiệm vụ, R-EVAL-5)"         → "(tốt nhiệm vụ)"
///   "(R-CASE-4, R-CASE-6)"             → ""
///   "(R-EVAL-4: chưa đủ)"              → "(chưa đủ)"
///
/// The scan works on bytes and returns the page untouched when it holds no
/// code, which is most pages.
enum RuleCodes {
    static func strip(_ page: ByteBuffer) -> ByteBuffer {
        let bytes = page.readableBytesView
        guard containsCode(bytes) else { return page }
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            // " (CODE, CODE)" or " (CODE)": the whole group and the space before it.
            if input[i] == UInt8(ascii: "("), let end = codeList(input, from: i + 1), end < input.count, input[end] == UInt8(ascii: ")") {
                if out.last == UInt8(ascii: " ") { out.removeLast() }
                i = end + 1
                continue
            }
            // "(CODE: text)" → "(text)"
            if input[i] == UInt8(ascii: "("), let end = codeList(input, from: i + 1), end + 1 < input.count,
               input[end] == UInt8(ascii: ":"), input[end + 1] == UInt8(ascii: " ") {
                out.append(input[i])
                i = end + 2
                continue
            }
            // ", CODE" inside a parenthesis or a sentence.
            if input[i] == UInt8(ascii: ","), i + 1 < input.count, input[i + 1] == UInt8(ascii: " "), let end = code(input, from: i + 2) {
                i = end
                continue
            }
            out.append(input[i])
            i += 1
        }
        var buffer = ByteBufferAllocator().buffer(capacity: out.count)
        buffer.writeBytes(out)
        return buffer
    }

    /// Whether "R-" followed by a capital letter occurs at all.
    private static func containsCode(_ bytes: ByteBufferView) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for b in bytes {
            if beforePrevious == UInt8(ascii: "R") && previous == UInt8(ascii: "-") && isCapital(b) { return true }
            beforePrevious = previous
            previous = b
        }
        return false
    }

    /// The end of "CODE" or "CODE, CODE…" starting at `start`, or nil.
    private static func codeList(_ s: [UInt8], from start: Int) -> Int? {
        guard var end = code(s, from: start) else { return nil }
        while end + 1 < s.count, s[end] == UInt8(ascii: ","), s[end + 1] == UInt8(ascii: " "), let next = code(s, from: end + 2) {
            end = next
        }
        return end
    }

    /// The end of one code "R-WORD-12" (optionally a trailing small letter) at `start`, or nil.
    static func code(_ s: [UInt8], from start: Int) -> Int? {
        var i = start
        guard i + 2 < s.count, s[i] == UInt8(ascii: "R"), s[i + 1] == UInt8(ascii: "-") else { return nil }
        i += 2
        let word = i
        while i < s.count, isCapital(s[i]) { i += 1 }
        guard i > word, i < s.count, s[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        let digits = i
        while i < s.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(s[i]) { i += 1 }
        guard i > digits else { return nil }
        if i < s.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(s[i]) { i += 1 }
        return i
    }

    private static func isCapital(_ b: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) }
}
