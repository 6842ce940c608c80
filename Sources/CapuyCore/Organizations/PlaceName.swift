/// The place name (địa danh) a unit's documents are dated at: "Quảng Trị,
/// ngày 05 tháng 01 năm 2026" (R-DOC-3). Each unit may keep its own; until
/// it does, the name comes from the administrative unit its own name holds:
/// a province's bare name, a commune's with its kind ("Xã Tân Hòa",
/// "Phường Đồng Hới", "Đặc khu Phú Quốc"), the way such places sign.
public enum PlaceName {
    /// Prefixes of committee names and what the place is called; the
    /// province-level ones give the bare name.
    static let prefixes: [(prefix: String, place: String)] = [
        ("đảng bộ tỉnh ", ""), ("đảng bộ thành phố ", ""), ("đảng bộ xã ", "Xã "), ("đảng bộ phường ", "Phường "),
        ("đảng bộ đặc khu ", "Đặc khu "), ("đảng bộ thị trấn ", "Thị trấn "), ("đảng bộ huyện ", "Huyện "),
        ("đảng bộ quận ", "Quận "), ("đảng bộ thị xã ", "Thị xã "),
    ]

    /// The place a unit's name gives, or nil when its name names no place
    /// (a cell, a grassroots committee of an agency): the caller then asks
    /// the unit above.
    public static func derived(fromUnitName name: String) -> String? {
        let trimmed = VietnameseText.normalizeSpaces(name)
        let lower = trimmed.lowercased()
        for (prefix, place) in prefixes where lower.hasPrefix(prefix) {
            let rest = String(trimmed.dropFirst(prefix.count))
            guard !rest.isEmpty else { return nil }
            // Ho Chi Minh City is never written by the bare name.
            if place.isEmpty && rest == "Hồ Chí Minh" { return "Thành phố Hồ Chí Minh" }
            return place + rest
        }
        return nil
    }
}
