import Foundation

/// Every link the pages build, in one place; no URL strings in templates.
enum SiteURL {
    case home
    case login
    case logout
    case language(Language)
    case tree
    case unit(UUID)
    case unitNew(parent: UUID)
    case unitEdit(UUID)
    case unitMove(UUID)
    case unitClose(UUID)
    case unitAudit(UUID)
    case unitDashboard(UUID)
    case unitMembersXLSX(UUID)
    case reorganizations
    case reorganizationPreview
    case reorganizationApply
    case reorganizationTemplate
    case reorganization(UUID)
    case reorganizationCancel(UUID)
    case members
    case membersOf(UUID)
    case member(UUID)
    case memberNew(UUID)
    case memberEdit(UUID)
    case memberTransfer(UUID)
    case memberPositions(UUID)
    case memberPositionEnd(UUID, UUID)
    case memberAudit(UUID)
    case users
    case user(UUID)
    case userGrants(UUID)
    case userGrantDelete(UUID, UUID)
    case documents
    case documentNew
    case document(UUID)
    case documentEdit(UUID)
    case documentIssue(UUID)
    case documentDelete(UUID)
    case documentAttach(UUID)
    case documentAttachment(UUID, UUID)
    case documentAttachmentDelete(UUID, UUID)
    case documentTasks(UUID)
    case taskDeadline(UUID, task: UUID)
    case documentDOCX(UUID)
    case documentRollupXLSX(UUID)
    case documentsXLSX
    case inbox
    case assignmentReport(UUID)
    case assignmentAcknowledge(UUID)
    case documentsOfType(String)
    case terms
    case termsOf(UUID)
    case termDashboard(UUID)
    case programs
    case program(UUID)
    case programTasks(UUID)
    case portal
    case portalSubmit
    case portalSubmitTo(UUID)
    case portalTrack
    case portalConclusions
    case portalSchedule
    case cases
    case caseNew
    case caseNewFromSession(UUID)
    case caseShow(UUID)
    case caseAttachment(UUID, UUID)
    case caseAttach(UUID)
    case caseAction(UUID)
    case caseExtend(UUID)
    case caseClassify(UUID)
    case caseAssign(UUID)
    case caseReveal(UUID)
    case casePublish(UUID)
    case caseInspection(UUID)
    case caseStatistics
    case caseStatisticsXLSX
    case reception
    case dialogues
    case holidays
    case dialogue(UUID)
    case dialogueFollowUpDone(UUID, UUID)
    case commitments(CommitmentURL)
    case surveys(SurveyURL)
    case meetings(MeetingURL)
    case inspections
    case inspectionPrograms
    case inspectionsXLSX
    case inspection(UUID)
    case reviews
    case reviewRound(UUID)
    case reviewClose(UUID)
    case reviewReopen(UUID)
    case reviewSelf(UUID, member: UUID)
    case reviewUnit(UUID, unit: UUID)
    case reviewCell(UUID, unit: UUID)
    case reviewDecide(UUID, unit: UUID)
    case reviewCollective(UUID, unit: UUID)
    case reviewCollectiveDecide(UUID, unit: UUID)
    case reviewResults(UUID, unit: UUID?)
    case reviewRated(UUID, unit: UUID, level: String)
    case reviewSummaryXLSX(UUID, unit: UUID)
    case reviewDecisionDOCX(UUID, unit: UUID)

