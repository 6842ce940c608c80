@testable import CapuyServer
import CapuyCore
import NIOCore
import Testing

/// Issue 17: rule codes leave the staff pages; the API keeps them.
@Suite("Rule codes on pages")
struct RuleCodesTests {
    static func strip(_ s: String) -> String {
        String(buffer: RuleCodes.strip(ByteBuffer(string: s)))
    }

    @Test("A code in brackets, after a comma or before a colon goes; the words stay",
          arguments: [
              ("Tổng điểm quá 30 (R-EVAL-2).", "Tổng điểm quá 30."),
              ("(hoàn thành tốt nhiệm vụ, R-EVAL-5); còn lại", "(hoàn thành tốt nhiệm vụ); còn lại"),
              ("Xem (R-CASE-4, R-CASE-6) rồi", "Xem rồi"),
              ("Chỉ ghi (R-MEET-2: tỷ lệ dự họp) thôi", "Chỉ ghi (tỷ lệ dự họp) thôi"),
              ("Mã R-2 và (R-) và (R-ab-1) giữ nguyên", "Mã R-2 và (R-) và (R-ab-1) giữ nguyên"),
              ("Không có mã nào", "Không có mã nào"),
              ("(R-DOC-3a)", ""),
          ])
    func examples(_ input: String, _ expected: String) {
        #expect(Self.strip(input) == expected)
    }

    @Test("Any text survives the scan: no trap, never longer, and a text without a code unchanged (property)")
    func property() {
        var rng = SplitMix64(seed: 2026)
        let pieces = ["R-", "R-EVAL-", "5", "(", ")", ", ", ": ", "a", "Đ", " ", "R", "-", "MEET", "ừ", "\u{0}"]
        for _ in 0..<3_000 {
            let n = Int(rng.next() % 14)
            let s = (0..<n).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            let once = Self.strip(s)
            #expect(once.utf8.count <= s.utf8.count)
            if !s.contains("R-") { #expect(once == s) }
        }
    }
}
