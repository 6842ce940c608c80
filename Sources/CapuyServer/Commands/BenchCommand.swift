import ArgumentParser
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Đo hiệu năng. Benchmarks (on an empty database).",
                                                    subcommands: [Documents.self, Reviews.self, Surveys.self])

    /// Issue 3's yardstick: a directive cascaded to every commune committee
    /// and every grassroots organization of a national tree, then its roll-up.
    struct Documents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ban hành chỉ thị xuống toàn quốc và đo tổng hợp. Cascade a directive nationwide and time its roll-up.")

        @ArgumentParser.Option(help: "Tổ chức cơ sở mỗi xã. Grassroots organizations per commune.") var grassrootsPerCommune = 16
        @ArgumentParser.Option(help: "Số lần đo tổng hợp. Roll-up timing runs.") var runs = 200
        @ArgumentParser.Option(help: "Tạo tài khoản này (mật khẩu: CAPUY_BENCH_PASSWORD) để đo trang qua HTTP. Create this admin account for HTTP timing.")
        var user: String?

        func run() async throws {
            try await AppRunner.withApp { app in
                guard try await Organization.query(on: app.db).count() == 0 else {
                    throw CleanExit.message("bench documents needs an empty database (CAPUY_DATABASE_URL).")
                }
                let today = app.capuy.today()
                var clock = ContinuousClock.now
                func lap() -> Double {
                    let now = ContinuousClock.now
                    defer { clock = now }
                    let d = now - clock
                    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
                }
                let units = try AdminUnits.load(root: AppPaths.root(app))
                let tree = try await NationalTree.build(units: units, grassrootsPerCommune: grassrootsPerCommune, on: app.db)
                print(String(format: "tree: %d communes, %d grassroots organizations in %.2f s", tree.communes, tree.grassroots, lap()))
                guard let central = try await Organization.find(tree.central, on: app.db) else {
                    throw CleanExit.message("bench documents: the national tree was not written.")
                }
                let scope = Scope([central.treePath])
                _ = try await TermService(db: app.db, actor: .system, today: today)
                    .create(TermInput(organizationId: central.id!, name: "XIV", startsOn: "01/01/2026", endsOn: "31/12/2030"), manage: scope)
                if let user {
                    guard let password = ProcessInfo.processInfo.environment["CAPUY_BENCH_PASSWORD"], password.count >= 10 else {
                        throw CleanExit.message("Set CAPUY_BENCH_PASSWORD (10 characters or more) for --user.")
                    }
                    _ = try await UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
                        .create(UserCreateInput(username: user, displayName: user, password: password, role: "admin", organizationId: central.id!), scope: nil)
                }
                _ = lap()

                // The measured use case: draft, two tasks to every unit of a kind, issue.
                let docs = DocumentService(db: app.db, actor: .system, today: today)
                let tasks = TaskService(db: app.db, actor: .system, today: today)
                let draft = try await docs.createDraft(DocumentInput(
                    type: "directive", issuerId: central.id!, title: "Chỉ thị về tăng cường công tác xây dựng Đảng", summary: nil,
                    content: nil, place: "Hà Nội", signerName: nil, signerTitle: nil, recipientsText: nil, implementsId: nil, recipientIds: nil),
                    view: scope, manage: scope)
                let communeTask = try await tasks.assign(.document(draft.id!), TaskInput(
                    title: "Ban hành kế hoạch thực hiện", deadline: today.adding(days: 30).iso, deliverable: "implementingDocument", category: nil,
                    targets: TaskTargetInput(kind: "communeCommittee")), view: scope, manage: scope)
                let grassrootsTask = try await tasks.assign(.document(draft.id!), TaskInput(
                    title: "Quán triệt đến đảng viên", deadline: today.adding(days: 60).iso, deliverable: "report", category: nil,
                    targets: TaskTargetInput(kind: "grassrootsCell")), view: scope, manage: scope)
                let issued = try await docs.issue(draft.id!, DocumentIssueInput(issuedOn: today.iso, number: nil), view: scope, manage: scope)
                let cascade = lap()
                print(String(format: "cascade: %@ to %d + %d units created and issued in %.2f s", issued.identifier ?? "", communeTask.assigneeCount,
                             grassrootsTask.assigneeCount, cascade))

                try await Self.simulateProgress(documentID: issued.id!, today: today, on: app.db)
                print(String(format: "progress simulated in %.2f s", lap()))

                let rollup = TaskRollup(db: app.db, today: today)
                let province = try await Organization.query(on: app.db).filter(\.$parent.$id == central.id!).sort(\.$path).first()!
                for (label, under, isCascade) in [("central", central, false), ("province", province, false), ("central, cascade", central, true)] {
                    var times: [Double] = []
                    for _ in 0..<runs {
                        _ = lap()
                        _ = try await rollup.document(issued, under: under.id, cascade: isCascade, view: scope,
                                                      organizations: OrganizationService(db: app.db, actor: .system, today: today))
                        times.append(lap() * 1000)
                    }
                    times.sort()
                    print(String(format: "rollup (%@): p50 %.1f ms, p95 %.1f ms over %d runs", label, times[times.count / 2],
                                 times[Int(Double(times.count) * 0.95)], runs))
                }
                print("document: \(issued.id!.uuidString)")
            }
        }

        /// A third of the grassroots done, a third under way, the rest not started.
        static func simulateProgress(documentID: UUID, today: LocalDate, on db: any Database) async throws {
            let ids = try await db.sql.select().column("id").from(TaskAssignment.schema).where("document_id", .equal, documentID)
                .all(decoding: Row.self).map(\.id)
            try await db.transaction { tx in
                for (i, chunk) in stride(from: 0, to: ids.count, by: 500).enumerated() {
                    let part = ids[chunk..<min(chunk + 500, ids.count)].map { SQLBind($0) as any SQLExpression }
                    var update = tx.sql.update(TaskAssignment.schema)
                    switch i % 3 {
                    case 0: update = update.set("percent", to: 100).set("completed_on", to: today.iso)
                    case 1: update = update.set("percent", to: 40)
                    default: continue
                    }
                    try await update.where(SQLColumn("id"), .in, SQLGroupExpression(part)).run()
                }
                // Written behind the services' back: recount the roll-up tallies.
                let tasks = try await PartyTask.query(on: tx).filter(\.$documentId == documentID).all()
                try await TaskTallies.rebuild(taskIDs: tasks.map { $0.id! }, on: tx)
            }
        }

        private struct Row: Decodable { let id: UUID }
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    /// One timing line the bench script reads: "prefix: label: p50 …, p95 …, max … over N runs".
    static func report(_ prefix: String, _ label: String, _ times: [Double]) {
        let t = times.sorted()
        print(String(format: "%@: %@: p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d runs", prefix, label, t[t.count / 2],
                     t[min(t.count - 1, Int(Double(t.count) * 0.95))], t.last ?? 0, t.count))
    }
}
