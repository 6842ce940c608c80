import CapuyCore
import Testing

/// Issue 4, point 2 (R-CASE-5 "repeated ones without new evidence"): telling
/// a repeat of an open case from another story, exactly and by signature.
@Suite("Case duplicates")
struct CaseDuplicatesTests {
    static let original = "Đoạn đường liên thôn từ cầu Bến Đá đến chợ Mới bị sụt lún nhiều chỗ, xe máy ngã liên tục, đề nghị xã sửa chữa trước mùa mưa."
    static let repeatWithAccentsDropped = "Doan duong lien thon tu cau Ben Da den cho Moi bi sut lun nhieu cho, xe may nga lien tuc, de nghi xa sua chua truoc mua mua!"
    static let other = "Cán bộ địa chính xã nhận tiền của người dân khi làm thủ tục chuyển mục đích sử dụng đất nông nghiệp sang đất ở."

    @Test("Folding, punctuation and case do not make a repeat look new")
    func exact() {
        #expect(CaseDuplicates.similarity(CaseDuplicates.shingles(Self.original), CaseDuplicates.shingles(Self.repeatWithAccentsDropped)) == 1)
        #expect(CaseDuplicates.isDuplicate(Self.original, Self.repeatWithAccentsDropped))
        #expect(!CaseDuplicates.isDuplicate(Self.original, Self.other))
    }

    @Test("Signatures agree on a repeat, mostly agree on a small edit, and disagree on another story")
    func signatures() {
        let a = CaseDuplicates.signature(Self.original)
        #expect(a.utf8.count == CaseDuplicates.signatureSize * 16)
        #expect(CaseDuplicates.estimatedSimilarity(a, CaseDuplicates.signature(Self.repeatWithAccentsDropped)) == 1)
        let edited = Self.original.replacingOccurrences(of: "trước mùa mưa", with: "trước tháng Chín")
        let exact = CaseDuplicates.similarity(CaseDuplicates.shingles(Self.original), CaseDuplicates.shingles(edited))
        let estimate = CaseDuplicates.estimatedSimilarity(a, CaseDuplicates.signature(edited))
        #expect(exact > 0.7 && exact < 1)
        #expect(abs(estimate - exact) < 0.25, "the estimate \(estimate) is near the exact \(exact)")
        #expect(estimate >= CaseDuplicates.threshold)
        #expect(CaseDuplicates.estimatedSimilarity(a, CaseDuplicates.signature(Self.other)) < 0.2)
    }

    @Test("An empty or malformed signature never matches")
    func malformed() {
        #expect(CaseDuplicates.signature("") == "")
        #expect(CaseDuplicates.estimatedSimilarity("", "") == 0)
        #expect(CaseDuplicates.estimatedSimilarity("abc", "abc") == 0)
    }
}
