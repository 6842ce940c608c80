import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Imports an office's member list (CSV or XLSX). Every bad row is reported
/// with its row, column and reason; a real run writes all rows or none.
struct MemberImport {
    struct Issue: Sendable, Equatable {
        let row: Int
        let column: String
        let message: String
    }

    struct Report: Sendable {
        var rows: Int
        var issues: [Issue]
        var imported: Int
    }

    struct FileProblem: Error, CustomStringConvertible {
        let description: String
    }

    let db: any Database
    let today: LocalDate

    /// Reads the file's cells: XLSX by its zip signature, anything else as CSV.
    static func table(from data: Data) throws -> (header: [String], rows: [[String]], lines: [Int]) {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let cells: [[String]]
            do { cells = try XLSXReader.readFirstSheet(data) } catch let e as XLSXError { throw FileProblem(description: e.message) }
            guard let header = cells.first else { throw FileProblem(description: "Bảng tính không có dòng tiêu đề.") }
            let rows = Array(cells.dropFirst())
            return (header, rows, Array((0..<rows.count).map { $0 + 2 }))
        }
        do {
            let t = try CSVTable.parse(data)
            return (t.header, t.rows, t.rowLines)
        } catch let e as CSVError {
            throw FileProblem(description: e.message)
        }
    }

    /// Checks every row and, unless `dryRun`, writes them all in one transaction.
    func run(_ data: Data, dryRun: Bool, actor: Actor = .system, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Report {
        let (header, rows, lines) = try Self.table(from: data)
        let located = MemberListColumn.locate(in: header)
        if !located.missing.isEmpty {
            let names = located.missing.map(\.title).joined(separator: ", ")
            throw FileProblem(description: "Thiếu cột bắt buộc: \(names). Dòng tiêu đề cần có: \(MemberListColumn.allCases.map(\.title).joined(separator: ", ")).")
        }
        let units = try await unitIndex()
        // A unit is named by its code (in any case) or its path.
        func unit(named key: String) -> UnitRef? { units[key] ?? units[key.uppercased()] }
        let existingCards = try await existingCardNumbers(in: rows, column: located.map[.partyCardNumber])
        var seenCards: [String: Int] = [:]
        // Members without a card (probationary) are told apart by name, birth date and unit (issue 16).
        let existingUncarded = try await uncardedMembers(in: Set(rows.compactMap { row -> UUID? in
            guard let i = located.map[.unit], i < row.count else { return nil }
            return unit(named: row[i].trimmingCharacters(in: .whitespacesAndNewlines))?.id
        }))
        var seenUncarded: [UncardedKey: Int] = [:]
        var issues: [Issue] = []
        var prepared: [ImportedMember] = []
        prepared.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            let line = index < lines.count ? lines[index] : index + 2
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ c: MemberListColumn) -> String {
                guard let i = located.map[c], i < row.count else { return "" }
                return row[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            var rowIssues: [Issue] = []
            func add(_ c: MemberListColumn, _ message: String) { rowIssues.append(Issue(row: line, column: c.title, message: message)) }
            let unitKey = cell(.unit)
            let unit = unit(named: unitKey)
            if unitKey.isEmpty { add(.unit, "Thiếu chi bộ (mã hoặc đường dẫn đơn vị).") }
            else if unit == nil { add(.unit, "Không có đơn vị có mã hoặc đường dẫn “\(unitKey)”.") }
            else if unit?.isClosed == true { add(.unit, "Đơn vị “\(unitKey)” đã giải thể hoặc sáp nhập.") }
            let gender = Gender(loose: cell(.gender))
            if gender == nil { add(.gender, "Giới tính phải là Nam hoặc Nữ (gặp “\(cell(.gender))”).") }
            let officialRaw = cell(.officialDate)
            let facts = MemberFacts(fullName: VietnameseText.normalizeName(cell(.fullName)), birthDate: LocalDate(parsing: cell(.birthDate)),
                                    ethnicity: VietnameseText.normalizeSpaces(cell(.ethnicity)), partyCardNumber: cell(.partyCardNumber).nilIfEmpty,
                                    admissionDate: LocalDate(parsing: cell(.admissionDate)),
                                    officialDate: officialRaw.isEmpty ? nil : LocalDate(parsing: officialRaw))
            if !officialRaw.isEmpty, facts.officialDate == nil { add(.officialDate, "Ngày chính thức không hợp lệ: dùng dạng ngày/tháng/năm.") }
            for issue in MemberRules.check(facts, today: today) {
                add(Self.column(for: issue.field), issue.message)
            }
            if let card = facts.partyCardNumber {
                if existingCards.contains(card) { add(.partyCardNumber, "Số thẻ đảng \(card) đã có trong hệ thống.") }
                else if let first = seenCards[card] { add(.partyCardNumber, "Số thẻ đảng \(card) trùng với dòng \(first).") }
                else { seenCards[card] = line }
            } else if let unit, let birth = facts.birthDate, !facts.fullName.isEmpty {
                let key = UncardedKey(unit: unit.id, name: VietnameseText.fold(facts.fullName), birthDate: birth.iso)
                if existingUncarded.contains(key) {
                    add(.fullName, "Đảng viên “\(facts.fullName)”, sinh ngày \(birth.display), chưa có thẻ, đã có trong đơn vị này: không thêm lần nữa.")
                } else if let first = seenUncarded[key] {
                    add(.fullName, "Đảng viên “\(facts.fullName)”, sinh ngày \(birth.display), trùng với dòng \(first) (cùng đơn vị, chưa có thẻ).")
                } else { seenUncarded[key] = line }
            }
            if rowIssues.isEmpty, let unit, let gender {
                // Plain values, not Fluent models: building 100,000 models cost more than checking the rows.
                prepared.append(ImportedMember(facts: facts, gender: gender, unit: unit))
            }
            issues += rowIssues
            if index % 1000 == 0 { progress?(index, rows.count) }
        }
        progress?(rows.count, rows.count)
        var report = Report(rows: rows.count, issues: issues, imported: 0)
        guard issues.isEmpty, !dryRun, !prepared.isEmpty else { return report }
        try await write(prepared, actor: actor)
        report.imported = prepared.count
        return report
    }

    private func write(_ members: [ImportedMember], actor: Actor) async throws {
        let columns = ["id", "party_card_number", "full_name", "name_folded", "sort_key", "birth_date", "gender", "ethnicity",
                       "admission_date", "official_date", "status", "organization_id", "organization_path", "created_at", "updated_at"]
        let now = Date()
        let rows: [[any SQLExpression]] = members.map { m in
            let d = m.dto
            return [SQLBind(d.id), SQLBind(d.partyCardNumber), SQLBind(d.fullName), SQLBind(m.nameFolded), SQLBind(m.sortKey),
                    SQLBind(d.birthDate), SQLBind(d.gender.rawValue), SQLBind(d.ethnicity), SQLBind(d.admissionDate),
                    SQLBind(d.officialDate), SQLBind(d.status.rawValue), SQLBind(d.organizationId), SQLBind(m.path),
                    SQLBind(now), SQLBind(now)]
        }
        try await db.write(as: actor) { tx, trail in
            try await BulkInsert.rows(rows, columns: columns, into: Member.schema, on: tx)
            let year = try await Rollups.ageYear(on: tx)
            try await Rollups.add(members.map { ($0.path, Rollups.tally(of: $0.dto, year: year)) }, on: tx)
            for m in members {
                trail.record("member.import", entity: "member", id: m.dto.id, path: m.path, after: m.dto)
            }
        }
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

    private func existingCardNumbers(in rows: [[String]], column: Int?) async throws -> Set<String> {
        guard let column else { return [] }
        let cards = Array(Set(rows.compactMap { column < $0.count ? $0[column].trimmingCharacters(in: .whitespaces).nilIfEmpty : nil }))
        var found: Set<String> = []
        var start = 0
        while start < cards.count {
            let chunk = Array(cards[start..<min(start + 500, cards.count)])
            let rows = try await db.sql.select().column("party_card_number").from(Member.schema)
                .where("party_card_number", .in, chunk).all()
            for row in rows { if let c = try row.decode(column: "party_card_number", as: String?.self) { found.insert(c) } }
            start += 500
        }
        return found
    }

    /// A member without a card, as a duplicate is recognised: unit, name
    /// (accents and case folded) and birth date.
    struct UncardedKey: Hashable {
        let unit: UUID
        let name: String
        let birthDate: String
    }

    /// The members without a card already in the file's units.
    private func uncardedMembers(in units: Set<UUID>) async throws -> Set<UncardedKey> {
        var found: Set<UncardedKey> = []
        for chunk in PlanSnapshotLoader.chunks(Array(units), of: 500) {
            let rows = try await db.sql.select().columns("organization_id", "name_folded", "birth_date").from(Member.schema)
                .where("organization_id", .in, chunk).where("party_card_number", .is, SQLLiteral.null).all()
            for row in rows {
                found.insert(UncardedKey(unit: try row.decode(column: "organization_id", as: UUID.self),
                                         name: try row.decode(column: "name_folded", as: String.self),
                                         birthDate: try row.decode(column: "birth_date", as: String.self)))
            }
        }
        return found
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

    /// A checked row, ready to insert: the stored values and the audit snapshot.
    struct ImportedMember: Sendable {
        let dto: MemberDTO
        let nameFolded: String
        let sortKey: String
        let path: String

        init(facts f: MemberFacts, gender: Gender, unit: UnitRef) {
            dto = MemberDTO(id: UUID(), fullName: f.fullName, partyCardNumber: f.partyCardNumber, birthDate: f.birthDate?.iso ?? "",
                            gender: gender, ethnicity: f.ethnicity, admissionDate: f.admissionDate?.iso ?? "",
                            officialDate: f.officialDate?.iso, status: MemberRules.status(officialDate: f.officialDate),
                            organizationId: unit.id)
            nameFolded = VietnameseText.fold(f.fullName)
            sortKey = VietnameseCollation.sortKey(fullName: f.fullName)
            path = unit.path
        }
    }

    struct UnitRef: Sendable {
        let id: UUID
        let path: String
        let isClosed: Bool
    }
}
