import CapuyCore
import Foundation
import Vapor

/// A file sent for download, named in a way every browser reads: an ASCII
/// fallback plus the UTF-8 name of RFC 6266 (Vietnamese names keep their marks).
enum DownloadResponse {
    static func file(_ data: Data, name: String, type: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        Self.name(response, name, type: type)
        return response
    }

    /// Gives a response (a streamed file, say) its type and download name.
    static func name(_ response: Response, _ name: String, type: String) {
        response.headers.replaceOrAdd(name: .contentType, value: type)
        let ascii = VietnameseText.fold(name).unicodeScalars
            .map { ($0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\") ? Character($0) : "_" }
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? ""
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"\(String(ascii))\"; filename*=UTF-8''\(encoded)")
    }
}

extension XLSXWorkbook {
    static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}
