import CapuyCore
import Fluent
import Foundation
import Vapor

/// Last year's commitments and pledges, inspections and a reprimand: the
/// report's sixth and seventh sections.
extension DemoYear {
    /// Every commune signs with the province in July and is assessed in
    /// December on three targets; most are met, a few are not.
    static func commitments(_ c: Context) async throws {
        let policy = CommitmentPolicy(view: c.scope, report: c.scope, manage: c.scope, ownMemberId: nil)
        let service = CommitmentService(db: c.db, actor: .system, today: c.today, policy: policy)
        for (i, commune) in c.communes.enumerated() {
            let secretary = try await Position.query(on: c.db).filter(\.$organization.$id == commune.id!)
                .filter(\.$titleRaw == PositionTitle.secretary.rawValue).first()
            let signed = try await service.create(CommitmentInput(
                organizationId: commune.id!, superiorId: c.province.id!, headMemberId: secretary?.$member.id, year: c.year,
                title: "Cam kết thực hiện nhiệm vụ năm \(c.year) của \(commune.name)", signedOn: c.workday(7, 15).iso,
                indicators: [
                    .init(name: "Tỷ lệ chi bộ sinh hoạt thường kỳ hằng tháng", unit: "%", target: 100, direction: nil, dueOn: nil),
                    .init(name: "Kết nạp đảng viên mới", unit: "đảng viên", target: 4, direction: nil, dueOn: nil),
                    .init(name: "Đơn thư giải quyết quá hạn", unit: "vụ", target: 0, direction: IndicatorDirection.lowerIsBetter.rawValue, dueOn: nil),
                ]))
            let indicators = try await CommitmentIndicator.query(on: c.db).filter(\.$commitment.$id == signed.id!).sort(\.$position).all()
            guard indicators.count == 3 else { continue }
            // Halfway through, then the verified figures at the year's end.
            let meetings: Double = i == 4 ? 92 : 100, admitted: Double = i == 2 || i == 5 ? 2 : 4 + Double(i % 2), overdue: Double = i == 5 ? 1 : 0
            try await service.reportProgress(signed.id!, CommitmentProgressInput(reportedOn: c.workday(9, 30).iso, entries: [
                .init(indicatorId: indicators[0].id!, value: 100, note: nil),
                .init(indicatorId: indicators[1].id!, value: admitted > 2 ? 2 : 1, note: "Đang bồi dưỡng quần chúng ưu tú"),
            ]))
            try await service.assess(signed.id!, AssessmentInput(values: [
                .init(indicatorId: indicators[0].id!, value: meetings), .init(indicatorId: indicators[1].id!, value: admitted),
                .init(indicatorId: indicators[2].id!, value: overdue),
            ], assessedOn: c.workday(12, 22).iso, note: meetings < 100 || admitted < 4 || overdue > 0 ? "Còn chỉ tiêu chưa đạt." : "Hoàn thành các chỉ tiêu đã cam kết."))
        }
    }

    /// Ten members who were full members all year pledge three things each;
    /// most are done, and eight review their pledge at the year's end.
    static func pledges(_ c: Context) async throws {
        let policy = CommitmentPolicy(view: c.scope, report: c.scope, manage: c.scope, ownMemberId: nil)
        let service = PledgeService(db: c.db, actor: .system, today: c.today, policy: policy)
        let members = try await longStanding(c)
        let picked = Array(stride(from: 0, to: members.count, by: max(1, members.count / 10)).map { members[$0] }.prefix(10))
        for (i, m) in picked.enumerated() {
            try await service.save(member: m.id!, year: c.year, PledgeInput(
                pledgeText: "Tôi cam kết gương mẫu thực hiện nhiệm vụ được giao, giữ gìn phẩm chất đạo đức, lối sống.",
                items: [.init(id: nil, text: "Tham gia đầy đủ sinh hoạt chi bộ", dueOn: c.on(12, 20).iso),
                        .init(id: nil, text: "Vận động các hộ gia đình tham gia giữ gìn vệ sinh môi trường", dueOn: c.on(9, 30).iso),
                        .init(id: nil, text: "Học tập, quán triệt nghị quyết mới của Tỉnh ủy", dueOn: c.on(11, 30).iso)],
                checklist: nil))
            guard let pledge = try await Pledge.query(on: c.db).filter(\.$member.$id == m.id!).filter(\.$year == c.year).first() else { continue }
            let items = try await PledgeItem.query(on: c.db).filter(\.$pledge.$id == pledge.id!).sort(\.$position).all()
            for (n, item) in items.enumerated() where n < 2 || i % 3 != 0 {
                let due = LocalDate(parsing: item.dueOn) ?? c.last
                try await service.markDone(member: m.id!, year: c.year, item: item.id!,
                                           PledgeItemDoneInput(doneOn: min(due, c.last).adding(days: -5).iso, result: "Đã thực hiện"))
            }
            // Reviewed today: the service dates a review the day it is written.
            guard i < 8 else { continue }
            let checklist = try await PledgeChecklistItem.query(on: c.db).filter(\.$pledge.$id == pledge.id!).sort(\.$position).all()
            try await service.review(member: m.id!, year: c.year, PledgeReviewInput(
                checklist: checklist.enumerated().map { .init(id: $0.element.id!, kept: !(i == 5 && $0.offset == 0)) },
                selfReview: "Hoàn thành tốt các việc đã đăng ký; cần chủ động hơn trong công tác vận động quần chúng."))
        }
    }

