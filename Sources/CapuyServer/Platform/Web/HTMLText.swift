/// Escaping for the few tables the server writes as HTML itself. Leaf
/// escapes each value on its own, and on a province's dashboard (170 rows)
/// or a unit page that escaping was half the request's time (perf); these
/// rows go in with `#unsafeHTML`, so everything in them passes through `escape`.
enum HTMLText {
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// One table row: a link in the first cell, then plain cells.
    static func row(link url: String, _ name: String, note: String? = nil, cells: [String]) -> String {
        var html = "<tr><td><a href=\"\(escape(url))\">\(escape(name))</a>"
        if let note { html += " <span class=\"muted\">\(escape(note))</span>" }
        html += "</td>"
        for c in cells { html += "<td>\(escape(c))</td>" }
        return html + "</tr>"
    }
}