    var path: String {
        switch self {
        case .home: "/"
        case .login: "/dang-nhap"
        case .logout: "/dang-xuat"
        case .language(let l): "/ngon-ngu/\(l.rawValue)"
        case .tree: "/to-chuc"
        case .unit(let id): "/to-chuc/\(id)"
        case .unitNew(let parent): "/to-chuc/\(parent)/them"
        case .unitEdit(let id): "/to-chuc/\(id)/sua"
        case .unitMove(let id): "/to-chuc/\(id)/chuyen"
        case .unitClose(let id): "/to-chuc/\(id)/giai-the"
        case .unitAudit(let id): "/to-chuc/\(id)/nhat-ky"
        case .unitDashboard(let id): "/to-chuc/\(id)/tong-quan"
        case .unitMembersXLSX(let id): "/to-chuc/\(id)/dang-vien.xlsx"
        case .reorganizations: "/to-chuc-lai"
        case .reorganizationPreview: "/to-chuc-lai/xem-truoc"
        case .reorganizationApply: "/to-chuc-lai/ap-dung"
        case .reorganizationTemplate: "/to-chuc-lai/mau.csv"
        case .reorganization(let id): "/to-chuc-lai/\(id)"
        case .reorganizationCancel(let id): "/to-chuc-lai/\(id)/huy"
        case .members: "/dang-vien"
        case .membersOf(let org): "/dang-vien?donVi=\(org)"
        case .member(let id): "/dang-vien/\(id)"
        case .memberNew(let org): "/to-chuc/\(org)/dang-vien/them"
        case .memberEdit(let id): "/dang-vien/\(id)/sua"
        case .memberTransfer(let id): "/dang-vien/\(id)/chuyen-sinh-hoat"
        case .memberPositions(let id): "/dang-vien/\(id)/chuc-vu"
        case .memberPositionEnd(let id, let pid): "/dang-vien/\(id)/chuc-vu/\(pid)/ket-thuc"
        case .memberAudit(let id): "/dang-vien/\(id)/nhat-ky"
        case .users: "/tai-khoan"
        case .user(let id): "/tai-khoan/\(id)"
        case .userGrants(let id): "/tai-khoan/\(id)/quyen"
        case .userGrantDelete(let id, let gid): "/tai-khoan/\(id)/quyen/\(gid)/xoa"
        case .documents: "/van-ban"
        case .documentNew: "/van-ban/moi"
        case .document(let id): "/van-ban/\(id)"
        case .documentEdit(let id): "/van-ban/\(id)/sua"
        case .documentIssue(let id): "/van-ban/\(id)/ban-hanh"
        case .documentDelete(let id): "/van-ban/\(id)/xoa"
        case .documentAttach(let id): "/van-ban/\(id)/dinh-kem"
        case .documentAttachment(let id, let aid): "/van-ban/\(id)/dinh-kem/\(aid)"
        case .documentAttachmentDelete(let id, let aid): "/van-ban/\(id)/dinh-kem/\(aid)/xoa"
        case .documentTasks(let id): "/van-ban/\(id)/nhiem-vu"
        case .taskDeadline(let id, let task): "/van-ban/\(id)/nhiem-vu/\(task)/gia-han"
        case .documentDOCX(let id): "/van-ban/\(id)/van-ban.docx"
        case .documentRollupXLSX(let id): "/van-ban/\(id)/tong-hop.xlsx"
        case .documentsXLSX: "/van-ban/so-dang-ky.xlsx"
        case .inbox: "/nhiem-vu"
        case .assignmentReport(let id): "/nhiem-vu/\(id)/bao-cao"
        case .assignmentAcknowledge(let id): "/nhiem-vu/\(id)/da-nhan"
        case .documentsOfType(let code): "/van-ban?loai=\(code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        case .terms: "/nhiem-ky"
        case .termsOf(let org): "/nhiem-ky?donVi=\(org)"
        case .termDashboard(let id): "/nhiem-ky/\(id)"
        case .programs: "/chuong-trinh"
        case .program(let id): "/chuong-trinh/\(id)"
        case .programTasks(let id): "/chuong-trinh/\(id)/nhiem-vu"
        case .portal: "/cong-dan"
        case .portalSubmit: "/cong-dan/gui"
        case .portalSubmitTo(let unit): "/cong-dan/gui?donVi=\(unit)"
        case .portalTrack: "/cong-dan/tra-cuu"
        case .portalConclusions: "/cong-dan/ket-luan"
        case .portalSchedule: "/cong-dan/lich-tiep"
        case .cases: "/don-thu"
        case .caseNew: "/don-thu/moi"
        case .caseNewFromSession(let session): "/don-thu/moi?phien=\(session)"
        case .caseShow(let id): "/don-thu/\(id)"
        case .caseAttachment(let id, let a): "/don-thu/\(id)/tep/\(a)"
        case .caseAttach(let id): "/don-thu/\(id)/tep"
        case .caseAction(let id): "/don-thu/\(id)/thao-tac"
        case .caseExtend(let id): "/don-thu/\(id)/gia-han"
        case .caseClassify(let id): "/don-thu/\(id)/phan-loai"
        case .caseAssign(let id): "/don-thu/\(id)/phan-cong"
        case .caseReveal(let id): "/don-thu/\(id)/nguoi-gui"
        case .casePublish(let id): "/don-thu/\(id)/cong-khai"
        case .caseInspection(let id): "/don-thu/\(id)/kiem-tra"
        case .caseStatistics: "/don-thu/thong-ke"
        case .caseStatisticsXLSX: "/don-thu/thong-ke.xlsx"
        case .reception: "/tiep-cong-dan"
        case .dialogues: "/doi-thoai"
        case .holidays: "/ngay-nghi"
        case .dialogue(let id): "/doi-thoai/\(id)"
        case .dialogueFollowUpDone(let id, let f): "/doi-thoai/\(id)/viec/\(f)/xong"
        case .commitments(let url): url.path
        case .surveys(let url): url.path
        case .meetings(let url): url.path
        case .inspections: "/kiem-tra"
        case .inspectionPrograms: "/kiem-tra/chuong-trinh"
        case .inspectionsXLSX: "/kiem-tra/thong-ke.xlsx"
        case .inspection(let id): "/kiem-tra/\(id)"
        case .reviews: "/danh-gia"
        case .reviewRound(let id): "/danh-gia/\(id)"
        case .reviewClose(let id): "/danh-gia/\(id)/dong"
        case .reviewReopen(let id): "/danh-gia/\(id)/mo-lai"
        case .reviewSelf(let id, let m): "/danh-gia/\(id)/tu-danh-gia/\(m)"
        case .reviewUnit(let id, let u): "/danh-gia/\(id)/don-vi/\(u)"
        case .reviewCell(let id, let u): "/danh-gia/\(id)/don-vi/\(u)/chi-bo"
        case .reviewDecide(let id, let u): "/danh-gia/\(id)/don-vi/\(u)/quyet-dinh"
        case .reviewCollective(let id, let u): "/danh-gia/\(id)/tap-the/\(u)"
        case .reviewCollectiveDecide(let id, let u): "/danh-gia/\(id)/tap-the/\(u)/quyet-dinh"
        case .reviewResults(let id, let u): "/danh-gia/\(id)/ket-qua" + (u.map { "?donVi=\($0)" } ?? "")
        case .reviewRated(let id, let u, let level): "/danh-gia/\(id)/ket-qua?donVi=\(u)&muc=\(level)"
        case .reviewSummaryXLSX(let id, let u): "/danh-gia/\(id)/mau-01.xlsx?donVi=\(u)"
        case .reviewDecisionDOCX(let id, let u): "/danh-gia/\(id)/quyet-dinh.docx?donVi=\(u)"
        }
    }
}
