import ArgumentParser
import CapuyCore
import Foundation

/// `capuy units create`: a unit from the console, a top unit included
/// (issue 15: a tree could not be started without the demo or an existing
/// root; the API creates only sub-units).
struct Units: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Đơn vị. Units.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tạo đơn vị; không có --parent là đơn vị cao nhất (Trung ương hoặc đảng bộ tỉnh). "
                + "Create a unit; without --parent, a top unit (central or provincial).")

        @ArgumentParser.Option(help: "Tên. Name.") var name: String
        @ArgumentParser.Option(help: "Loại. Kind: \(OrganizationKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind = OrganizationKind.provincialCommittee.rawValue
        @ArgumentParser.Option(help: "Mã đơn vị. Unit code.") var code: String?
        @ArgumentParser.Option(help: "Loại hình. Sector: \(Sector.allCases.map(\.rawValue).joined(separator: ", ")).")
        var sector = Sector.agency.rawValue
        @ArgumentParser.Option(help: "Đơn vị cấp trên: mã, đường dẫn hoặc id. Parent unit: code, path or id.") var parent: String?
        @ArgumentParser.Option(help: "Ngày thành lập (dd/MM/yyyy). Founded on.") var openedOn: String?

        func run() async throws {
            try await AppRunner.withApp { app in
                let parentId = try await parent.asyncMap { try await OrganizationLookup.find($0, on: app.db).id } ?? nil
                do {
                    let org = try await OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
                        .create(.init(parentId: parentId, name: name, kind: kind, sector: sector, code: code, openedOn: openedOn), scope: nil)
                    print("Đã tạo \(org.name) (\(org.kind.label), mã \(org.code), đường dẫn \(org.path)). Unit created.")
                } catch let failure as ValidationFailure {
                    throw CleanExit.message(failure.issues.map { "\($0.field): \($0.message) / \($0.messageEn)" }.joined(separator: "\n"))
                }
            }
        }
    }
}
