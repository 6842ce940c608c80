/// A horizontal bar chart drawn by the server as SVG (DESIGN.md: charts are
/// SVG, no script): the template places each bar from these numbers.
struct BarChart: Encodable {
    struct Bar: Encodable { let label: String; let count: Int; let width: Int; let y: Int; let textY: Int }
    let id: String
    let title: String
    let height: Int
    let bars: [Bar]

    /// Bars scaled so the longest is 300 units wide; a non-zero count stays visible.
    init(id: String, title: String, rows: [(label: String, count: Int)]) {
        let top = max(1, rows.map(\.count).max() ?? 1)
        self.id = id
        self.title = title
        height = max(28, rows.count * 28)
        bars = rows.enumerated().map { i, r in
            Bar(label: r.label, count: r.count, width: r.count == 0 ? 0 : max(2, r.count * 300 / top), y: i * 28, textY: i * 28 + 15)
        }
    }
}
