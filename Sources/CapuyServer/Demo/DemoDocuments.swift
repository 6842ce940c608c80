import CapuyCore
import Fluent
import Foundation
import Vapor

/// The demo's documents: the 2025–2030 term for every unit (`seedTerms`), a provincial
/// resolution with tasks to every commune, half of the communes' implementing
/// plans (so the roll-up shows who is late), and the year's work program.
enum DemoDocuments {
    /// The communes' secretaries who sign their plans: a register names its signers.
    static let signers = ["Nguyễn Thị Hạnh", "Trần Văn Đức", "Hoàng Minh Tuấn", "Phạm Thị Lan", "Võ Văn Hùng"]

    /// The 2025–2030 term of every unit. Apart from `seed`, so that last
    /// year's papers (DemoYear) can be issued in date order before this
    /// year's: a paper dated before the latest of its series needs a
    /// confirmed number (NumberingRule.backdated).
    static func seedTerms(_ app: Application, province: Organization, today: LocalDate) async throws {
        let scope = Scope([province.treePath])
        let terms = TermService(db: app.db, actor: .system, today: today)
        let units = try await scope.filter(Organization.query(on: app.db), \.$path).filter(\.$closedOn == nil).sort(\.$path).all()
        for unit in units {
            _ = try await terms.create(TermInput(organizationId: unit.id!, name: "2025–2030", startsOn: "01/07/2025", endsOn: "30/06/2030"),
                                       manage: scope)
        }
    }

    static func seed(_ app: Application, province: Organization, today: LocalDate) async throws {
        let scope = Scope([province.treePath])
        let actor = Actor.system
        let db = app.db
        let units = try await scope.filter(Organization.query(on: db), \.$path).filter(\.$closedOn == nil).sort(\.$path).all()
        let provinceTerm = try await Term.query(on: db).filter(\.$organization.$id == province.id!).first()
        let docs = DocumentService(db: db, actor: actor, today: today)
        let tasks = TaskService(db: db, actor: actor, today: today)
        let issuedOn = max(today.adding(days: -60), LocalDate(year: 2025, month: 7, day: 2)!)
        let resolution = try await docs.createDraft(DocumentInput(
            type: "resolution", issuerId: province.id!, title: "Nghị quyết về chuyển đổi số trong công tác xây dựng Đảng giai đoạn 2025–2030",
            summary: "về chuyển đổi số trong công tác xây dựng Đảng giai đoạn 2025–2030",
            content: "Ban Thường vụ Tỉnh ủy quyết nghị đẩy mạnh chuyển đổi số trong toàn Đảng bộ.\nCác đảng bộ trực thuộc xây dựng kế hoạch triển khai và báo cáo kết quả định kỳ.",
            place: nil, signerName: "Lê Văn Thành", signerTitle: "Bí thư",
            recipientsText: "Ban Thường vụ Tỉnh ủy\nCác đảng bộ trực thuộc", implementsId: nil, recipientIds: nil), view: scope, manage: scope)
        let issued = try await docs.issue(resolution.id!, DocumentIssueInput(issuedOn: issuedOn.iso, number: nil), view: scope, manage: scope)
        _ = try await tasks.assign(.document(resolution.id!), TaskInput(
            title: "Ban hành kế hoạch triển khai thực hiện Nghị quyết", deadline: issuedOn.adding(days: 30).iso,
            deliverable: Deliverable.implementingDocument.rawValue, category: nil,
            targets: TaskTargetInput(kind: OrganizationKind.communeCommittee.rawValue)), view: scope, manage: scope)
        _ = try await tasks.assign(.document(resolution.id!), TaskInput(
            title: "Báo cáo sơ kết 6 tháng thực hiện Nghị quyết", deadline: today.adding(days: 20).iso,
            deliverable: Deliverable.report.rawValue, category: nil,
            targets: TaskTargetInput(kind: OrganizationKind.communeCommittee.rawValue)), view: scope, manage: scope)

        // Every other commune has issued its plan; the rest are late.
        let communes = units.filter { $0.kind == .communeCommittee }
        for (i, commune) in communes.enumerated() where i % 2 == 0 {
            let plan = try await docs.createDraft(DocumentInput(
                type: "plan", issuerId: commune.id!, title: "Kế hoạch thực hiện Nghị quyết \(issued.identifier ?? "") của Tỉnh ủy",
                summary: "thực hiện Nghị quyết \(issued.identifier ?? "") về chuyển đổi số", content: "Đảng ủy triển khai đến các chi bộ trực thuộc.",
                place: nil, signerName: Self.signers[i / 2 % Self.signers.count], signerTitle: "Bí thư", recipientsText: "Các chi bộ trực thuộc",
                implementsId: issued.id, recipientIds: nil), view: scope, manage: scope)
            _ = try await docs.issue(plan.id!, DocumentIssueInput(issuedOn: issuedOn.adding(days: 10 + i * 3).iso, number: nil), view: scope, manage: scope)
        }
        if let term = provinceTerm {
            let programs = WorkProgramService(db: db, actor: actor, today: today)
            let program = try await programs.create(WorkProgramInput(
                organizationId: province.id!, termId: term.id!, year: today.year, title: nil,
                theme: "Năm đẩy mạnh chuyển đổi số, nâng cao chất lượng sinh hoạt chi bộ"), manage: scope)
            _ = try await tasks.assign(.program(program.id!), TaskInput(
                title: "Số hóa hồ sơ đảng viên toàn tỉnh", deadline: today.adding(days: 30).iso, deliverable: Deliverable.report.rawValue,
                category: TaskCategory.breakthrough.rawValue, targets: TaskTargetInput(organizationIds: [province.id!])),
                view: scope, manage: scope)
        }
    }
}
