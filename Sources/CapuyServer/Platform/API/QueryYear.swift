import CapuyCore

/// The `year` a list, a report or the calendar is asked for: 1900 to 2100
/// everywhere, the span the lunar calendar is exact over and well beyond any
/// record the Party keeps (it was founded in 1930). The OpenAPI document
/// declares the same bounds (issue 14: the spec and the code differed on
/// `year`; the holidays took 2000–2100 and the other readers anything).
enum QueryYear {
    static let range = 1900...2100

    static func check(_ year: Int?) throws -> Int? {
        guard let year else { return nil }
        guard range.contains(year) else {
            throw ValidationFailure(field: "year", "Năm phải từ \(range.lowerBound) đến \(range.upperBound).",
                                    en: "The year runs from \(range.lowerBound) to \(range.upperBound).")
        }
        return year
    }
}
