/// What a member pledges not to do: manifestations of degradation in
/// political ideology, ethics and lifestyle, of "self-evolution" and
/// "self-transformation", abbreviated from the 27 listed by Nghị quyết
/// 4 khóa XII (2016) and repeated in Kết luận 21-KL/TW (2021).
///
/// This is the default list. Each pledge keeps a copy of the list it was
/// made with, so changing the default later never rewrites a past pledge.
public enum PledgeChecklist {
    /// Kept in Vietnamese only: the pledge is a party document signed in it.
    public static let standard: [String] = [
        "Không phai nhạt lý tưởng cách mạng, không dao động, giảm sút niềm tin vào mục tiêu độc lập dân tộc và chủ nghĩa xã hội.",
        "Không lười học tập lý luận chính trị, nghị quyết, chỉ thị của Đảng; không ngại va chạm, né tránh trách nhiệm.",
        "Không nói không đi đôi với làm, không nói một đằng làm một nẻo, không hứa nhiều làm ít.",
        "Không cá nhân chủ nghĩa, cơ hội, vụ lợi; không kèn cựa địa vị, chạy chức, chạy quyền, chạy tội.",
        "Không tham ô, tham nhũng, lãng phí; không lợi dụng chức vụ, quyền hạn để trục lợi cho mình, người thân hay lợi ích nhóm.",
        "Không quan liêu, xa dân, vô cảm, thờ ơ trước khó khăn, bức xúc chính đáng của nhân dân.",
        "Không sống xa hoa, hưởng lạc; không tham gia cờ bạc, mê tín dị đoan và các tệ nạn xã hội.",
        "Không phụ họa, phát tán quan điểm sai trái, thù địch; không nói, viết, làm trái quan điểm, đường lối của Đảng, pháp luật của Nhà nước.",
        "Không cục bộ, bè phái, gây mất đoàn kết nội bộ; chấp hành nghiêm nguyên tắc tập trung dân chủ và sự phân công của tổ chức.",
    ]

    /// Most items a pledge's checklist may carry.
    public static let maxItems = 30
    /// Most items a personal action program may carry.
    public static let maxProgramItems = 30
}
