import Foundation

/// A CSV file split into a header and data rows, as uploaded by users for
/// bulk import (lists of Party members exported from Excel).
///
/// Accepts RFC 4180 CSV in UTF-8 (with or without BOM) or UTF-16 with BOM
/// (Excel "Unicode text"), separated by comma, semicolon or tab (detected
/// from the header line), with LF, CRLF or CR line endings.
public struct CSVTable: Sendable, Equatable {
    /// Column names from the first non-blank record, trimmed of whitespace.
    public var header: [String]
    /// Data rows, fields exactly as in the file (not padded or trimmed, so a
    /// row may be shorter or longer than the header; the importer decides).
    /// Rows whose fields are all empty are left out.
    public var rows: [[String]]
    /// For each row, the 1-based line of the file where it starts; a quoted
    /// field can span lines, so this is not simply index + 2. Use it in error
    /// messages ("dòng 17: ngày sinh không hợp lệ").
    public var rowLines: [Int]
    /// The separator that was detected: ",", ";" or "\t".
    public var separator: Character

    /// Creates a table directly (mostly for tests and generated data).
    public init(header: [String], rows: [[String]], rowLines: [Int], separator: Character = ",") {
        self.header = header
        self.rows = rows
        self.rowLines = rowLines
        self.separator = separator
    }

    /// Parses the raw bytes of a file.
    /// - Throws: `CSVError` when the text cannot be decoded, a quote is not
    ///   closed, or there is no header.
    public static func parse(_ data: Data) throws -> CSVTable {
        try parse(utf8: CSVTextDecoding.utf8Bytes(of: data))
    }

    /// Parses CSV text that is already a `String` (e.g. pasted by a user).
    public static func parse(_ text: String) throws -> CSVTable {
        try parse(utf8: CSVTextDecoding.utf8Bytes(of: text))
    }

    private static func parse(utf8 bytes: [UInt8]) throws -> CSVTable {
        let separator = CSVByteParser.detectSeparator(bytes)
        let output = try CSVByteParser.parse(bytes, separator: separator)
        guard let first = output.records.first else { throw CSVError.emptyFile }
        return CSVTable(
            header: first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) },
            rows: Array(output.records.dropFirst()),
            rowLines: Array(output.lines.dropFirst()),
            separator: Character(Unicode.Scalar(separator)))
    }

    /// Index of the first column whose name matches `name` ignoring case,
    /// accents and spacing ("Ngày sinh" matches "NGAY  SINH").
    public func columnIndex(named name: String) -> Int? {
        let wanted = VietnameseText.fold(name)
        return header.firstIndex { VietnameseText.fold($0) == wanted }
    }

    /// The field at `column` of data row `row`, or "" when the row is short.
    public func value(row: Int, column: Int) -> String {
        let fields = rows[row]
        return column < fields.count ? fields[column] : ""
    }
}
