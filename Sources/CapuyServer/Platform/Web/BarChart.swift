/// A horizontal bar chart. Each bar is a row of HTML (its label and count
/// in the page's own font) with a small SVG for the bar alone. One SVG for
/// the whole chart scaled its 12-unit labels down with the chart: about
/// 7 px on a phone (issue 17). The bar's length is an SVG attribute, since
/// the site's CSP forbids inline styles. Every label passes through
/// `HTMLText.escape`.
struct BarChart: Encodable {
    let id: String
    let title: String
    /// The chart's markup, written with `#unsafeHTML`.
    let svg: String

    /// Bars scaled so the longest fills its track; a non-zero count stays visible.
    init(id: String, title: String, rows: [(label: String, count: Int)]) {
        let top = max(1, rows.map(\.count).max() ?? 1)
        self.id = id
        self.title = title
        let e = HTMLText.escape
        var html = "<div class=\"chart\" id=\"chart-\(e(id))\" role=\"group\" aria-label=\"\(e(title))\">"
        for r in rows {
            // Percent of the track, in tenths; `top` ≥ 1 and counts are small, so this cannot overflow.
            let width = r.count <= 0 ? 0 : max(10, r.count.multipliedReportingOverflow(by: 1000).partialValue / top)
            html += "<div class=\"bar-row\"><span class=\"bar-label\">\(e(r.label))</span>"
                + "<svg class=\"bar\" viewBox=\"0 0 1000 20\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"
                + "<rect width=\"\(width)\" height=\"20\" fill=\"#b71c1c\"></rect></svg>"
                + "<span class=\"bar-count\">\(r.count)</span></div>"
        }
        self.svg = html + "</div>"
    }
}
