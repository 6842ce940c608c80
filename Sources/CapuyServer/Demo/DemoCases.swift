import CapuyCore
import Fluent
import Foundation
import Vapor

/// The demo's citizen cases, reception sessions and a dialogue, plus two
/// staff accounts that show who may see what: an inspection officer of the
/// province (handles denunciations sent up from the communes) and the
/// office of the first commune (never sees a denunciation of its own leaders).
enum DemoCases {
    static let handlerUsername = "kiemtra-tinh"
    static let communeOfficeUsername = "vanphong-xa"

    static func seed(_ app: Application, province: Organization, password: String, today: LocalDate) async throws {
        let db = app.db
        let communes = try await Organization.query(on: db).filter(\.$parent.$id == province.id!)
            .filter(\.$kindRaw == OrganizationKind.communeCommittee.rawValue).sort(\.$path).all()
        guard let first = communes.first else { return }
        let users = UserService(db: db, actor: .system, hasher: app.capuy.hasher)
        _ = try await users.create(.init(username: handlerUsername, displayName: "Ủy ban Kiểm tra Tỉnh ủy", password: password,
                                         role: Role.inspection.rawValue, organizationId: province.id!), scope: nil)
        _ = try await users.create(.init(username: communeOfficeUsername, displayName: "Văn phòng \(first.name)", password: password,
                                         role: Role.office.rawValue, organizationId: first.id!), scope: nil)

        let intake = CaseIntake(db: db, actor: .system, context: app.capuy)
        let samples: [(CaseKind, CaseChannel, CaseTopic, String, String, Int)] = [
            (.petition, .voters, .landAndHousing, "Kiến nghị sớm cấp giấy chứng nhận quyền sử dụng đất khu tái định cư",
             "Cử tri thôn 2 kiến nghị đẩy nhanh việc cấp giấy chứng nhận cho các hộ đã nhận đất tái định cư từ năm 2022.", 0),
            (.report, .press, .environment, "Phản ánh ô nhiễm từ cơ sở chế biến hải sản",
             "Báo tỉnh phản ánh nước thải của cơ sở chế biến hải sản chảy ra kênh thủy lợi gây mùi hôi.", 1),
            (.complaint, .letter, .socialPolicy, "Khiếu nại việc xét hộ cận nghèo năm 2026",
             "Gia đình tôi đủ điều kiện nhưng không có tên trong danh sách hộ cận nghèo được xét năm 2026.", 2),
            (.petition, .electedBody, .administrativeProcedure, "Giám sát thời gian giải quyết thủ tục đất đai",
             "Đoàn giám sát Hội đồng nhân dân đề nghị rút ngắn thời gian giải quyết thủ tục đất đai tại bộ phận một cửa.", 3),
        ]
        for (i, s) in samples.enumerated() {
            let unit = communes[s.5 % communes.count]
            let input = CaseIntakeInput(kind: s.0.rawValue, channel: s.1.rawValue, channelDetail: s.1 == .press ? "Báo tỉnh, số ra ngày \(today.adding(days: -20).display)" : nil,
                                        topic: s.2.rawValue, title: s.3, content: s.4, receivedOn: today.adding(days: -40 + i * 9).iso,
                                        subjectOrganizationId: unit.id!, subjectPerson: nil, subjectMemberId: nil, subjectIsLeader: false,
                                        handlingOrganizationId: nil, handlingReason: nil, track: nil, complex: nil, remote: nil,
                                        receptionSessionId: nil, identity: i == 2 ? SubmitterIdentity(name: "Lê Thị Hoa", address: nil, phone: "0905 111 222") : nil)
            _ = try await intake.intake(input, files: [], staff: Scope([province.treePath]))
        }
        let reception = ReceptionService(db: db, actor: .system, today: today, scope: Scope([province.treePath]),
                                         quota: app.capuy.settings.receptionQuota)
        let monthStart = LocalDate(year: today.year, month: today.month, day: 1)!
        _ = try await reception.create(ReceptionSessionInput(organizationId: province.id!, heldOn: monthStart.adding(days: 14).iso,
                                                             hostName: "Lê Văn Thành", hostTitle: "Bí thư Tỉnh ủy", place: "Trụ sở Tiếp công dân tỉnh"))
        // Half the communes held only one of their two days: the page warns about them.
        for (i, commune) in communes.enumerated() {
            _ = try await reception.create(ReceptionSessionInput(organizationId: commune.id!, heldOn: monthStart.adding(days: 4).iso,
                                                                 hostName: "Bí thư \(commune.name)", hostTitle: "Bí thư", place: "Trụ sở \(commune.name)"))
            if i % 2 == 0 {
                _ = try await reception.create(ReceptionSessionInput(organizationId: commune.id!, heldOn: monthStart.adding(days: 19).iso,
                                                                     hostName: "Bí thư \(commune.name)", hostTitle: "Bí thư", place: "Trụ sở \(commune.name)"))
            }
        }
        _ = try await reception.createDialogue(DialogueInput(
            organizationId: first.id!, heldOn: today.adding(days: -10).iso, topic: "Đối thoại về giải phóng mặt bằng dự án đường ven biển",
            participants: "Bí thư, Chủ tịch UBND xã\nĐại diện 40 hộ dân", minutes: "Người dân đề nghị công khai phương án bồi thường.",
            followUps: [.init(text: "Niêm yết công khai phương án bồi thường", dueOn: today.adding(days: 10).iso)]))
    }
}
