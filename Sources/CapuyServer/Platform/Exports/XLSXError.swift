import Foundation

/// An error raised while writing or reading an .xlsx workbook.
///
/// `message` is Vietnamese because it is shown as-is to the people who
/// upload or download the spreadsheets; `kind` is for code and tests.
public struct XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, independent of wording.
    public enum Kind: Sendable, Equatable {
        /// The bytes are not a ZIP archive, or not an Office Open XML package.
        case notXLSX
        /// The package holds no worksheet that can be read.
        case noSheet
        /// A part of the package is not well-formed XML.
        case malformedXML
        /// A part would decompress to more bytes than we are willing to hold.
        case tooLarge
        /// Building the package failed (ZIP layer error).
        case writeFailed
    }

    /// Machine-readable category.
    public let kind: Kind
    /// Human-readable explanation in Vietnamese, suitable for end users.
    public let message: String

    /// Creates an error; prefer the static factories below.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static let notXLSX = XLSXError(kind: .notXLSX, message: "Tệp không phải là bảng tính XLSX hợp lệ.")
    static let noSheet = XLSXError(kind: .noSheet, message: "Không tìm thấy trang tính nào trong tệp XLSX.")
    static let tooLarge = XLSXError(kind: .tooLarge, message: "Tệp XLSX quá lớn, không thể xử lý.")
    static let writeFailed = XLSXError(kind: .writeFailed, message: "Không tạo được tệp XLSX.")

    static func malformedXML(part: String) -> XLSXError {
        XLSXError(kind: .malformedXML, message: "Tệp XLSX bị hỏng: không đọc được phần \(part).")
    }
}
