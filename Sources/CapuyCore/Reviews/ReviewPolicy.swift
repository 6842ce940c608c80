/// Everything a review round rules by, held as data with today's values as
/// defaults (Quy định 366-QĐ/TW, 2025; Hướng dẫn 43-HD/BTCTW, 2025). A round
/// keeps the copy it was opened with, so later changes never re-rate a past year.
public struct ReviewPolicy: Sendable, Codable, Equatable {
    /// R-EVAL-2: the lowest total of each band.
    public struct Bands: Sendable, Codable, Equatable {
        public var excellent: Double
        public var good: Double
        public var fulfilled: Double

        public init(excellent: Double, good: Double, fulfilled: Double) {
            self.excellent = excellent
            self.good = good
            self.fulfilled = fulfilled
        }
    }

    public var bands: Bands
    /// R-EVAL-3: share of tasks done beyond requirements that excellent needs.
    public var excellentBeyondShare: Double
    /// R-EVAL-4: below this share of targets met, "not fulfilled" is forced.
    public var targetsFloor: Double
    /// R-EVAL-4 (collective): above this share of subordinate units disciplined.
    public var disciplinedUnitsCeiling: Double
    /// R-EVAL-5: excellent members at most this share of those rated good.
    public var excellentQuota: Double
    public var sheets: [CriteriaSheet]

    public init(bands: Bands, excellentBeyondShare: Double, targetsFloor: Double, disciplinedUnitsCeiling: Double,
                excellentQuota: Double, sheets: [CriteriaSheet]) {
        self.bands = bands
        self.excellentBeyondShare = excellentBeyondShare
        self.targetsFloor = targetsFloor
        self.disciplinedUnitsCeiling = disciplinedUnitsCeiling
        self.excellentQuota = excellentQuota
        self.sheets = sheets
    }

    public func sheet(_ form: ReviewForm) -> CriteriaSheet? { sheets.first { $0.form == form } }

    /// Why a loaded policy cannot be used; empty when it can.
    public var problems: [String] {
        var out = sheets.flatMap(\.problems)
        for form in ReviewForm.allCases where sheet(form) == nil { out.append("\(form.rawValue): no sheet") }
        if !(bands.fulfilled < bands.good && bands.good < bands.excellent) { out.append("bands out of order") }
        for share in [excellentBeyondShare, targetsFloor, disciplinedUnitsCeiling, excellentQuota] where !(0...1).contains(share) {
            out.append("share \(share) outside 0…1")
        }
        return out
    }

    public static let standard = ReviewPolicy(
        bands: Bands(excellent: 90, good: 70, fulfilled: 50),
        excellentBeyondShare: 0.3, targetsFloor: 0.5, disciplinedUnitsCeiling: 0.2, excellentQuota: 0.2,
        sheets: [
            individual(.leader, results: [
                Criterion("KQ1", "Kết quả thực hiện chức trách, nhiệm vụ được giao", 30),
                Criterion("KQ2", "Kết quả lãnh đạo, chỉ đạo, quản lý cơ quan, đơn vị phụ trách", 20),
                Criterion("KQ3", "Thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm", 10),
                Criterion("KQ4", "Thực hiện nhiệm vụ do chi bộ phân công", 10),
            ]),
            individual(.staff, results: [
                Criterion("KQ1", "Kết quả thực hiện nhiệm vụ chuyên môn được giao", 40),
                Criterion("KQ2", "Thực hiện nhiệm vụ do chi bộ phân công", 15),
                Criterion("KQ3", "Thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm", 15),
            ]),
            individual(.outside, results: [
                Criterion("KQ1", "Thực hiện nhiệm vụ đảng viên nơi cư trú, nơi làm việc", 30),
                Criterion("KQ2", "Thực hiện nhiệm vụ do chi bộ phân công", 25),
                Criterion("KQ3", "Thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm", 15),
            ]),
            CriteriaSheet(form: .collective, sections: [
                CriteriaSection(code: "C", title: "Tiêu chí chung về xây dựng Đảng", maxPoints: 30, criteria: [
                    Criterion("C1", "Công tác chính trị, tư tưởng, đạo đức, lối sống", 10),
                    Criterion("C2", "Công tác tổ chức, cán bộ, xây dựng tổ chức đảng và đảng viên", 10),
                    Criterion("C3", "Công tác kiểm tra, giám sát, kỷ luật đảng", 10),
                ]),
                CriteriaSection(code: "KQ", title: "Kết quả thực hiện nhiệm vụ chính trị", maxPoints: 70, criteria: [
                    Criterion("KQ1", "Lãnh đạo thực hiện nhiệm vụ chính trị của địa phương, cơ quan, đơn vị", 40),
                    Criterion("KQ2", "Thực hiện các chỉ tiêu, cam kết trách nhiệm đã ký", 20),
                    Criterion("KQ3", "Khắc phục hạn chế, khuyết điểm đã được chỉ ra", 10),
                ]),
            ]),
        ])

    /// The four general criteria are the same on forms 2A, 2B and 2C.
    private static func individual(_ form: ReviewForm, results: [Criterion]) -> CriteriaSheet {
        CriteriaSheet(form: form, sections: [
            CriteriaSection(code: "C", title: "Tiêu chí chung", maxPoints: 30, criteria: [
                Criterion("C1", "Tư tưởng chính trị", 8),
                Criterion("C2", "Phẩm chất đạo đức, lối sống", 8),
                Criterion("C3", "Ý thức tổ chức kỷ luật", 7),
                Criterion("C4", "Tác phong, lề lối làm việc", 7),
            ]),
            CriteriaSection(code: "KQ", title: "Kết quả thực hiện nhiệm vụ", maxPoints: 70, criteria: results),
        ])
    }
}
