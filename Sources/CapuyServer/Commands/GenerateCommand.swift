import ArgumentParser
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// `capuy generate --scale small|province|national [--seed N] [--append]`:
/// a deterministic synthetic country for tests, demos and the benchmark.
struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tạo dữ liệu tổng hợp (cây tổ chức, đảng viên). Generate a synthetic country into the database.")

    @ArgumentParser.Option(help: "Quy mô. Scale: small (one province, a few communes), province (one whole province), national (34 provinces, ~5.6 million members).")
    var scale: GenerateScale
    @ArgumentParser.Option(help: "Hạt giống: cùng hạt giống, cùng dữ liệu. Seed: the same seed gives the same data.")
    var seed: UInt64 = 1
    @ArgumentParser.Flag(help: "Thêm vào cơ sở dữ liệu đã có dữ liệu. Add beside the units already in the database.")
    var append = false
    @ArgumentParser.Flag(help: "Chỉ tạo cây tổ chức, không có đảng viên (đích cho đo nhập danh sách). The tree only, no members (a target for timing imports).")
    var withoutMembers = false
    @ArgumentParser.Flag(help: "Cây trước ngày 1/7/2025: 63 tỉnh, các huyện, ~10.000 xã (quy mô national). The country before the 2025 reform: 63 provinces, districts, ~10,000 communes.")
    var preReform = false
    @ArgumentParser.Option(help: "Cùng --pre-reform: ghi kế hoạch sắp xếp đưa cây về năm 2025 ra tệp CSV này. With --pre-reform: write the reform plan that takes it to the 2025 tree to this CSV file.")
    var plan: String?

    func run() async throws {
        let phases = PhaseClock()
        // A bad CAPUY_ADMIN_PASSWORD stops the command before anything is written.
        let admin = try AdminPassword.fromEnvironment()
        let summary = try await AppRunner.withApp { app in
            let db = app.db
            let existing = try await Organization.query(on: db).count()
            if existing > 0 && !append {
                throw CleanExit.message("Cơ sở dữ liệu đã có \(existing) đơn vị; thêm --append để tạo thêm bên cạnh. "
                                        + "The database already holds \(existing) units: add --append to generate beside them.")
            }
            let codePrefix = append ? "G\(seed)-" : ""
            let clash = append ? try await Organization.query(on: db).filter(\.$code >= codePrefix).filter(\.$code < codePrefix + "~").first() : nil
            if clash != nil {
                throw CleanExit.message("Dữ liệu với hạt giống \(seed) đã có trong cơ sở dữ liệu. A dataset with seed \(seed) is already here: choose another --seed.")
            }
            let lastRoot = try await Organization.query(on: db).filter(\.$depth == 0).sort(\.$path, .descending).first()
            let rootOrdinal = (lastRoot.flatMap { Int($0.path) } ?? 0) + 1
            let today = app.capuy.today()
            var shape = scale.shape
            if withoutMembers { shape.membersPerCell = 0...0 }
            if preReform { shape = shape.preReform }
            let country = SyntheticCountry(shape: shape, seed: seed, today: today, codePrefix: codePrefix,
                                           cardPrefix: append ? "9" + String(format: "%02d", rootOrdinal % 100) : "", db: db)
            let bar = ProgressBar(label: "generate \(scale.rawValue)")
            let units = try AdminUnits.load(root: AppPaths.root(app))
            let layout = preReform ? PreReformLayout(chosen: country.chosen(units), communesPerProvince: shape.communesPerProvince, codePrefix: codePrefix) : nil
            let (summary, _) = try await country.write(units: units, rootOrdinal: rootOrdinal, phases: phases, preReform: layout,
                                                       progress: { bar.update($0, $1) }, finished: { bar.finish() })
            if let layout {
                let bar = ProgressBar(label: "documents, tasks, cases")
                let work = try await phases.run("documents, tasks and cases") {
                    defer { bar.finish() }
                    return try await PreReformWork.seed(app, layout: layout, progress: { bar.update($0, $1) })
                }
                print("Văn bản / documents: \(work.documents), giao nhiệm vụ / task assignments: \(work.taskAssignments), "
                      + "vụ việc / cases: \(work.cases).")
            }
            if let layout, let plan {
                do { try Data(try await country.preReformPlanCSV(layout).utf8).write(to: URL(fileURLWithPath: plan)) } catch let e as CocoaError {
                    throw CleanExit.message("Không ghi được tệp \(plan). Cannot write \(plan): \(e.localizedDescription)")
                }
                print("Kế hoạch sắp xếp: \(plan). Reform plan written to \(plan).")
            }
            try await Self.ensureAdmin(app, root: summary.rootID, admin)
            return summary
        }
        let seconds = phases.total
        print(String(format: "generate %@ (seed %llu): %d provinces, %d communes, %d grassroots organizations, %d cells, %d members, "
                     + "%d posts, %d transfers in %.1f s (%.0f members/s).",
                     scale.rawValue, seed, summary.provinces, summary.communes, summary.grassroots, summary.cells, summary.members,
                     summary.positions, summary.transfers, seconds, Double(summary.members) / max(seconds, 0.001)))
    }

    /// An `admin` account over the generated root when there is none yet;
    /// its password is CAPUY_ADMIN_PASSWORD, or made up and shown once.
    static func ensureAdmin(_ app: Application, root: UUID, _ admin: (password: String, given: Bool)) async throws {
        guard try await User.query(on: app.db).filter(\.$username == "admin").first() == nil else { return }
        let (password, given) = admin
        _ = try await UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
            .create(.init(username: "admin", displayName: "Quản trị", password: password, role: "admin", organizationId: root), scope: nil)
        if !given { print("Tài khoản quản trị / admin account: admin  mật khẩu / password: \(password)") }
    }
}
