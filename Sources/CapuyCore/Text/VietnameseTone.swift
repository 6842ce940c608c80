/// The six Vietnamese tones, ordered the way Vietnamese dictionaries order
/// words that differ only by tone: ngang, huyền, hỏi, ngã, sắc, nặng.
public enum VietnameseTone: Int, Sendable, CaseIterable, Comparable {
    /// Thanh ngang: no tone mark ("ma").
    case level = 0
    /// Thanh huyền: grave accent ("mà").
    case grave = 1
    /// Thanh hỏi: hook above ("mả").
    case hook = 2
    /// Thanh ngã: tilde ("mã").
    case tilde = 3
    /// Thanh sắc: acute accent ("má").
    case acute = 4
    /// Thanh nặng: dot below ("mạ").
    case dotBelow = 5

    /// The tone carried by a Unicode combining mark, or nil when the mark is
    /// not a tone mark (for example the breve of "ă" is a vowel mark, not a tone).
    public init?(combiningMark scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x0300, 0x0340: self = .grave      // U+0340 is the deprecated grave tone mark
        case 0x0309: self = .hook
        case 0x0303: self = .tilde
        case 0x0301, 0x0341: self = .acute      // U+0341 is the deprecated acute tone mark
        case 0x0323: self = .dotBelow
        default: return nil
        }
    }

    public static func < (lhs: VietnameseTone, rhs: VietnameseTone) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