    /// Full members admitted well before the year, in the communes' cells:
    /// they lived the whole year as members.
    private static func longStanding(_ c: Context) async throws -> [Member] {
        let cutoff = c.first.adding(days: -365).iso
        let communeCells = Set(c.communes.flatMap { c.cells(under: $0) }.compactMap(\.id))
        return try await Member.query(on: c.db).filter(\.$statusRaw == MemberStatus.full.rawValue).filter(\.$admissionDate < cutoff)
            .sort(\.$organizationPath).sort(\.$sortKey).all().filter { communeCells.contains($0.$organization.id) }
    }

    /// Two supervisions and an inspection on signs of violation; the first
    /// supervision and the inspection are concluded, and the inspection ends
    /// in a reprimand decided by the member's own cell.
    static func inspections(_ c: Context) async throws {
        guard c.communes.count >= 4 else { return }
        let service = InspectionService(db: c.db, actor: .system, today: c.today, scope: c.scope)
        let supervision = try await service.create(InspectionCreateInput(
            organizationId: c.province.id!, kind: InspectionKind.regularSupervision.rawValue,
            title: "Giám sát việc thực hiện quy chế làm việc của \(c.communes[0].name)", subjectMemberId: nil,
            subjectOrganizationId: c.communes[0].id, team: "Ủy ban Kiểm tra Tỉnh ủy", startsOn: c.workday(8, 4).iso, endsOn: c.on(9, 30).iso,
            programId: nil))
        _ = try await service.addStep(supervision.id!, TextInput(text: "Làm việc với Ban Thường vụ Đảng ủy", on: c.workday(8, 20).iso))
        _ = try await service.recordFindings(supervision.id!, TextInput(text: "Đảng ủy thực hiện cơ bản đúng quy chế làm việc; một số cuộc họp chưa đủ biên bản.", on: nil))
        _ = try await service.conclude(supervision.id!, TextInput(text: "Đảng ủy thực hiện tốt quy chế làm việc; cần hoàn thiện biên bản các cuộc họp.",
                                                                 on: c.workday(10, 8).iso))
        // Still under way at the year's end.
        if let cell = c.cells(under: c.communes[2]).first {
            let thematic = try await service.create(InspectionCreateInput(
                organizationId: c.communes[2].id!, kind: InspectionKind.thematicSupervision.rawValue,
                title: "Giám sát chuyên đề việc thu, nộp đảng phí của \(cell.name)", subjectMemberId: nil, subjectOrganizationId: cell.id,
                team: "Ủy ban Kiểm tra Đảng ủy", startsOn: c.workday(11, 3).iso, endsOn: c.on(12, 19).iso, programId: nil))
            _ = try await service.addStep(thematic.id!, TextInput(text: "Kiểm tra sổ thu, nộp đảng phí", on: c.workday(11, 17).iso))
        }
        let commune = c.communes[3]
        let cells = Set(c.cells(under: commune).compactMap(\.id))
        let withPosts = Set(try await Position.query(on: c.db).filter(\.$endOn == nil).all().map { $0.$member.id })
        guard let member = try await longStanding(c).first(where: { cells.contains($0.$organization.id) && !withPosts.contains($0.id!) }) else { return }
        let inspection = try await service.create(InspectionCreateInput(
            organizationId: commune.id!, kind: InspectionKind.signsOfViolation.rawValue,
            title: "Kiểm tra đảng viên \(member.fullName) khi có dấu hiệu vi phạm", subjectMemberId: member.id, subjectOrganizationId: nil,
            team: "Ủy ban Kiểm tra Đảng ủy", startsOn: c.workday(9, 8).iso, endsOn: c.on(10, 10).iso, programId: nil))
        _ = try await service.addStep(inspection.id!, TextInput(text: "Làm việc với đảng viên và chi bộ", on: c.workday(9, 18).iso))
        _ = try await service.recordFindings(inspection.id!, TextInput(text: "Đảng viên vi phạm quy định về những điều đảng viên không được làm.", on: nil))
        _ = try await service.conclude(inspection.id!, TextInput(text: "Đảng viên có vi phạm, đã tự nhận khuyết điểm; đề nghị chi bộ xem xét kỷ luật.",
                                                                on: c.workday(10, 15).iso))
        let discipline = DisciplineService(db: c.db, actor: .system, today: c.today, scope: c.scope)
        let proposal = try await discipline.propose(DisciplineProposalInput(
            subject: "member", memberId: member.id, organizationId: nil, form: SanctionForm.reprimand.rawValue, offenceOn: c.on(7, 20).iso,
            reason: "Vi phạm quy định về những điều đảng viên không được làm", selfRemedied: true).about(inspection), inspection: inspection.id)
        let full = try await Member.query(on: c.db).filter(\.$organization.$id == member.$organization.id)
            .filter(\.$statusRaw == MemberStatus.full.rawValue).count()
        _ = try await discipline.decide(proposal.id!, DisciplineDecisionInput(
            decidingOrganizationId: member.$organization.id, decidedOn: c.workday(10, 28).iso, votesFor: max(0, full - 1),
            grassrootsAgreed: nil, ratifiedByOrganizationId: nil))
    }
}
