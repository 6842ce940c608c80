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
    /// From how many added rows the members' indexes are rebuilt around the insert.
    var rebuildIndexesFrom = MemberIndexes.largeLoad
    /// Times each step when given (the CLI prints them; the benchmark reads them).
    var clock: PhaseClock?

    func phase<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        guard let clock else { return try await body() }
        return try await clock.run(name, body)
    }

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
        let units = try await phase("units") { try await MemberImportUnits.load(on: db) }
        let box = FileBox(file, MemberImportRowCheck(columns: columns, units: units, today: today))
        return try await db.withConnection { conn in
            let staging = MemberImportStaging(db: conn)
            try await staging.create()
            do {
                let report = try await self.load(box, into: staging, dryRun: dryRun, actor: actor, progress: progress)
                try await staging.drop()
                return report
            } catch {
                try? await staging.drop()
                throw error
            }
        }
    }

    /// Reads the rows into staging, checks them, and writes when all is well.
    private func load(_ box: FileBox, into staging: MemberImportStaging, dryRun: Bool,
                      actor: Actor, progress: (@Sendable (Progress) -> Void)?) async throws -> Report {
        var report = Report()
        var issues = ImportIssueList(limit: Self.issueLimit)
        var batch: [MemberImportRowCheck.Staged] = []
        let perBatch = max(1, 30_000 / MemberImportRowCheck.Staged.columns.count)
        batch.reserveCapacity(perBatch)
        // Checking a batch (CPU in Swift) overlaps with inserting the one
        // before (SQLite on its own thread): two cores, both busy.
        var inserting: Task<Void, any Error>?
        func flush(_ rows: [MemberImportRowCheck.Staged]) async throws {
            try await inserting?.value
            inserting = Task { try await staging.insert(rows) }
        }
        try await phase("rows") {
        while let row = try box.file.next() {
            report.rows += 1
            guard let (staged, rowIssues) = box.check?.check(row) else { break }
            issues.count += rowIssues.count
            if issues.issues.count < Self.issueLimit { issues.issues += rowIssues.prefix(Self.issueLimit - issues.issues.count) }
            batch.append(staged)
            if batch.count == perBatch {
                try await flush(batch)
                batch.removeAll(keepingCapacity: true)
            }
            if report.rows % 10_000 == 0 {
                progress?(Progress(rows: report.rows, bytes: box.file.bytesRead, totalBytes: box.file.size))
            }
        }
        try await flush(batch)
        try await inserting?.value
        }
        // The unit index is done with: its memory goes back before the move, the import's peak.
        box.check = nil
        progress?(Progress(rows: report.rows, bytes: box.file.bytesRead, totalBytes: box.file.size))
        report.sha256 = box.file.sha256
        let across = try await phase("checks") { () async throws -> (issues: [Issue], count: Int) in
            try await staging.index()
            switch mode {
            case .create:
                return try await staging.createIssues(limit: Self.issueLimit)
            case .update:
                try await staging.match()
                return try await staging.updateIssues(limit: Self.issueLimit)
            }
        }
        report.issueCount = issues.count + across.count
        report.issues = Array((issues.issues + across.issues).sorted { ($0.row, $0.column) < ($1.row, $1.column) }.prefix(Self.issueLimit))
        (report.adds, report.updates, report.unchanged) = try await staging.counts()
        if mode == .update { report.changes = try await MemberImportWriter.changes(in: staging, limit: Self.changeLimit) }
        guard report.issueCount == 0, !dryRun, report.adds + report.updates > 0 else { return report }
        try await phase("move") { try await MemberImportWriter(staging: staging, sha256: report.sha256, mode: mode, adds: report.adds,
                                                  rebuildIndexesFrom: rebuildIndexesFrom, clock: clock).write(as: actor) }
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
        var check: MemberImportRowCheck?
        init(_ file: MemberImportFile, _ check: MemberImportRowCheck) {
            self.file = file
            self.check = check
        }
    }
}
