import CapuyCore
import Fluent
import Foundation

/// The sentences a submitter reads (R-CASE-6). They name units and dates,
/// never a person.
enum CaseMessages {
    struct Text {
        let vi: String
        let en: String
    }

    static func received(_ c: CitizenCase, handlingName: String, limits: CaseTimeLimits) -> Text {
        let decide = DisplayFormat.date(c.dueOn)
        let limit = limits.limit(c.track).base(complex: c.complex, remote: c.remote)
        return Text(
            vi: "Đơn đã được tiếp nhận ngày \(c.received.display) và chuyển đến \(handlingName). Chậm nhất ngày \(decide) đơn vị sẽ quyết định thụ lý hay không; nếu thụ lý, thời hạn giải quyết là \(limit.label) kể từ ngày thụ lý. Mọi bước được cập nhật tại đây, tra cứu bằng mã tiếp nhận.",
            en: "Received on \(c.received.display) and sent to \(handlingName). By \(decide) it will decide whether to accept the case; if accepted, the time limit is \(limit.labelEn) from acceptance. Follow every step here with your receipt code.")
    }

    static let keptAsReport = Text(
        vi: "Đơn tố cáo không ghi rõ họ tên và cách liên hệ nên không được xử lý như tố cáo; đơn được tiếp nhận như phản ánh (theo quy định của Đảng).",
        en: "A denunciation without a real name and contact is not processed as one; it is kept as a report (party rules).")

    static func accepted(due: LocalDate, limit: Span) -> String {
        "Đơn đã được thụ lý. Thời hạn giải quyết \(limit.label), đến ngày \(due.display)."
    }

    static func extended(due: LocalDate, reason: String) -> String {
        "Thời hạn giải quyết được gia hạn đến ngày \(due.display). Lý do: \(reason)"
    }
}

/// Writes a case's history steps.
enum CaseEvents {
    static func add(_ c: CitizenCase, _ action: String, note: String, public isPublic: Bool, actor: Actor, at: Date,
                    on db: any Database) async throws {
        let e = CaseEvent()
        e.$citizenCase.id = c.id!
        e.at = at
        e.action = action
        e.note = String(note.prefix(20_000))
        e.isPublic = isPublic
        e.actorName = actor.name
        try await e.create(on: db)
    }
}
