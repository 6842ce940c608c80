import CapuyCore
import Foundation

/// Where each figure of a report leads on the site: the list it counts,
/// filtered as far as that list filters.
enum ReportLinks {
    static func documents(_ ctx: ReportContext, _ span: ReportSpan, type: String?) -> String {
        var items = [URLQueryItem(name: "coQuan", value: ctx.id.uuidString), URLQueryItem(name: "tinhTrang", value: DocumentStatus.issued.rawValue)]
        if let year = span.year { items.append(URLQueryItem(name: "nam", value: String(year))) }
        if let term = span.termId { items.append(URLQueryItem(name: "nhiemKy", value: term.uuidString)) }
        if let type { items.append(URLQueryItem(name: "loai", value: type)) }
        return url(SiteURL.documents.path, items)
    }

    static func caseStatistics(_ span: ReportSpan) -> String {
        url(SiteURL.caseStatistics.path, [URLQueryItem(name: "period", value: "custom"), URLQueryItem(name: "from", value: span.from.iso),
                                          URLQueryItem(name: "to", value: span.to.iso)])
    }

    static func cases(filter: String? = nil, channel: String? = nil, kind: String? = nil) -> String {
        url(SiteURL.cases.path, [("filter", filter), ("channel", channel), ("kind", kind)].compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } })
    }

    private static func url(_ path: String, _ items: [URLQueryItem]) -> String {
        var c = URLComponents()
        c.path = path
        c.queryItems = items.isEmpty ? nil : items
        return c.string ?? path
    }
}
