import Foundation

/// The Vietnamese lunisolar calendar (âm lịch), reckoned in UTC+7 as Vietnam
/// has since 1968, which is why some Tết fall a day or a month away from
/// China's (17/2/2007 against 18/2; 21/1/1985 against 20/2).
///
/// A month starts on the day of a new moon; month 11 holds the winter
/// solstice; a year of 13 months repeats the first month that holds no major
/// solar term. The new moons and the sun's longitude come from the
/// truncated series of Jean Meeus, *Astronomical Algorithms* (ch. 25 and 49),
/// good to minutes over 1900–2100: the only days that can be wrong are those
/// whose new moon falls within minutes of midnight, so the results are
/// checked against the published Tết and Giỗ Tổ dates in the tests.
public enum VietnameseLunarCalendar {
    /// Hours east of Greenwich.
    public static let vietnamOffsetHours = 7.0
    /// The years the series are trusted for.
    public static let supportedYears = 1900...2199

    /// The solar date of a lunar day, or nil outside the supported years or
    /// for a leap month the year does not have.
    public static func solarDate(day: Int, month: Int, year: Int, leap: Bool = false,
                                 offsetHours: Double = vietnamOffsetHours) -> LocalDate? {
        guard supportedYears.contains(year), (1...12).contains(month), (1...30).contains(day),
              offsetHours.isFinite, abs(offsetHours) <= 14 else { return nil }
        let (a11, b11) = month < 11
            ? (monthElevenStart(year - 1, offsetHours), monthElevenStart(year, offsetHours))
            : (monthElevenStart(year, offsetHours), monthElevenStart(year + 1, offsetHours))
        let k = whole(0.5 + (Double(a11) - 2_415_021.076998695) / synodicMonth)
        var offset = month - 11
        if offset < 0 { offset += 12 }
        if b11 - a11 > 365 {
            let leapOffset = leapMonthOffset(a11, offsetHours)
            var leapMonth = leapOffset - 2
            if leapMonth < 0 { leapMonth += 12 }
            if leap && month != leapMonth { return nil }
            if leap || offset >= leapOffset { offset += 1 }
        } else if leap {
            return nil
        }
        let start = newMoonDay(k + offset, offsetHours)
        // The lunar day must fall inside its month (29 or 30 days long).
        guard day <= newMoonDay(k + offset + 1, offsetHours) - start else { return nil }
        return date(julianDay: start + day - 1)
    }

    /// The first day of the lunar year that begins in `year` (Tết Nguyên đán).
    public static func newYear(_ year: Int) -> LocalDate? { solarDate(day: 1, month: 1, year: year) }

    // MARK: - astronomy

    static let synodicMonth = 29.530588853

    /// The floor of an astronomical figure as an Int, never a trap: within
    /// the supported years every figure is a few million at most, and an
    /// offset hour that is not finite (only a caller's mistake) reads as 0.
    static func whole(_ x: Double) -> Int { CheckedNumber.int(x.rounded(.down)) ?? 0 }

    static func julianDay(_ date: LocalDate) -> Int { date.daysSinceEpoch + 2_440_588 }

    static func date(julianDay: Int) -> LocalDate? {
        let (y, m, d) = CivilCalendar.civilDate(daysSinceEpoch: julianDay - 2_440_588)
        return LocalDate(year: y, month: m, day: d)
    }

    /// Julian day number (local civil day) of the k-th new moon after 1900-01-01.
    static func newMoonDay(_ k: Int, _ offsetHours: Double) -> Int {
        whole(newMoon(k) + 0.5 + offsetHours / 24)
    }

    /// Julian ephemeris date of the k-th mean new moon after 1900-01-01, corrected.
    static func newMoon(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85
        let t2 = t * t, t3 = t2 * t
        let dr = Double.pi / 180
        var jd = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let sunAnomaly = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
        let moonAnomaly = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
        let latitude = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
        var c = (0.1734 - 0.000393 * t) * sin(sunAnomaly * dr) + 0.0021 * sin(2 * dr * sunAnomaly)
        c += -0.4068 * sin(moonAnomaly * dr) + 0.0161 * sin(2 * dr * moonAnomaly) - 0.0004 * sin(3 * dr * moonAnomaly)
        c += 0.0104 * sin(2 * dr * latitude) - 0.0051 * sin(dr * (sunAnomaly + moonAnomaly))
        c += -0.0074 * sin(dr * (sunAnomaly - moonAnomaly)) + 0.0004 * sin(dr * (2 * latitude + sunAnomaly))
        c += -0.0004 * sin(dr * (2 * latitude - sunAnomaly)) - 0.0006 * sin(dr * (2 * latitude + moonAnomaly))
        c += 0.0010 * sin(dr * (2 * latitude - moonAnomaly)) + 0.0005 * sin(dr * (2 * moonAnomaly + sunAnomaly))
        // ΔT, ephemeris time less universal time, in days.
        let deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2
        return jd + c - deltaT
    }

    /// The sun's apparent longitude (radians, 0 ..< 2π) at a Julian date.
    static func sunLongitude(_ jd: Double) -> Double {
        let t = (jd - 2_451_545.0) / 36525
        let t2 = t * t
        let dr = Double.pi / 180
        let anomaly = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let mean = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        var correction = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * anomaly)
        correction += (0.019993 - 0.000101 * t) * sin(dr * 2 * anomaly) + 0.000290 * sin(dr * 3 * anomaly)
        let longitude = (mean + correction) * dr
        return longitude - 2 * Double.pi * (longitude / (2 * Double.pi)).rounded(.down)
    }

    /// Which of the twelve 30° sectors the sun is in at the start of a local day.
    static func sunSector(_ dayNumber: Int, _ offsetHours: Double) -> Int {
        whole(sunLongitude(Double(dayNumber) - 0.5 - offsetHours / 24) / Double.pi * 6)
    }

    /// The first day of the lunar month 11 of the lunar year ending in `year`:
    /// the month holding the winter solstice.
    static func monthElevenStart(_ year: Int, _ offsetHours: Double) -> Int {
        let lastDay = CivilCalendar.daysSinceEpoch(year: year, month: 12, day: 31) + 2_440_588
        let k = whole(Double(lastDay - 2_415_021) / synodicMonth)
        let newMoon = newMoonDay(k, offsetHours)
        return sunSector(newMoon, offsetHours) >= 9 ? newMoonDay(k - 1, offsetHours) : newMoon
    }

    /// Months after month 11 until the leap month: the first whose start and
    /// next start see the sun in the same sector, i.e. it holds no major term.
    static func leapMonthOffset(_ a11: Int, _ offsetHours: Double) -> Int {
        let k = whole((Double(a11) - 2_415_021.076998695) / synodicMonth + 0.5)
        var i = 1
        var sector = sunSector(newMoonDay(k + i, offsetHours), offsetHours)
        var last = -1
        repeat {
            last = sector
            i += 1
            sector = sunSector(newMoonDay(k + i, offsetHours), offsetHours)
        } while sector != last && i < 14
        return i - 1
    }
}
