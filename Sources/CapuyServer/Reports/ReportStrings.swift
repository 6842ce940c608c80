/// The report page's words (Strings merges them; a test keeps vi and en alike).
enum ReportStrings {
    static let vi: [String: String] = [
        "report_link": "Báo cáo tổng kết",
        "report_year": "Năm",
        "report_term": "Nhiệm kỳ",
        "report_show": "Xem báo cáo năm",
        "report_show_term": "Xem báo cáo nhiệm kỳ",
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
        "report_term": "Term",
        "report_show": "Show the year",
        "report_show_term": "Show the term",
        "report_docx": "Download the report (Word)",
        "report_xlsx": "Download the figures (Excel)",
        "report_save": "Save into the register (draft)",
        "report_save_hint": "Saved as a draft of type Report; issuing it takes the next BC number.",
        "report_registered": "Saved in the register:",
        "report_note": "Figures come from capuy's data up to the date made; click a figure to see its list. Figures \"at the date made\" have no earlier value.",
    ]
}
