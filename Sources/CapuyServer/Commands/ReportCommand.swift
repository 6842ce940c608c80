import ArgumentParser
import CapuyCore
import Fluent
import Foundation
import Vapor

/// `capuy report year 2025 --organization ORG bao-cao.docx` (issue 18): the
/// report an office files, written from the command line over the whole tree.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Báo cáo tổng kết năm hoặc nhiệm kỳ. The year-end or term report.", subcommands: [Year.self, TermReport.self])

    struct Year: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Báo cáo tổng kết một năm của một đơn vị, ra tệp .docx hoặc .xlsx. A unit's year-end report as .docx or .xlsx.")

        @ArgumentParser.Argument(help: "Năm. The year.") var year: Int
        @ArgumentParser.Option(help: "Đơn vị: mã, đường dẫn hoặc id. Unit: code, path or id.") var organization: String
        @ArgumentParser.Argument(help: "Tệp ra: .docx hoặc .xlsx. The file to write: .docx or .xlsx.") var file: String

        func run() async throws {
            try await ReportCommand.write(file) { service, app in
                try await service.year(year, unit: try await OrganizationLookup.find(organization, on: app.db).id!)
            }
        }
    }

    struct TermReport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "term", abstract: "Báo cáo tổng kết nhiệm kỳ. A unit's term report as .docx or .xlsx.")

        @ArgumentParser.Argument(help: "Nhiệm kỳ: tên (2020–2025) hoặc id. The term: its name or id.") var term: String
        @ArgumentParser.Option(help: "Đơn vị: mã, đường dẫn hoặc id. Unit: code, path or id.") var organization: String
        @ArgumentParser.Argument(help: "Tệp ra: .docx hoặc .xlsx. The file to write: .docx or .xlsx.") var file: String

        func run() async throws {
            try await ReportCommand.write(file) { service, app in
                let unit = try await OrganizationLookup.find(organization, on: app.db)
                let terms = try await Term.query(on: app.db).filter(\.$organization.$id == unit.id!).all()
                // "2020-2025" typed with a hyphen finds "2020–2025".
                let wanted = term.replacingOccurrences(of: "-", with: "–")
                guard let found = terms.first(where: { $0.id?.uuidString.lowercased() == term.lowercased() || $0.name == wanted || $0.name == term }) else {
                    throw CleanExit.message("\(unit.name) không có nhiệm kỳ \(term). \(unit.name) has no term \(term).")
                }
                return try await service.term(found.id!)
            }
        }
    }

    /// Builds the report as the system (every section, the whole tree) and writes the file.
    static func write(_ file: String, _ make: @escaping @Sendable (ReportService, Application) async throws -> ReportDTO) async throws {
        let ext = URL(fileURLWithPath: file).pathExtension.lowercased()
        guard ["docx", "xlsx"].contains(ext) else {
            throw CleanExit.message("Tệp ra phải là .docx hoặc .xlsx. The file must end in .docx or .xlsx.")
        }
        try await AppRunner.withApp { app in
            let today = app.capuy.today()
            let everything = try await Self.wholeTree(app.db)
            let service = ReportService(db: app.db, today: today, settings: app.capuy.settings, calendar: try await app.capuy.calendar.load(on: app.db),
                                        scopes: Dictionary(uniqueKeysWithValues: Permission.allCases.map { ($0, everything) }))
            let report: ReportDTO
            do {
                report = try await make(service, app)
            } catch let failure as ValidationFailure {
                throw CleanExit.message(failure.issues.map { "\($0.field): \($0.message) / \($0.messageEn)" }.joined(separator: "\n"))
            }
            let data = ext == "docx" ? try await ReportDocument(db: app.db, today: today).docx(report, readsRegister: true) : try ReportWorkbook.data(report, today: today)
            try data.write(to: URL(fileURLWithPath: file))
            let shown = report.sections.filter(\.shown).count
            print("Đã ghi \(file): \(report.organizationName), \(report.period.label), \(shown) phần. Wrote \(file): \(shown) sections.")
        }
    }

    /// Every top unit's subtree: the command runs with the machine's rights.
    static func wholeTree(_ db: any Database) async throws -> Scope {
        let tops = try await Organization.query(on: db).filter(\.$parent.$id == nil).all()
        return Scope(tops.map(\.treePath))
    }
}
