import Foundation

/// Turns the raw bytes of an uploaded file into UTF-8 bytes without BOM.
///
/// Excel saves "CSV UTF-8" with a UTF-8 BOM and "Unicode text" as UTF-16LE
/// with a BOM; plain exports from other tools have no BOM. Anything that is
/// not valid UTF-8 and has no UTF-16 BOM is rejected rather than guessed, so
/// that names are never silently garbled.
enum CSVTextDecoding {
    static func utf8Bytes(of data: Data) throws -> [UInt8] {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) {
            return try decodeUTF16(bytes.dropFirst(2), encoding: .utf16LittleEndian)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return try decodeUTF16(bytes.dropFirst(2), encoding: .utf16BigEndian)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        // Not `String(validating:as:)`: it needs macOS 15 and the package targets macOS 14.
        guard String(bytes: body, encoding: .utf8) != nil else {
            throw CSVError.notDecodableText
        }
        return body
    }

    /// UTF-8 bytes of a string, without a leading U+FEFF if one slipped in.
    static func utf8Bytes(of text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    private static func decodeUTF16(_ body: ArraySlice<UInt8>, encoding: String.Encoding) throws -> [UInt8] {
        guard body.count % 2 == 0, let text = String(data: Data(body), encoding: encoding) else {
            throw CSVError.notDecodableText
        }
        return utf8Bytes(of: text)
    }
}
