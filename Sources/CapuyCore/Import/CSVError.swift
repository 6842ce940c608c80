import Foundation

/// Why a CSV file could not be read. `message` is shown to users as is.
public enum CSVError: Error, Sendable, Equatable, LocalizedError {
    /// The bytes are neither UTF-8 nor UTF-16 with a byte order mark.
    case notDecodableText
    /// A quoted field opened on `line` (1-based) never closes.
    case unterminatedQuote(line: Int)
    /// The file has no header row (no bytes, or only blank lines).
    case emptyFile
    /// One record runs past `limit` bytes from `line`: a runaway quote or a
    /// file that is not a list (a 2 GB cell is refused here, not read).
    case recordTooLong(line: Int, limit: Int)
    /// The bytes hold a NUL: a binary file, not text.
    case binary
    /// An Excel 97–2003 workbook (.xls), which is a binary format.
    case legacyExcel

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
        case .recordTooLong(let line, let limit):
            return "Lỗi tệp CSV: dòng \(line) dài quá \(limit / 1024) KB (có thể thiếu dấu ngoặc kép đóng). "
                + "Không đọc tiếp tệp này."
        case .binary:
            return "Tệp không phải văn bản CSV (có byte 0). Hãy lưu danh sách thành CSV UTF-8 hoặc XLSX."
        case .legacyExcel:
            return "Đây là tệp Excel 97–2003 (.xls). Hãy mở bằng Excel và lưu thành .xlsx hoặc CSV UTF-8."
        }
    }

    public var errorDescription: String? { message }
}
