import CapuyCore
import Foundation

/// What a search box may hold (issue 16, "Bad input"): a name, a card
/// number, a code or a few words. A longer string is refused with a reason
/// before it reaches a query, where a pattern of 10,000 characters would be
/// matched against every row in scope.
enum SearchText {
    static let maxLength = 200

    static func check(_ text: String?, field: String = "q") throws {
        guard let text, text.count > maxLength else { return }
        throw ValidationFailure(field: field, "Chuỗi tìm kiếm dài quá \(maxLength) ký tự: hãy nhập họ tên, số thẻ, mã đơn vị hoặc vài từ.",
                                en: "The search is longer than \(maxLength) characters: type a name, a card number, a unit code or a few words.")
    }
}
