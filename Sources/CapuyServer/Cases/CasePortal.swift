import CapuyCore
import Fluent
import Foundation

/// What the public portal reads: a case by its receipt code, published
/// conclusions, reception schedules and the units one may write about.
struct CasePortal {
    let db: any Database
    let context: CapuyContext

    static let notFound = Refusal(.notFound, "Không tìm thấy hồ sơ với mã này. Kiểm tra lại mã tiếp nhận.",
                                  en: "No case has this code. Check the receipt code.")

    /// A wrong code and an unknown one get the same answer after the same
    /// work: one throttled, indexed look-up of the code's hash.
    func status(code typed: String, client: String) async throws -> CaseStatusDTO {
        let limit = context.settings.portalLookupsPerHour
        let now = context.now()
        try await db.write(as: .system) { tx, _ in
            try await PortalThrottle.take("portal-lookup:" + client.prefix(100), limit: limit, now: now, on: tx)
        }
        let hash = Digest.sha256Hex(Data((ReceiptCode.normalize(typed) ?? "-").utf8))
        guard let c = try await CitizenCase.query(on: db).filter(\.$receiptHash == hash).first() else { throw Self.notFound }
        let steps = try await CaseEvent.query(on: db).filter(\.$citizenCase.$id == c.id!).filter(\.$isPublic == true).sort(\.$at).all()
        let unit = try await Organization.find(c.$handlingOrg.id, on: db)
        let shown = [.concluded, .notified, .closed].contains(c.state) ? c.conclusion : nil
        return CaseStatusDTO(kind: c.kindRaw, state: c.stateRaw, stateLabel: c.state.label, receivedOn: c.receivedOn, dueOn: c.dueOn,
                             handlingUnit: unit?.name ?? "", steps: steps.map {
                                 CaseStatusDTO.Step(on: LocalDate.date(of: $0.at, in: .vietnam).iso, text: $0.note)
                             }, conclusion: shown)
    }

    func publishedConclusions(limit: Int = 100) async throws -> [PublishedConclusionDTO] {
        let today = context.today().iso
        let rows = try await CitizenCase.query(on: db).filter(\.$publishedUntil >= today).filter(\.$publishedFrom <= today)
            .sort(\.$publishedFrom, .descending).limit(limit).all()
        let units = try await Organization.many(ids: rows.map { $0.$handlingOrg.id }, on: db)
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        return rows.map {
            PublishedConclusionDTO(title: $0.title, kind: $0.kindRaw, unit: names[$0.$handlingOrg.id] ?? "", concludedOn: $0.finishedOn,
                                   publishedUntil: $0.publishedUntil ?? "", conclusion: $0.conclusion ?? "")
        }
    }

    /// Open units whose name holds every word typed, highest levels first.
    func units(matching text: String, limit: Int = 20) async throws -> [Organization] {
        let words = VietnameseText.fold(text).split(separator: " ").prefix(6)
        guard !words.isEmpty else { return [] }
        var q = Organization.query(on: db).filter(\.$closedOn == nil)
        // Words match from their start: "an phu" finds "An Phú", not "Đảng bộ … Thuận".
        for w in words {
            q = q.group(.or) { $0.filter(\.$nameFolded =~ String(w)).filter(\.$nameFolded ~~ (" " + String(w))) }
        }
        return try await q.sort(\.$depth).sort(\.$path).limit(limit).all()
    }
}

extension CasePortal {
    /// Published schedules (R-REC-1): every unit's sessions around today.
    func schedule(days: Int = 60, limit: Int = 300) async throws -> [ReceptionSessionDTO] {
        let today = context.today()
        let rows = try await ReceptionSession.query(on: db).filter(\.$heldOn >= today.adding(days: -7).iso)
            .filter(\.$heldOn <= today.adding(days: days).iso).sort(\.$heldOn).limit(limit).all()
        let units = try await Organization.many(ids: rows.map { $0.$organization.id }, on: db)
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        return rows.map { ReceptionSessionDTO($0, unitName: names[$0.$organization.id], withNotes: false) }
    }
}
