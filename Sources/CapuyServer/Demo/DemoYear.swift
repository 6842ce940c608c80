import CapuyCore
import Fluent
import Foundation
import Vapor

/// Last year as a finished year, so the year-end report (issue 18) has
/// something to read the moment a new user opens it: the province's papers
/// and the tasks they gave, reception days, dialogues and cases, cell
/// meetings, follow assignments and a survey (DemoYear+Meetings), the
/// communes' commitments, members' pledges, inspections and a reprimand
/// (DemoYear+Reviews).
///
/// Everything goes through the services, like the rest of the demo: the
/// rules hold and every change is audited. Dates come from the inputs that
/// take a past day (issue date, completion date, date received, day held…);
/// a step that can only be dated today is either done today or left out.
/// The units open on 01/07/2025, so the year's activity runs from July on.
enum DemoYear {
    static func seed(_ app: Application, province: Organization, today: LocalDate) async throws {
        let started = Date()
        guard let c = try await Context.make(app, province: province, today: today) else { return }
        try await documents(c)
        let sessions = try await reception(c)
        try await cases(c, sessions: sessions)
        try await meetings(c)
        try await survey(c)
        try await commitments(c)
        try await pledges(c)
        try await inspections(c)
        app.logger.notice("demo: year \(c.year) seeded in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    /// What every part needs: the tree and the days the year may use.
    struct Context {
        let app: Application
        let province: Organization
        let communes: [Organization]
        /// Every open cell and grassroots cell, in tree order.
        let cells: [Organization]
        let today: LocalDate
        let year: Int
        let scope: Scope
        /// The first and last day activity may be dated: the units opened on
        /// 01/07/2025, and the year ends before 31/12 (and never after today).
        let first: LocalDate
        let last: LocalDate
        let calendar: WorkingCalendar

        var db: any Database { app.db }

        static func make(_ app: Application, province: Organization, today: LocalDate) async throws -> Context? {
            let year = today.year - 1
            let first = max(LocalDate(year: year, month: 7, day: 1)!, LocalDate(year: 2025, month: 7, day: 2)!)
            let last = min(LocalDate(year: year, month: 12, day: 30)!, today.adding(days: -1))
            // Before the units opened there is no year to show.
            guard first <= last else { return nil }
            let scope = Scope([province.treePath])
            let units = try await scope.filter(Organization.query(on: app.db), \.$path).filter(\.$closedOn == nil).sort(\.$path).all()
            return Context(app: app, province: province, communes: units.filter { $0.kind == .communeCommittee },
                           cells: units.filter { $0.kind == .cell || $0.kind == .grassrootsCell }, today: today, year: year,
                           scope: scope, first: first, last: last, calendar: try await app.capuy.calendar.load(on: app.db))
        }

        /// A day of the year, held inside [first, last].
        func on(_ month: Int, _ day: Int) -> LocalDate {
            min(last, max(first, LocalDate(year: year, month: month, day: day)!))
        }

        /// The first working day from `on(month, day)`: offices receive
        /// citizens and issue papers on working days.
        func workday(_ month: Int, _ day: Int) -> LocalDate {
            var d = on(month, day)
            while !calendar.isWorkingDay(d), d < last { d = d.adding(days: 1) }
            return d
        }

        func cells(under unit: Organization) -> [Organization] {
            cells.filter { $0.treePath.isStrictlyBelow(unit.treePath) }
        }
    }

    // MARK: - documents and tasks

    /// A directive, a resolution with a task to every commune, a conclusion,
    /// two communes' plans, and the year's program with its theme. Issued in
    /// date order, before this year's papers (DemoDocuments), so every
    /// series is numbered without a backdated confirmation.
    static func documents(_ c: Context) async throws {
        let docs = DocumentService(db: c.db, actor: .system, today: c.today)
        let tasks = TaskService(db: c.db, actor: .system, today: c.today)
        func issue(_ type: String, by unit: Organization, on day: LocalDate, title: String, summary: String, content: String,
                   signer: String = "Lê Văn Thành", recipients: String, implements: UUID? = nil) async throws -> PartyDocument {
            let draft = try await docs.createDraft(DocumentInput(
                type: type, issuerId: unit.id!, title: title, summary: summary, content: content, place: nil, signerName: signer,
                signerTitle: "Bí thư", recipientsText: recipients, implementsId: implements, recipientIds: nil), view: c.scope, manage: c.scope)
            return try await docs.issue(draft.id!, DocumentIssueInput(issuedOn: day.iso, number: nil), view: c.scope, manage: c.scope)
        }
        _ = try await issue("directive", by: c.province, on: c.workday(8, 12),
                            title: "Chỉ thị về tăng cường công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
                            summary: "về tăng cường công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
                            content: "Người đứng đầu cấp ủy trực tiếp tiếp công dân định kỳ theo quy định.\nGiải quyết dứt điểm đơn thư tồn đọng, kéo dài.",
                            recipients: "Các đảng bộ trực thuộc")
        let resolution = try await issue("resolution", by: c.province, on: c.workday(9, 5),
                                         title: "Nghị quyết về nâng cao chất lượng sinh hoạt chi bộ giai đoạn 2025–2030",
                                         summary: "về nâng cao chất lượng sinh hoạt chi bộ giai đoạn 2025–2030",
                                         content: "Mỗi chi bộ sinh hoạt thường kỳ hằng tháng, sinh hoạt chuyên đề ít nhất mỗi quý một lần.",
                                         recipients: "Ban Thường vụ Tỉnh ủy\nCác đảng bộ trực thuộc")
        let deadline = c.on(11, 30)
        let task = try await tasks.assign(.document(resolution.id!), TaskInput(
            title: "Báo cáo kết quả nâng cao chất lượng sinh hoạt chi bộ năm \(c.year)", deadline: deadline.iso,
            deliverable: Deliverable.report.rawValue, category: nil,
            targets: TaskTargetInput(kind: OrganizationKind.communeCommittee.rawValue)), view: c.scope, manage: c.scope)
        // Two communes plan how they carry the resolution out.
        for (n, i) in [1, 3].enumerated() where i < c.communes.count {
            _ = try await issue("plan", by: c.communes[i], on: c.workday(9, 22 + n * 6),
                                title: "Kế hoạch thực hiện Nghị quyết \(resolution.identifier ?? "") của Tỉnh ủy",
                                summary: "thực hiện Nghị quyết \(resolution.identifier ?? "") về sinh hoạt chi bộ",
                                content: "Đảng ủy triển khai đến các chi bộ trực thuộc.",
                                signer: DemoDocuments.signers[i % DemoDocuments.signers.count], recipients: "Các chi bộ trực thuộc",
                                implements: resolution.id)
        }
        _ = try await issue("conclusion", by: c.province, on: c.workday(10, 21),
                            title: "Kết luận của Ban Thường vụ Tỉnh ủy về kết quả thực hiện nhiệm vụ 9 tháng đầu năm \(c.year)",
                            summary: "về kết quả thực hiện nhiệm vụ 9 tháng đầu năm \(c.year)",
                            content: "Ban Thường vụ Tỉnh ủy ghi nhận kết quả đạt được và chỉ ra những hạn chế cần khắc phục trong quý IV.",
                            recipients: "Các đảng bộ trực thuộc")
        // Half the communes report on time, one late, one halfway, the rest
        // never: the report shows every column. Done on a past day (issue 18).
        let assignments = try await TaskAssignment.query(on: c.db).filter(\.$task.$id == task.id!).sort(\.$organizationPath).all()
        for (i, a) in assignments.enumerated() {
            let half = assignments.count / 2
            let completed: LocalDate? = i < half ? deadline.adding(days: -12 + i * 3) : i == half ? c.on(12, 12) : nil
            if let completed {
                _ = try await tasks.report(a.id!, ProgressInput(percent: 100, note: "Đã gửi báo cáo kết quả.", completedOn: completed.iso),
                                           view: c.scope, report: c.scope)
            } else if i == half + 1 {
                _ = try await tasks.report(a.id!, ProgressInput(percent: 60, note: "Đang tổng hợp số liệu từ các chi bộ."),
                                           view: c.scope, report: c.scope)
            }
        }
        // The year's theme. Its tasks are left out: a program's task takes a
        // deadline from today on (TaskService.assign), never a past one.
        if let term = try await TermService.term(of: c.province.id!, on: c.first, db: c.db) {
            _ = try await WorkProgramService(db: c.db, actor: .system, today: c.today).create(WorkProgramInput(
                organizationId: c.province.id!, termId: term.id!, year: c.year, title: nil,
                theme: "Năm nâng cao chất lượng sinh hoạt chi bộ, đổi mới công tác tiếp công dân"), manage: c.scope)
        }
    }

    // MARK: - reception, dialogues and cases

    /// The head of the province receives citizens one day a month, each
    /// commune's two days in most months; half the communes hold a dialogue.
    /// Returns the communes' sessions, which a case can name as its source.
    static func reception(_ c: Context) async throws -> [ReceptionSession] {
        let service = ReceptionService(db: c.db, actor: .system, today: c.today, scope: c.scope, quota: c.app.capuy.settings.receptionQuota)
        var sessions: [ReceptionSession] = []
        for month in c.first.month...c.last.month {
            _ = try await service.create(ReceptionSessionInput(organizationId: c.province.id!, heldOn: c.workday(month, 15).iso,
                                                               hostName: "Lê Văn Thành", hostTitle: "Bí thư Tỉnh ủy",
                                                               place: "Trụ sở Tiếp công dân tỉnh"))
            for (i, commune) in c.communes.enumerated() {
                // One commune in four misses its second day in a month: the shortfall page has something to show.
                let days = (month + i) % 4 == 0 ? [5] : [5, 20]
                for day in days {
                    sessions.append(try await service.create(ReceptionSessionInput(
                        organizationId: commune.id!, heldOn: c.workday(month, day).iso, hostName: "Bí thư \(commune.name)", hostTitle: "Bí thư",
                        place: "Trụ sở \(commune.name)")))
                }
            }
        }
        if let first = c.communes.first {
            _ = try await service.create(ReceptionSessionInput(
                organizationId: first.id!, heldOn: c.workday(10, 27).iso, hostName: "Bí thư \(first.name)", hostTitle: "Bí thư",
                place: "Nhà văn hóa thôn 2", extra: true, notes: "Tiếp đột xuất đoàn đông người về bồi thường giải phóng mặt bằng."))
        }
        // A dialogue in every other commune, each with two follow-ups; the
        // first is done (today: the service records the day it is marked).
        let topics = ["Đối thoại về bồi thường, hỗ trợ tái định cư dự án đường ven biển", "Đối thoại về chỉnh trang đô thị và vệ sinh môi trường",
                      "Đối thoại về chính sách hỗ trợ sinh kế sau mưa lũ"]
        for (n, i) in stride(from: 0, to: c.communes.count, by: 2).enumerated() {
            let commune = c.communes[i]
            let held = c.workday(8 + n * 2, 14)
            let d = try await service.createDialogue(DialogueInput(
                organizationId: commune.id!, heldOn: held.iso, topic: topics[n % topics.count],
                participants: "Bí thư, Chủ tịch Ủy ban nhân dân\nĐại diện các hộ dân", minutes: "Người dân nêu ý kiến; lãnh đạo địa phương trả lời trực tiếp.",
                followUps: [.init(text: "Công khai kết quả tiếp thu ý kiến tại nhà văn hóa", dueOn: held.adding(days: 20).iso),
                            .init(text: "Trả lời bằng văn bản các kiến nghị chưa giải quyết tại buổi đối thoại", dueOn: held.adding(days: 45).iso)]))
            if let firstFollowUp = try await DialogueFollowUp.query(on: c.db).filter(\.$dialogue.$id == d.id!).sort(\.$dueOn).first() {
                try await service.completeFollowUp(firstFollowUp.id!, of: d.id!)
            }
        }
        return sessions
    }

    /// Eight cases received in the year by several channels. They stay open:
    /// accepting, concluding and closing are dated the day they are done
    /// (CaseService.act takes no date), and a case of last year settled
    /// today would be counted in this year's report, late.
    static func cases(_ c: Context, sessions: [ReceptionSession]) async throws {
        guard !c.communes.isEmpty else { return }
        let intake = CaseIntake(db: c.db, actor: .system, context: c.app.capuy)
        // Named submitters: a complaint or denunciation needs a name and a way to reach the person.
        let citizens = [SubmitterIdentity(name: "Trần Thị Mai", address: "Thôn 3", phone: "0905 123 456"),
                        SubmitterIdentity(name: "Hồ Văn Lợi", address: "Thôn 1", phone: "0914 222 333"),
                        SubmitterIdentity(name: "Nguyễn Thị Thu", address: "Khu phố 2", phone: "0935 444 555")]
        let session = sessions.first { $0.heldOn >= c.on(10, 1).iso }
        let samples: [(CaseKind, CaseChannel, CaseTopic, String, String, LocalDate, Bool)] = [
            (.petition, .voters, .landAndHousing, "Kiến nghị sửa chữa tuyến đường liên thôn bị sạt lở sau mưa lũ",
             "Cử tri tại buổi tiếp xúc kiến nghị sớm sửa chữa tuyến đường liên thôn bị sạt lở, đi lại khó khăn.", c.on(7, 15), false),
            (.report, .press, .environment, "Phản ánh rác thải tồn đọng tại khu vực chợ",
             "Báo tỉnh phản ánh rác thải tồn đọng nhiều ngày tại khu vực chợ, gây mất vệ sinh.", c.on(8, 6), false),
            (.complaint, .letter, .socialPolicy, "Khiếu nại việc chi trả trợ cấp cho người có công",
             "Tôi đề nghị xem xét lại việc chậm chi trả trợ cấp hằng tháng cho gia đình người có công.", c.on(8, 22), true),
            (.petition, .electedBody, .administrativeProcedure, "Đề nghị công khai thủ tục cấp giấy phép xây dựng nhà ở",
             "Đoàn giám sát Hội đồng nhân dân đề nghị niêm yết công khai thủ tục và thời hạn cấp giấy phép xây dựng.", c.on(9, 10), false),
            (.denunciation, .letter, .conductOfCadres, "Tố cáo việc thu tiền đóng góp xây dựng nhà văn hóa sai quy định",
             "Tôi tố cáo việc thu tiền đóng góp xây dựng nhà văn hóa thôn vượt mức đã được họp dân thống nhất.", c.on(9, 24), true),
            (.report, .reception, .publicOrder, "Phản ánh tình trạng tụ tập gây mất trật tự vào ban đêm",
             "Tại buổi tiếp công dân, người dân phản ánh nhóm thanh niên tụ tập, chạy xe gây ồn ào vào ban đêm.",
             session.flatMap { LocalDate(parsing: $0.heldOn) } ?? c.on(10, 5), false),
            (.petition, .voters, .socialPolicy, "Kiến nghị hỗ trợ học sinh nghèo vùng bị ảnh hưởng mưa lũ",
             "Cử tri kiến nghị hỗ trợ sách vở, học phí cho học sinh thuộc hộ nghèo bị thiệt hại do mưa lũ.", c.on(11, 18), false),
            (.complaint, .letter, .landAndHousing, "Khiếu nại phương án bồi thường khi thu hồi đất làm đường",
             "Gia đình tôi không đồng ý với đơn giá bồi thường đất vườn khi thu hồi đất làm đường ven biển.", c.on(12, 9), true),
        ]
        for (i, s) in samples.enumerated() {
            let fromSession = s.1 == .reception ? session : nil
            let unit = fromSession.flatMap { fs in c.communes.first { $0.id == fs.$organization.id } } ?? c.communes[i % c.communes.count]
            _ = try await intake.intake(CaseIntakeInput(
                kind: s.0.rawValue, channel: s.1.rawValue, channelDetail: s.1 == .press ? "Báo Quảng Trị, số ra ngày \(s.5.display)" : nil,
                topic: s.2.rawValue, title: s.3, content: s.4, receivedOn: s.5.iso, subjectOrganizationId: unit.id!, subjectPerson: nil,
                subjectMemberId: nil, subjectIsLeader: false, handlingOrganizationId: nil, handlingReason: nil, track: nil, complex: nil,
                remote: nil, receptionSessionId: fromSession?.id, identity: s.6 ? citizens[i % citizens.count] : nil), files: [], staff: c.scope)
        }
    }
}
