import CapuyCore

/// A small deterministic generator, so the demo is the same on every machine.
struct SeededRandom: Sendable {
    private var source: SplitMix64

    init(seed: UInt64) { source = SplitMix64(seed: seed) }

    /// SplitMix64: tiny, fast and good enough for believable sample data.
    mutating func next() -> UInt64 { source.next() }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
}

/// Vietnamese names in realistic proportions (the common family names first).
enum DemoNames {
    static let families = ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
                           "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Mai", "Cao"]
    static let maleMiddles = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Công", "Đình", "Quang", "Trọng"]
    static let femaleMiddles = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Diệu"]
    static let maleGiven = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long", "Minh", "Nam",
                            "Nên", "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Việt", "Vinh"]
    static let femaleGiven = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hằng", "Hương", "Lan", "Liên", "Linh", "Loan",
                              "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Tuyết", "Vân", "Yến"]
    static let ethnicities = ["Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Bru - Vân Kiều", "Tà Ôi", "Chứt"]

    static func name(female: Bool, using r: inout SeededRandom) -> String {
        female ? "\(r.pick(families)) \(r.pick(femaleMiddles)) \(r.pick(femaleGiven))"
               : "\(r.pick(families)) \(r.pick(maleMiddles)) \(r.pick(maleGiven))"
    }
}
