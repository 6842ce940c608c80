import CapuyCore
import Fluent
import Foundation
import Vapor

/// The open work a pre-2025 country carries into the reform (issue 15), so
/// the national plan has something real to hand over: every old province and
/// district issued a document in spring 2025 with a task to each of its
/// communes, due after 1 July; every old commune has one citizen case
/// received in June 2025 and still open. Written through the services, as
/// staff would, so numbering, tallies, rollups, routing, time limits and the
/// audit trail are the product's own.
enum PreReformWork {
    struct Summary: Sendable {
        var documents = 0
        var taskAssignments = 0
        var cases = 0
    }

    static let provinceIssuedOn = "2025-03-16"
    static let districtIssuedOn = "2025-04-02"

    static func seed(_ app: Application, layout: PreReformLayout, progress: @escaping @Sendable (Int, Int) -> Void) async throws -> Summary {
        let db = app.db
        let today = app.capuy.today()
        let olds = layout.provinces.flatMap(\.old)
        var summary = Summary()
        for (index, old) in olds.enumerated() {
            guard let province = try await Organization.query(on: db).filter(\.$code == old.code).first() else { continue }
            let scope = Scope([province.treePath])
            let units = try await scope.filter(Organization.query(on: db), \.$path).filter(\.$closedOn == nil)
                .filter(\.$kindRaw ~~ [OrganizationKind.districtCommittee.rawValue, OrganizationKind.communeCommittee.rawValue])
                .sort(\.$path).all()
            summary.taskAssignments += try await issue(by: province, type: "resolution", on: provinceIssuedOn, deadline: "2025-09-30",
                                                      title: "Nghị quyết về nâng cao chất lượng sinh hoạt chi bộ năm 2025",
                                                      task: "Báo cáo kết quả nâng cao chất lượng sinh hoạt chi bộ 9 tháng năm 2025",
                                                      app: app, scope: scope, today: today)
            summary.documents += 1
            for district in units where district.kind == .districtCommittee {
                summary.taskAssignments += try await issue(by: district, type: "directive", on: districtIssuedOn, deadline: "2025-08-31",
                                                          title: "Chỉ thị về công tác tiếp công dân, giải quyết đơn thư năm 2025",
                                                          task: "Rà soát, giải quyết dứt điểm đơn thư tồn đọng",
                                                          app: app, scope: scope, today: today)
                summary.documents += 1
            }
            let intake = CaseIntake(db: db, actor: .system, context: app.capuy)
            for (i, commune) in units.filter({ $0.kind == .communeCommittee }).enumerated() {
                let sample = samples[i % samples.count]
                _ = try await intake.intake(CaseIntakeInput(
                    kind: sample.kind.rawValue, channel: sample.channel.rawValue, channelDetail: sample.detail, topic: sample.topic.rawValue,
                    title: sample.title, content: sample.content, receivedOn: "2025-06-\(10 + i % 15)", subjectOrganizationId: commune.id!,
                    subjectPerson: nil, subjectMemberId: nil, subjectIsLeader: false, handlingOrganizationId: nil, handlingReason: nil,
                    track: nil, complex: nil, remote: nil, receptionSessionId: nil, identity: nil), files: [], staff: scope)
                summary.cases += 1
            }
            progress(index + 1, olds.count)
        }
        return summary
    }

    /// One issued document with one task to every commune under its issuer;
    /// returns the number of communes the task went to.
    private static func issue(by issuer: Organization, type: String, on issuedOn: String, deadline: String, title: String, task: String,
                              app: Application, scope: Scope, today: LocalDate) async throws -> Int {
        // A document is issued within its issuer's term: the 2020–2025 one.
        _ = try await TermService(db: app.db, actor: .system, today: today).create(
            TermInput(organizationId: issuer.id!, name: "2020–2025", startsOn: "01/10/2020", endsOn: "30/09/2025"), manage: scope)
        let docs = DocumentService(db: app.db, actor: .system, today: today)
        let draft = try await docs.createDraft(DocumentInput(
            type: type, issuerId: issuer.id!, title: title, summary: nil,
            content: "Các cấp ủy trực thuộc quán triệt, tổ chức thực hiện và báo cáo kết quả đúng hạn.",
            place: nil, signerName: nil, signerTitle: "Bí thư", recipientsText: "Các cấp ủy trực thuộc",
            implementsId: nil, recipientIds: nil), view: scope, manage: scope)
        _ = try await docs.issue(draft.id!, DocumentIssueInput(issuedOn: issuedOn, number: nil), view: scope, manage: scope)
        let assigned = try await TaskService(db: app.db, actor: .system, today: today).assign(.document(draft.id!), TaskInput(
            title: task, deadline: deadline, deliverable: Deliverable.report.rawValue, category: nil,
            targets: TaskTargetInput(kind: OrganizationKind.communeCommittee.rawValue)), view: scope, manage: scope)
        return assigned.assigneeCount
    }

    private struct Sample {
        let kind: CaseKind, channel: CaseChannel, topic: CaseTopic, detail: String?, title: String, content: String
    }

    private static let samples: [Sample] = [
        Sample(kind: .petition, channel: .voters, topic: .landAndHousing, detail: nil,
               title: "Kiến nghị sửa chữa đường liên thôn xuống cấp",
               content: "Cử tri kiến nghị sớm sửa chữa tuyến đường liên thôn bị hư hỏng sau mùa mưa."),
        Sample(kind: .report, channel: .press, topic: .environment, detail: "Báo tỉnh, tháng 6/2025",
               title: "Phản ánh rác thải tồn đọng tại khu dân cư",
               content: "Báo tỉnh phản ánh rác thải tồn đọng nhiều ngày, gây ô nhiễm khu dân cư."),
        Sample(kind: .complaint, channel: .letter, topic: .socialPolicy, detail: nil,
               title: "Khiếu nại việc xét trợ cấp xã hội",
               content: "Người dân khiếu nại việc không được xét trợ cấp xã hội dù đủ điều kiện."),
    ]
}
