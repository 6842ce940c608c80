import CapuyCore
import Foundation

/// The report's charts as pictures for the Word file (issue 18: rendered on
/// the server, with no browser). capuy writes each chart as SVG and Debian's
/// `rsvg-convert` (librsvg2-bin) turns it into PNG: a small, maintained
/// renderer with real font shaping for Vietnamese, where drawing text into
/// pixels in Swift would mean writing a font rasterizer. Without the tool
/// the file is written without charts: the tables carry every figure.
struct ReportCharts: Sendable {
    /// The tables that get a chart, and which of their rows are its bars:
    /// breakdowns whose bars say more than the numbers.
    static let charted: [String: String] = ["documents.issued": "documents.issued.", "cases.channel": "cases.channel.",
                                            "cases.kind": "cases.kind.", "reviews.members": "reviews.members.", "members.structure": "members.age."]
    var tool = "/usr/bin/rsvg-convert"

    var available: Bool { FileManager.default.isExecutableFile(atPath: tool) }

    /// A bar chart of the table's breakdown rows (indent 1, counts, non-zero), or nil.
    func picture(for table: ReportTableDTO) throws -> PartyDocumentPicture? {
        guard available, let prefix = Self.charted[table.key], table.columns.count == 1 else { return nil }
        let bars = table.rows.compactMap { row -> (String, Int)? in
            guard row.indent == 1, row.key.hasPrefix(prefix), !row.key.hasSuffix(".share"), let value = row.values.first ?? nil, value > 0,
                  let n = CheckedNumber.int(value.rounded()) else { return nil }
            return (row.label, n)
        }
        guard bars.count >= 2 else { return nil }
        let svg = Self.svg(title: table.title, bars: bars)
        // A renderer that vanished or failed leaves the chart out, never the file.
        guard let png = try? render(svg) else { return nil }
        // 15 cm wide; the height keeps the SVG's proportions.
        let width = 5_400_000
        return PartyDocumentPicture(png: png, widthEMU: width, heightEMU: width * Self.height(bars.count) / Self.width, name: table.title)
    }

    static let width = 1200
    static func height(_ bars: Int) -> Int { 70 + bars * 44 }

    /// Labels on the left, bars scaled to the largest, counts at the bar's end.
    static func svg(title: String, bars: [(String, Int)]) -> String {
        let top = max(1, bars.map(\.1).max() ?? 1)
        let labelWidth = 460, track = width - labelWidth - 120
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height(bars.count))" font-family="DejaVu Sans, Liberation Sans, sans-serif">\
        <rect width="100%" height="100%" fill="#ffffff"/>\
        <text x="20" y="38" font-size="26" font-weight="bold" fill="#000000">\(escape(title))</text>
        """
        for (i, bar) in bars.enumerated() {
            let y = 60 + i * 44
            // A share of the track: 0...track whatever the counts.
            let length = max(2, CheckedNumber.int((Double(bar.1) / Double(top) * Double(track)).rounded()) ?? track)
            let label = bar.0.count > 34 ? String(bar.0.prefix(33)) + "…" : bar.0
            out += "<text x=\"\(labelWidth - 12)\" y=\"\(y + 27)\" font-size=\"22\" text-anchor=\"end\" fill=\"#000000\">\(escape(label))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 6)\" width=\"\(length)\" height=\"30\" fill=\"#b71c1c\"/>"
            out += "<text x=\"\(labelWidth + length + 10)\" y=\"\(y + 29)\" font-size=\"22\" fill=\"#000000\">\(bar.1)</text>"
        }
        return out + "</svg>"
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Runs the renderer off Swift's cooperative threads: it waits on a child process.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// SVG in, PNG out; nil when the tool fails (the file then goes without the chart).
    private func render(_ svg: String) throws -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--format", "png", "--background-color", "white"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A chart's SVG is a few kilobytes, well within the pipe's buffer.
        input.fileHandleForWriting.write(Data(svg.utf8))
        try input.fileHandleForWriting.close()
        let png = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, png.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return nil }
        return png
    }
}
