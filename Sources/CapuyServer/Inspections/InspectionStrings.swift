/// The inspection pages' words (Strings merges them; a test keeps vi and en alike).
enum InspectionStrings {
    static let vi: [String: String] = [
        "nav_inspections": "Kiểm tra, giám sát", "insp_title": "Kiểm tra, giám sát, kỷ luật", "insp_figures": "Số liệu năm nay",
        "insp_export": "Tải số liệu (Excel)", "insp_list": "Các cuộc kiểm tra, giám sát", "insp_none": "Chưa có cuộc kiểm tra, giám sát nào.",
        "insp_name": "Tên", "insp_kind": "Loại", "insp_opened": "Bắt đầu", "insp_new": "Mở cuộc kiểm tra, giám sát",
        "insp_unit": "Đơn vị tiến hành", "insp_subject_unit": "Đối tượng: tổ chức đảng", "insp_subject_member": "Đối tượng: mã đảng viên",
        "insp_team": "Đoàn kiểm tra", "insp_starts": "Từ ngày", "insp_ends": "Đến ngày", "insp_programs": "Chương trình kiểm tra, giám sát",
        "insp_period": "Thời kỳ", "insp_period_year": "Năm", "insp_period_term": "Cả nhiệm kỳ", "insp_items": "Nội dung",
        "insp_subject": "Đối tượng", "insp_case": "Đơn thư liên quan", "insp_steps": "Các bước đã tiến hành", "insp_findings": "Kết quả thẩm tra",
        "insp_conclusion": "Kết luận", "insp_step_new": "Bước mới", "insp_on": "Ngày", "insp_conclude": "Kết luận",
        "insp_discipline": "Kỷ luật", "insp_deciding_body": "Cấp quyết định", "insp_decided_on": "Ngày quyết định",
        "insp_votes": "Số đảng viên chính thức tán thành (khai trừ)", "insp_grassroots_agreed": "Đảng ủy cơ sở đồng ý",
        "insp_decide": "Quyết định kỷ luật", "insp_appeal_result": "Kết quả giải quyết khiếu nại", "insp_upheld": "Giữ nguyên",
        "insp_changed": "Thay đổi hình thức", "insp_annulled": "Xóa bỏ quyết định", "insp_form": "Hình thức",
        "insp_appeal_filed": "Ngày nhận khiếu nại", "insp_appeal": "Nội dung khiếu nại", "insp_propose": "Đề nghị kỷ luật",
        "insp_offence_on": "Ngày vi phạm", "insp_reason": "Nội dung vi phạm", "insp_self_remedied": "Tự phát hiện, đã khắc phục",
    ]

    static let en: [String: String] = [
        "nav_inspections": "Inspection", "insp_title": "Inspection, supervision and discipline", "insp_figures": "This year's figures",
        "insp_export": "Download the figures (Excel)", "insp_list": "Inspections and supervisions", "insp_none": "No inspection or supervision yet.",
        "insp_name": "Title", "insp_kind": "Kind", "insp_opened": "Starts", "insp_new": "Open an inspection or supervision",
        "insp_unit": "Inspecting unit", "insp_subject_unit": "Subject: a unit", "insp_subject_member": "Subject: a member's id",
        "insp_team": "Team", "insp_starts": "From", "insp_ends": "Until", "insp_programs": "Inspection and supervision programmes",
        "insp_period": "Period", "insp_period_year": "Year", "insp_period_term": "Whole term", "insp_items": "Contents",
        "insp_subject": "Subject", "insp_case": "Related case", "insp_steps": "Steps taken", "insp_findings": "Findings",
        "insp_conclusion": "Conclusion", "insp_step_new": "New step", "insp_on": "Date", "insp_conclude": "Conclude",
        "insp_discipline": "Discipline", "insp_deciding_body": "Deciding body", "insp_decided_on": "Decided on",
        "insp_votes": "Full members voting for (expulsion)", "insp_grassroots_agreed": "Grassroots committee agrees",
        "insp_decide": "Decide", "insp_appeal_result": "Result of the complaint", "insp_upheld": "Upheld",
        "insp_changed": "Sanction changed", "insp_annulled": "Annulled", "insp_form": "Sanction",
        "insp_appeal_filed": "Complaint received on", "insp_appeal": "Complaint", "insp_propose": "Propose a sanction",
        "insp_offence_on": "Offence on", "insp_reason": "Breach", "insp_self_remedied": "Self-detected and remedied",
    ]
}
