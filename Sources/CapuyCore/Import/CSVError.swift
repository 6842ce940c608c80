import Foundation

/// Why a CSV file could not be read. `message` is shown to users as is.
public enum CSVError: Error, Sendable, Equatable, LocalizedError {
    /// The bytes are neither UTF-8 nor UTF-16 with a byte order mark.
    case notDecodableText
    /// A quoted field opened on `line` (1-based) never closes.
    case unterminatedQuote(line: Int)
    /// The file has no header row (no bytes, or only blank lines).
    case emptyFile

    /// Vietnamese explanation for the user, with a hint on how to fix it.
    public var message: String {
        switch self {
        case .notDecodableText:
            return "Không đọc được tệp: tệp không phải văn bản UTF-8 hoặc UTF-16. "
                + "Hãy lưu lại từ Excel bằng \"CSV UTF-8 (Comma delimited)\"."
        case .unterminatedQuote(let line):
            return "Lỗi tệp CSV: dấu ngoặc kép mở ở dòng \(line) không được đóng."
        case .emptyFile:
            return "Tệp trống: không có dòng tiêu đề."
        }
    }

    public var errorDescription: String? { message }
}
