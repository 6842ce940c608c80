@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// R-DOC-2: type abbreviations are configurable data, changed by administrators.
@Suite("Documents: configurable type abbreviations (R-DOC-2)")
struct DocumentTypeTests {
    @Test("R-DOC-2: the catalogue starts with today's abbreviations")
    func catalogue() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app, terms: false)
            let types = try await w.get("/document-types", w.b).content.decode([DocumentTypeDTO].self)
            let abbr = Dictionary(uniqueKeysWithValues: types.map { ($0.code, $0.abbreviation) })
            #expect(types.count == DocumentTypeCatalog.defaults.count)
            #expect(abbr["resolution"] == "NQ" && abbr["decision"] == "QĐ" && abbr["regulation"] == "QĐ")
            #expect(abbr["program"] == "CTr" && abbr["submission"] == "TTr" && abbr["project"] == "ĐA")
        }
    }

    @Test("R-DOC-2: an admin's new abbreviation names later documents; earlier ones keep theirs")
    func change() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let admin = try await w.f.user(app, "quantri", .admin, at: w.f.p)
            let before = try await w.issued(w.p, type: "program", issuer: w.f.p)
            #expect(before.identifier == "01-CTr/TU")
            // when: this province writes its programs "CTHĐ"
            let res = try await API.call(app, .PUT, "/api/v1/document-types/program", token: admin, json: ["abbreviation": " CTHĐ "])
            #expect(res.status == .ok)
            #expect(try res.content.decode(DocumentTypeDTO.self).abbreviation == "CTHĐ")
            let after = try await w.issued(w.p, type: "program", issuer: w.f.p)
            // then: the new symbol, and (R-DOC-1) the type's series goes on:
            // program number 01 is not given a second time in the term.
            #expect(after.identifier == "02-CTHĐ/TU")
            let old = try await w.get("/documents/\(before.id)", w.p).content.decode(DocumentDTO.self)
            #expect(old.identifier == "01-CTr/TU")
            // Searching by the old symbol still finds the old document.
            #expect(try await w.list("q=ctr/tu", w.p).map(\.id) == [before.id])
        }
    }

    @Test("R-DOC-2: splitting a shared abbreviation keeps every identifier unique")
    func split() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let admin = try await w.f.user(app, "quantri", .admin, at: w.f.p)
            _ = try await w.issued(w.p, type: "decision", issuer: w.f.p)
            _ = try await w.issued(w.p, type: "regulation", issuer: w.f.p)
            let res = try await API.call(app, .PUT, "/api/v1/document-types/regulation", token: admin, json: ["abbreviation": "QĐi"])
            #expect(res.status == .ok)
            let r = try await w.issued(w.p, type: "regulation", issuer: w.f.p)
            let d = try await w.issued(w.p, type: "decision", issuer: w.f.p)
            #expect(d.identifier == "03-QĐ/TU")
            #expect(r.identifier?.hasSuffix("-QĐi/TU") == true)
            let all = try await PartyDocument.query(on: app.db).all().compactMap(\.identifier)
            #expect(Set(all).count == all.count)
        }
    }

    @Test("R-DOC-2: an office user may not change abbreviations; a bad one is refused and nothing changes")
    func refusals() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app, terms: false)
            let admin = try await w.f.user(app, "quantri", .admin, at: w.f.p)
            let office = try await API.call(app, .PUT, "/api/v1/document-types/resolution", token: w.p, json: ["abbreviation": "NQX"])
            #expect(office.status == .forbidden || office.status == .notFound)
            for bad in ["N/Q", "N-Q", "N Q", "1NQ", "", "NQNQNQNQN"] {
                let res = try await API.call(app, .PUT, "/api/v1/document-types/resolution", token: admin, json: ["abbreviation": bad])
                #expect(res.status == .unprocessableEntity, "\(bad)")
                #expect(res.errorFields == ["abbreviation"], "\(bad)")
            }
            let unknown = try await API.call(app, .PUT, "/api/v1/document-types/khongco", token: admin, json: ["abbreviation": "KC"])
            #expect(unknown.status == .notFound)
            let types = try await w.get("/document-types", w.p).content.decode([DocumentTypeDTO].self)
            #expect(types.first { $0.code == "resolution" }?.abbreviation == "NQ")
        }
    }
}
