/// A horizontal bar chart, written as one SVG element. Five pages drew it
/// with the same Leaf loop; on a province's dashboard (40 bars) that loop
/// was a fifth of the page's time, so the markup is built here once and
/// every label passes through `HTMLText.escape`.
struct BarChart: Encodable {
    let id: String
    let title: String
    /// The whole `<svg>` element, written with `#unsafeHTML`.
    let svg: String

    /// Bars scaled so the longest is 300 units wide; a non-zero count stays visible.
    init(id: String, title: String, rows: [(label: String, count: Int)]) {
        let top = max(1, rows.map(\.count).max() ?? 1)
        self.id = id
        self.title = title
        let e = HTMLText.escape
        var svg = "<svg class=\"chart\" id=\"chart-\(e(id))\" viewBox=\"0 0 560 \(max(28, rows.count * 28))\" role=\"img\" aria-label=\"\(e(title))\" width=\"100%\">"
        for (i, r) in rows.enumerated() {
            let width = r.count == 0 ? 0 : max(2, r.count * 300 / top), y = i * 28, textY = i * 28 + 15
            svg += "<text x=\"0\" y=\"\(textY)\" font-size=\"12\">\(e(r.label))</text>"
                + "<rect x=\"220\" y=\"\(y)\" width=\"\(width)\" height=\"20\" fill=\"#b71c1c\"></rect>"
                + "<text x=\"\(width)\" dx=\"226\" y=\"\(textY)\" font-size=\"12\">\(r.count)</text>"
        }
        self.svg = svg + "</svg>"
    }
}
