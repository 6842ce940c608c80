/// The report page's words (Strings merges them; a test keeps vi and en alike).
enum ReportStrings {
    static let vi: [String: String] = [
        "report_link": "Báo cáo tổng kết",
        "report_year": "Năm",
        "report_pick_year": "Chọn năm",
        "report_term": "hoặc nhiệm kỳ",
        "report_pick_term": "Chọn nhiệm kỳ",
        "report_show": "Xem báo cáo",
        "report_docx": "Tải báo cáo (Word)",
        "report_xlsx": "Tải số liệu (Excel)",
        "report_save": "Lưu vào sổ văn bản (dự thảo)",
        "report_save_hint": "Lưu thành dự thảo loại Báo cáo; khi ban hành văn bản lấy số BC tiếp theo.",
        "report_registered": "Đã lưu vào sổ văn bản:",
        "report_note": "Số liệu lấy từ dữ liệu của capuy đến ngày lập; bấm vào một số để xem danh sách. Các số \"đến ngày lập\" không có số kỳ trước.",
    ]
    static let en: [String: String] = [
        "report_link": "Year-end report",
        "report_year": "Year",
        "report_pick_year": "Pick a year",
        "report_term": "or term",
        "report_pick_term": "Pick a term",
        "report_show": "Show the report",
        "report_docx": "Download the report (Word)",
        "report_xlsx": "Download the figures (Excel)",
        "report_save": "Save into the register (draft)",
        "report_save_hint": "Saved as a draft of type Report; issuing it takes the next BC number.",
        "report_registered": "Saved in the register:",
        "report_note": "Figures come from capuy's data up to the date made; click a figure to see its list. Figures \"at the date made\" have no earlier value.",
    ]
}
