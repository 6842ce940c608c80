import CapuyCore
import Fluent
import Foundation
import SQLKit

/// The implementation links between documents: a commune's plan carries out
/// a provincial resolution, a cell's plan the commune's, and so on down.
struct DocumentChain {
    let db: any Database

    /// Refuses a link to itself, to one of its own descendants (a cycle), to
    /// a draft, or to a document the caller cannot see.
    func checkImplements(doc: UUID, target: UUID, view: Scope, into c: inout IssueCollector) async throws {
        if target == doc {
            c.add("implementsId", "Văn bản không thể triển khai chính nó.", en: "A document cannot implement itself.")
            return
        }
        guard let t = try await PartyDocument.query(on: db).filter(\.$id == target)
            .filter(.sql(DocumentVisibility.predicate(view))).first() else {
            c.add("implementsId", "Không tìm thấy văn bản được triển khai.", en: "The implemented document was not found.")
            return
        }
        if !t.isIssued {
            c.add("implementsId", "Chỉ triển khai được văn bản đã ban hành.", en: "Only an issued document can be implemented.")
        }
        if try await descendantIDs(of: doc).contains(target) {
            c.add("implementsId", "Văn bản được chọn đang triển khai chính văn bản này: liên kết sẽ thành vòng.",
                  en: "The chosen document implements this one: the link would make a cycle.")
        }
    }

    /// Every document below `id` in the implementation tree, at any depth.
    func descendantIDs(of id: UUID) async throws -> Set<UUID> {
        Set(try await levels(below: id).map(\.id))
    }

    struct Row: Decodable {
        let id: UUID
        let level: Int
    }

    /// The implementation tree below a document, each with its depth.
    func levels(below id: UUID) async throws -> [Row] {
        try await db.sql.raw("""
            WITH RECURSIVE chain(id, level) AS (
              SELECT id, 1 FROM documents WHERE implements_id = \(bind: id)
              UNION ALL
              SELECT d.id, chain.level + 1 FROM documents d JOIN chain ON d.implements_id = chain.id WHERE chain.level < 20
            ) SELECT id, level FROM chain
            """).all(decoding: Row.self)
    }

    /// Up to the top and down every level, keeping only what `view` may read.
    func chain(of doc: PartyDocument, view: Scope) async throws -> DocumentChainDTO {
        var upDocs: [PartyDocument] = []
        var next = doc.implementsId
        while let id = next, upDocs.count < 20, let d = try await PartyDocument.find(id, on: db) {
            upDocs.append(d)
            next = d.implementsId
        }
        let down = try await levels(below: doc.id!)
        let levelOf = Dictionary(down.map { ($0.id, $0.level) }, uniquingKeysWith: min)
        var visible: [PartyDocument] = []
        let ids = Array(Set(upDocs.map { $0.id! } + down.map(\.id)))
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            visible += try await PartyDocument.query(on: db).filter(\.$id ~~ Array(ids[chunk..<min(chunk + 500, ids.count)]))
                .filter(.sql(DocumentVisibility.predicate(view))).all()
        }
        let seen = Set(visible.map { $0.id! })
        let issuers = try await Organization.many(ids: visible.map { $0.$issuer.id }, on: db)
        let names = Dictionary(uniqueKeysWithValues: issuers.map { ($0.id!, $0.name) })
        func link(_ d: PartyDocument, level: Int) -> DocumentChainDTO.Link {
            .init(id: d.id!, identifier: d.identifier, title: d.title, issuerId: d.$issuer.id,
                  issuerName: names[d.$issuer.id] ?? "", issuedOn: d.issuedOn, implementsId: d.implementsId, level: level)
        }
        let up = upDocs.enumerated().filter { seen.contains($0.element.id!) }.map { link($0.element, level: -($0.offset + 1)) }
        let downLinks = visible.filter { levelOf[$0.id!] != nil }
            .sorted { (levelOf[$0.id!]!, $0.issuerPath, $0.issuedOn ?? "") < (levelOf[$1.id!]!, $1.issuerPath, $1.issuedOn ?? "") }
            .map { link($0, level: levelOf[$0.id!]!) }
        return DocumentChainDTO(up: up.reversed(), down: downLinks)
    }
}
