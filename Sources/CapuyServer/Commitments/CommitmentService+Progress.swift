import CapuyCore
import Fluent
import Foundation

/// Through the year the committing unit reports progress; at its end the
/// level above assesses the commitment, which closes it (R-EVAL-4 reads
/// the result). Reopening needs a reason and is audited like every step.
extension CommitmentService {
    /// The commitment inside a write, or the refusal its reader deserves.
    private func load(_ id: UUID, on tx: any Database, may allowed: (Commitment) -> Bool) async throws -> Commitment {
        guard let c = try await Commitment.find(id, on: tx), canSee(c) else { throw Refusal.notFound }
        guard allowed(c) else { throw Refusal.forbidden }
        return c
    }

    private static let closed = ValidationFailure(
        field: "status", "Cam kết đã được đánh giá cuối năm; muốn sửa số liệu phải mở lại kèm lý do.",
        en: "The commitment has been assessed; reopen it with a reason to change its figures.")

    /// A day that is a real date and not in the future; today when empty.
    private func day(_ text: String?, field: String, into c: inout IssueCollector) -> LocalDate? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return today }
        guard let d = LocalDate(parsing: trimmed), d <= today else {
            c.add(field, "Ngày không hợp lệ hoặc ở tương lai.", en: "Invalid or future date.")
            return nil
        }
        return d
    }

    /// A reported or assessed figure: a number of sane size (a value of 1e19
    /// stopped the server when the audit formatted it, issue 14), not negative.
    private static func checkValue(_ value: Double, field: String, into c: inout IssueCollector) {
        if let issue = DecimalInput.issue(value, field: field) {
            c.add(issue)
        } else if value < 0 {
            c.add(field, "Kết quả phải là số không âm.", en: "The value must be a number, zero or more.")
        }
    }

    func reportProgress(_ id: UUID, _ input: CommitmentProgressInput) async throws {
        var c = IssueCollector()
        let reportedOn = day(input.reportedOn, field: "reportedOn", into: &c)
        if input.entries.isEmpty { c.add("entries", "Nhập kết quả của ít nhất một chỉ tiêu.", en: "Report at least one indicator.") }
        for (n, e) in input.entries.enumerated() {
            Self.checkValue(e.value, field: "entries.\(n).value", into: &c)
        }
        try c.throwIfAny()
        let (on, entries, actorName) = (reportedOn!, input.entries, actor.name)
        try await db.write(as: actor) { tx, trail in
            let m = try await self.load(id, on: tx, may: self.canReport)
            guard !m.isAssessed else { throw Self.closed }
            guard (m.year...(m.year + 1)).contains(on.year) else {
                throw ValidationFailure(field: "reportedOn", "Ngày báo cáo phải thuộc năm cam kết (hoặc đầu năm sau).",
                                        en: "Report within the commitment's year (or early the next).")
            }
            let indicators = try await CommitmentIndicator.query(on: tx).filter(\.$commitment.$id == id).all()
            let byId = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id!, $0) })
            var bad = IssueCollector()
            for (n, e) in entries.enumerated() where byId[e.indicatorId] == nil {
                bad.add("entries.\(n).indicatorId", "Chỉ tiêu không thuộc bản cam kết này.", en: "No such indicator in this commitment.")
            }
            try bad.throwIfAny()
            var seq = try await CommitmentProgress.query(on: tx).filter(\.$commitment.$id == id).sort(\.$seq, .descending).first()?.seq ?? 0
            var after: [String: String] = ["reportedOn": on.iso]
            for e in entries {
                seq += 1
                let p = CommitmentProgress()
                p.$commitment.id = id
                p.$indicator.id = e.indicatorId
                p.seq = seq
                p.reportedOn = on.iso
                p.value = e.value
                p.note = String(VietnameseText.normalizeSpaces(e.note ?? "").prefix(2000))
                p.reportedBy = actorName
                try await p.create(on: tx)
                after[byId[e.indicatorId]!.name] = DecimalInput.format(e.value)
            }
            trail.record("commitment.progress", entity: "commitment", id: id, path: m.organizationPath, after: after)
        }
    }

    func assess(_ id: UUID, _ input: AssessmentInput) async throws {
        var c = IssueCollector()
        let assessedOn = day(input.assessedOn, field: "assessedOn", into: &c)
        for (n, v) in (input.values ?? []).enumerated() {
            Self.checkValue(v.value, field: "values.\(n).value", into: &c)
        }
        try c.throwIfAny()
        let (on, given, note) = (assessedOn!, input.values ?? [], String((input.note ?? "").prefix(5000)))
        let (actorName, now) = (actor.name, Date())
        try await db.write(as: actor) { tx, trail in
            let m = try await self.load(id, on: tx, may: self.canAssess)
            guard !m.isAssessed else { throw Self.closed }
            let record = try await Self.records([m], on: tx)[0]
            var values: [UUID: Double] = [:]
            var bad = IssueCollector()
            for (n, v) in given.enumerated() {
                if record.indicators.contains(where: { $0.id == v.indicatorId }) { values[v.indicatorId] = v.value } else {
                    bad.add("values.\(n).indicatorId", "Chỉ tiêu không thuộc bản cam kết này.", en: "No such indicator in this commitment.")
                }
            }
            for i in record.indicators where values[i.id!] == nil {
                if let latest = record.latest(i) { values[i.id!] = latest.value } else {
                    bad.add("values", "Chỉ tiêu “\(i.name)” chưa có số liệu để đánh giá.", en: "The indicator “\(i.name)” has no value to assess.")
                }
            }
            try bad.throwIfAny()
            var after: [String: String] = [:]
            var percents: [Double] = []
            for i in record.indicators {
                let value = values[i.id!]!
                let percent = CommitmentMath.percentAchieved(value: value, target: i.target, direction: i.direction)
                i.assessedValue = value
                i.percent = percent
                try await i.save(on: tx)
                percents.append(percent)
                after[i.name] = DecimalInput.format(percent) + "%"
            }
            m.status = Commitment.assessed
            m.overallPercent = CommitmentMath.overall(percents)
            m.assessedOn = on.iso
            m.assessedAt = now
            m.assessedBy = actorName
            m.assessmentNote = note.isEmpty ? nil : note
            try await m.save(on: tx)
            after["overallPercent"] = m.overallPercent.map { DecimalInput.format($0) + "%" }
            trail.record("commitment.assess", entity: "commitment", id: id, path: m.organizationPath,
                         before: ["commitmentStatus": Commitment.open], after: after)
        }
    }

    func reopen(_ id: UUID, _ input: ReopenInput) async throws {
        let reason = VietnameseText.normalizeSpaces(input.reason)
        guard (5...2000).contains(reason.count) else {
            throw ValidationFailure(field: "reason", "Ghi lý do mở lại (ít nhất 5 ký tự).", en: "Give the reason for reopening (5 characters or more).")
        }
        try await db.write(as: actor) { tx, trail in
            let m = try await self.load(id, on: tx, may: self.canAssess)
            guard m.isAssessed else {
                throw ValidationFailure(field: "status", "Cam kết chưa được đánh giá nên không cần mở lại.",
                                        en: "The commitment has not been assessed.")
            }
            let before = ["commitmentStatus": m.status, "overallPercent": m.overallPercent.map { DecimalInput.format($0) + "%" } ?? "",
                          "assessedOn": m.assessedOn ?? ""]
            for i in try await CommitmentIndicator.query(on: tx).filter(\.$commitment.$id == id).all() {
                i.assessedValue = nil
                i.percent = nil
                try await i.save(on: tx)
            }
            m.status = Commitment.open
            m.overallPercent = nil
            m.assessedOn = nil
            m.assessedAt = nil
            m.assessedBy = nil
            m.assessmentNote = nil
            m.reopenReason = reason
            try await m.save(on: tx)
            trail.record("commitment.reopen", entity: "commitment", id: id, path: m.organizationPath,
                         before: before, after: ["commitmentStatus": Commitment.open, "reason": reason])
        }
    }
}
