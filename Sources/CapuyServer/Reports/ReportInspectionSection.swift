import CapuyCore
import Fluent
import Foundation

/// VII. Inspection and supervision by kind, their conclusions, and the
/// discipline decided, by form (R-DISC-1) and by subject.
struct ReportInspectionSection: ReportSection {
    let key = "inspection"
    let title = "Công tác kiểm tra, giám sát và thi hành kỷ luật đảng"
    let titleEn = "Inspection, supervision and discipline"
    let permissions: [Permission] = [.inspect]

    static let subjects: [(key: String, label: String, labelEn: String)] = [
        ("member", "Đảng viên", "Members"), ("unit", "Tổ chức đảng", "Party organizations"), ("leadership", "Tập thể lãnh đạo", "Leadership collectives"),
    ]

    func tables(_ ctx: ReportContext, _ span: ReportSpan) async throws -> [ReportTableDTO] {
        let s = try await InspectionStatistics.make(year: span.year ?? span.to.year, from: span.from.iso, to: span.to.iso,
                                                    scope: ctx.subtree, on: ctx.db)
        let link = SiteURL.inspections.path + (span.year.map { "?nam=\($0)" } ?? "")
        let opened = s.byKind.values.reduce(0, +)
        let kinds: [ReportRowDTO] = [.count("inspection.opened", "Cuộc kiểm tra, giám sát tiến hành", "Inspections and supervisions opened", opened, link: link)]
            + InspectionKind.allCases.map { .count("inspection.kind.\($0.rawValue)", $0.label, $0.labelEn, s.byKind[$0.rawValue] ?? 0, indent: 1, link: link) }
            + [.count("inspection.concluded", "Đã kết luận", "Concluded", s.concluded, link: link)]
        let sanctions = s.bySanction.values.reduce(0, +)
        let forms: [ReportRowDTO] = [.count("discipline.decided", "Quyết định kỷ luật", "Discipline decisions", sanctions, link: link)]
            + SanctionForm.allCases.map { .count("discipline.form.\($0.rawValue)", $0.label, $0.labelEn, s.bySanction[$0.rawValue] ?? 0, indent: 1, link: link) }
            + Self.subjects.map { .count("discipline.subject.\($0.key)", "Đối với: \($0.label.lowercased())", "Of \($0.labelEn.lowercased())",
                                         s.bySubject[$0.key] ?? 0, indent: 1, link: link) }
            + [.count("discipline.appeals", "Khiếu nại kỷ luật đã nhận", "Appeals against discipline received", s.appeals, link: link),
               .count("discipline.annulled", "Quyết định kỷ luật bị xóa bỏ", "Decisions annulled", s.annulled, indent: 1, link: link)]
        return [.counts("inspection.inspections", "Kiểm tra, giám sát", "Inspection and supervision", kinds),
                .counts("inspection.discipline", "Thi hành kỷ luật", "Discipline", forms)]
    }
}
