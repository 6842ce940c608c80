@testable import CapuyServer
import CapuyCore
import Foundation
import Testing

/// Issue 18: the report's charts, drawn as SVG and rendered to PNG on the
/// server by rsvg-convert (apt librsvg2-bin, installed by .ci/run).
@Suite("The report's charts")
struct ReportChartsTests {
    static let table = ReportTableDTO.counts("cases.kind", "Đơn thư theo loại", "Cases by kind", [
        .count("cases.kind.petition", "Kiến nghị <đường>", "Petitions", 12, indent: 1),
        .count("cases.kind.report", "Phản ánh", "Reports", 3, indent: 1),
        .count("cases.kind.complaint", "Khiếu nại", "Complaints", 0, indent: 1),
    ])

    @Test("Bars are scaled to the largest, labels escaped, zero rows left out")
    func svg() throws {
        let svg = ReportCharts.svg(title: "Đơn thư & kiến nghị", bars: [("Kiến nghị <đường>", 12), ("Phản ánh", 3)])
        #expect(svg.contains("Đơn thư &amp; kiến nghị") && svg.contains("Kiến nghị &lt;đường&gt;") && !svg.contains("<đường>"))
        let track = ReportCharts.width - 460 - 120
        #expect(svg.contains("width=\"\(track)\" height=\"30\"") && svg.contains("width=\"\(track / 4)\" height=\"30\""))
    }

    @Test("A chart is a PNG picture 15 cm wide; without the renderer, no picture and no error")
    func picture() throws {
        let missing = ReportCharts(tool: "/nonexistent/rsvg-convert")
        #expect(try missing.picture(for: Self.table) == nil)
        let charts = ReportCharts()
        try #require(charts.available, "rsvg-convert is needed: apt-get install librsvg2-bin")
        let p = try #require(try charts.picture(for: Self.table))
        #expect(p.png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && p.widthEMU == 5_400_000)
        #expect(p.heightEMU == 5_400_000 * ReportCharts.height(2) / ReportCharts.width)
        // A table that is not charted, or has a single bar, gets none.
        #expect(try charts.picture(for: ReportTableDTO.counts("members.changes", "x", "x", Self.table.rows)) == nil)
        #expect(try charts.picture(for: ReportTableDTO.counts("cases.kind", "x", "x", Array(Self.table.rows.prefix(1)))) == nil)
    }
}
