import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Imports an office's member list (CSV or XLSX), read as a stream: every
/// bad row is reported with its row, column and reason, and a real run
/// writes all rows or none (issue 16). New members by default; with
/// `mode: .update`, rows that match a registered member change only what
/// differs.
struct MemberImport {
    struct Issue: Sendable, Equatable {
        let row: Int
        let column: String
        let message: String
    }

    enum Mode: Sendable { case create, update }

    /// What an update changes in one member, for the report.
    struct Change: Sendable, Equatable {
        let row: Int
        let name: String
        /// "Ngày sinh: 01/01/1980 → 02/01/1980", one per changed field.
        let fields: [String]
    }

    struct Report: Sendable {
        var rows = 0
        /// The first `issueLimit` problems, by row; `issueCount` counts all.
        var issues: [Issue] = []
        var issueCount = 0
        /// What the rows do: add a member, update one, or match one as it is.
        var adds = 0
        var updates = 0
        var unchanged = 0
        /// Members written: added and updated (0 in a dry run or a refused file).
        var imported = 0
        var updated = 0
        /// The first `changeLimit` updates, by row.
        var changes: [Change] = []
        var sha256 = ""
        /// Whether anything was written.
        var written = false
    }

    struct Progress: Sendable {
        let rows: Int
        let bytes: Int
        let totalBytes: Int?
    }

    struct FileProblem: Error, CustomStringConvertible {
        let description: String
    }

    enum Source: Sendable {
        case path(String)
        case data(Data)
    }

    static let issueLimit = 5_000
    static let changeLimit = 1_000
    /// How many title rows (the unit and date an export names) may come before the header.
    static let titleRowLimit = 10

    let db: any Database
    let today: LocalDate
    var mode: Mode = .create

    func run(_ data: Data, dryRun: Bool, actor: Actor = .system,
             progress: (@Sendable (Progress) -> Void)? = nil) async throws -> Report {
        try await run(.data(data), dryRun: dryRun, actor: actor, progress: progress)
    }

    /// Checks every row and, unless `dryRun` or a row is bad, writes them all in one transaction.
    func run(_ source: Source, dryRun: Bool, actor: Actor = .system,
             progress: (@Sendable (Progress) -> Void)? = nil) async throws -> Report {
        var file: MemberImportFile
        switch source {
        case .path(let path): file = try MemberImportFile(path: path)
        case .data(let data): file = try MemberImportFile(data: data)
        }
        let columns = try Self.locateHeader(in: &file)
        let check = MemberImportRowCheck(columns: columns, units: try await unitIndex(), today: today)
        let box = FileBox(file)
        return try await db.withConnection { conn in
            let staging = MemberImportStaging(db: conn)
            try await staging.create()
            do {
                let report = try await self.load(box, check: check, into: staging, dryRun: dryRun, actor: actor, progress: progress)
                try await staging.drop()
                return report
            } catch {
                try? await staging.drop()
                throw error
            }
        }
    }

    /// Reads the rows into staging, checks them, and writes when all is well.
    private func load(_ box: FileBox, check: MemberImportRowCheck, into staging: MemberImportStaging, dryRun: Bool,
                      actor: Actor, progress: (@Sendable (Progress) -> Void)?) async throws -> Report {
        var report = Report()
        var issues = ImportIssueList(limit: Self.issueLimit)
        var batch: [[any SQLExpression]] = []
        let perBatch = max(1, 30_000 / MemberImportRowCheck.Staged.columns.count)
        batch.reserveCapacity(perBatch)
        while let row = try box.file.next() {
            report.rows += 1
            let (staged, rowIssues) = check.check(row)
            issues.count += rowIssues.count
            if issues.issues.count < Self.issueLimit { issues.issues += rowIssues.prefix(Self.issueLimit - issues.issues.count) }
            batch.append(staged.values)
            if batch.count == perBatch {
                try await staging.insert(batch)
                batch.removeAll(keepingCapacity: true)
            }
            if report.rows % 10_000 == 0 {
                progress?(Progress(rows: report.rows, bytes: box.file.bytesRead, totalBytes: box.file.size))
            }
        }
        try await staging.insert(batch)
        progress?(Progress(rows: report.rows, bytes: box.file.bytesRead, totalBytes: box.file.size))
        report.sha256 = box.file.sha256
        try await staging.index()
        let across: (issues: [Issue], count: Int)
        switch mode {
        case .create:
            across = try await staging.createIssues(limit: Self.issueLimit)
        case .update:
            try await staging.match()
            across = try await staging.updateIssues(limit: Self.issueLimit)
        }
        report.issueCount = issues.count + across.count
        report.issues = Array((issues.issues + across.issues).sorted { ($0.row, $0.column) < ($1.row, $1.column) }.prefix(Self.issueLimit))
        (report.adds, report.updates, report.unchanged) = try await staging.counts()
        if mode == .update { report.changes = try await MemberImportWriter.changes(in: staging, limit: Self.changeLimit) }
        guard report.issueCount == 0, !dryRun, report.adds + report.updates > 0 else { return report }
        try await MemberImportWriter(staging: staging, sha256: report.sha256, mode: mode).write(as: actor)
        report.written = true
        (report.imported, report.updated) = (report.adds, report.updates)
        return report
    }

    /// Finds the header row, allowing a title block above it (an export
    /// names its unit and date there).
    static func locateHeader(in file: inout MemberImportFile) throws -> [MemberListColumn: Int] {
        var first: [String]?
        for _ in 0..<titleRowLimit {
            guard let row = try file.next() else { break }
            let header = row.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if first == nil { first = header }
            let located = MemberListColumn.locate(in: header)
            if located.missing.isEmpty { return located.map }
        }
        guard let first else { throw FileProblem(description: "Tệp trống: không có dòng tiêu đề.") }
        let names = MemberListColumn.locate(in: first).missing.map(\.title).joined(separator: ", ")
        throw FileProblem(description: "Thiếu cột bắt buộc: \(names). Dòng tiêu đề cần có: \(MemberListColumn.allCases.map(\.title).joined(separator: ", ")).")
    }

    /// Units by code and by path, for resolving the "Chi bộ" column.
    private func unitIndex() async throws -> [String: UnitRef] {
        let rows = try await db.sql.select().columns("id", "code", "path", "closed_on").from(Organization.schema).all()
        var index: [String: UnitRef] = [:]
        index.reserveCapacity(rows.count * 2)
        for row in rows {
            let ref = UnitRef(id: try row.decode(column: "id", as: UUID.self), path: try row.decode(column: "path", as: String.self),
                              isClosed: try row.decode(column: "closed_on", as: String?.self) != nil)
            index[try row.decode(column: "code", as: String.self)] = ref
            index[ref.path] = ref
        }
        return index
    }

    static func column(for field: String) -> MemberListColumn {
        switch field {
        case "fullName": .fullName
        case "birthDate": .birthDate
        case "ethnicity": .ethnicity
        case "partyCardNumber": .partyCardNumber
        case "admissionDate": .admissionDate
        case "officialDate": .officialDate
        default: .fullName
        }
    }

    struct UnitRef: Sendable {
        let id: UUID
        let path: String
        let isClosed: Bool
    }

    /// The file, carried into the connection's closure. Only that closure
    /// reads it, one row after another.
    final class FileBox: @unchecked Sendable {
        var file: MemberImportFile
        init(_ file: MemberImportFile) { self.file = file }
    }
}
