import CapuyCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation
@testable import CapuyServer

/// R-DOC-3: the layout of an exported party document, read back from the
/// .docx the way Word would see it (ZIP parts, then the w:t runs in order).
@Suite("Party document DOCX (R-DOC-3)")
struct PartyDocumentDOCXTests {
    static let modified = Date(timeIntervalSince1970: 1_772_668_800)

    static func sample() -> PartyDocumentContent {
        PartyDocumentContent(
            parentBody: "ĐẢNG BỘ TỈNH QUẢNG TRỊ", issuingBody: "TỈNH ỦY", identifier: "08-NQ/TU",
            place: "Quảng Trị", date: LocalDate(year: 2026, month: 3, day: 5), typeName: "Nghị quyết",
            summary: "về xây dựng, chỉnh đốn Đảng",
            content: "Đoạn thứ nhất.\n\n   \r\nĐoạn thứ hai.\r\nĐoạn thứ ba.",
            signerCapacity: "T/M TỈNH ỦY", signerTitle: "BÍ THƯ", signerName: "Nguyễn Văn A",
            recipients: ["Ban Bí thư Trung ương Đảng", "Các huyện ủy,", "  "])
    }

    @Test("R-DOC-3: the package holds well-formed Word parts")
    func packageParts() throws {
        // given / when
        let files = try Self.unzip(try PartyDocumentDOCX.data(Self.sample(), modificationDate: Self.modified))
        // then
        for path in ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
                     "word/styles.xml", "word/settings.xml", "docProps/core.xml"] {
            let part = try #require(files[path], "missing \(path)")
            _ = try Scan.parse(part)
        }
        let styles = String(decoding: files["word/styles.xml"]!, as: UTF8.self)
        #expect(styles.contains("w:ascii=\"Times New Roman\""))
        #expect(styles.contains("<w:sz w:val=\"28\"/>"))
        #expect(styles.contains("w:val=\"vi-VN\""))
        let types = String(decoding: files["[Content_Types].xml"]!, as: UTF8.self)
        #expect(types.contains("wordprocessingml.document.main+xml"))
    }

    @Test("R-DOC-3: heading, issuer, number, date, type, summary, content, recipients, signer in order")
    func order() throws {
        // given / when
        let runs = try Self.runs(Self.sample())
        let texts = runs.map(\.text)
        // then: the heading shares the top row with the issuing block, to its
        // right, so it follows the block in document order; likewise the date
        // follows "Số" on the second row.
        let expected = ["ĐẢNG BỘ TỈNH QUẢNG TRỊ", "TỈNH ỦY", "*", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 08-NQ/TU",
                        "Quảng Trị, ngày 05 tháng 3 năm 2026", "NGHỊ QUYẾT", "về xây dựng, chỉnh đốn Đảng",
                        "Đoạn thứ nhất.", "Đoạn thứ hai.", "Đoạn thứ ba.", "Nơi nhận:",
                        "- Ban Bí thư Trung ương Đảng,", "- Các huyện ủy,", "- Lưu Văn phòng.",
                        "T/M TỈNH ỦY", "BÍ THƯ", "Nguyễn Văn A"]
        #expect(texts.filter { !$0.isEmpty && $0 != "-----" } == expected)
        // Blank lines of the content are dropped, the rest are justified with a first-line indent.
        let body = runs.filter { $0.text.hasPrefix("Đoạn") }
        #expect(body.count == 3)
        #expect(body.allSatisfy { $0.align == "both" && $0.firstLine == 720 && !$0.bold })
    }

    @Test("R-DOC-3: run formatting of heading, issuer, date, title and recipients")
    func formatting() throws {
        let runs = Dictionary(try Self.runs(Self.sample()).map { ($0.text, $0) }, uniquingKeysWith: { a, _ in a })
        let heading = try #require(runs["ĐẢNG CỘNG SẢN VIỆT NAM"])
        #expect(heading.bold && heading.underline && heading.align == "center")
        #expect(try #require(runs["TỈNH ỦY"]).bold)
        #expect(try #require(runs["ĐẢNG BỘ TỈNH QUẢNG TRỊ"]).bold == false)
        let date = try #require(runs["Quảng Trị, ngày 05 tháng 3 năm 2026"])
        #expect(date.italic && !date.bold)
        #expect(try #require(runs["NGHỊ QUYẾT"]).bold)
        #expect(try #require(runs["về xây dựng, chỉnh đốn Đảng"]).bold)
        let recipientsHeading = try #require(runs["Nơi nhận:"])
        #expect(recipientsHeading.bold && recipientsHeading.italic && recipientsHeading.underline)
        #expect(recipientsHeading.size == 24 && runs["- Lưu Văn phòng."]?.size == 24)
        #expect(runs["Nguyễn Văn A"]?.bold == true && runs["BÍ THƯ"]?.bold == true)
    }

    @Test("R-DOC-3: A4 page with the party-document margins")
    func pageSize() throws {
        let data = try PartyDocumentDOCX.data(Self.sample(), modificationDate: Self.modified)
        let scan = try Scan.parse(try #require(try Self.unzip(data)["word/document.xml"]))
        #expect(scan.attributes["w:pgSz"]?["w:w"] == "11906")
        #expect(scan.attributes["w:pgSz"]?["w:h"] == "16838")
        let margins = try #require(scan.attributes["w:pgMar"])
        #expect([margins["w:top"], margins["w:bottom"], margins["w:left"], margins["w:right"]]
                == ["1134", "1134", "1701", "850"])
    }

    @Test("special characters survive escaping; tabs and control characters do not")
    func escaping() throws {
        // given
        var content = Self.sample()
        content.summary = "về \"Điều\" 'x' & <y>"
        content.content = "<Điều 1 & 2>\n_x0041_ giữ nguyên\nCột\tmột\u{1}\u{7F}"
        content.issuingBody = "TỈNH\u{0}ỦY"
        // when
        let data = try PartyDocumentDOCX.data(content, modificationDate: Self.modified)
        let texts = try Self.runs(content).map(\.text)
        // then
        #expect(texts.contains("<Điều 1 & 2>"))
        #expect(texts.contains("về \"Điều\" 'x' & <y>"))
        // Word, unlike Excel, does not decode _xHHHH_, so it must be left alone.
        #expect(texts.contains("_x0041_ giữ nguyên"))
        #expect(texts.contains("Cột một"))
        #expect(texts.contains("TỈNHỦY"))
        let xml = String(decoding: try Self.unzip(data)["word/document.xml"]!, as: UTF8.self)
        #expect(xml.contains("&lt;Điều 1 &amp; 2&gt;"))
    }

    @Test("R-DOC-3: a draft has placeholders for number and date")
    func draft() throws {
        // given
        var content = Self.sample()
        content.identifier = nil
        content.date = nil
        content.parentBody = nil
        content.recipients = []
        content.signerName = nil
        // when
        let texts = try Self.runs(content).map(\.text).filter { !$0.isEmpty }
        // then
        #expect(texts.contains("Số ……"))
        #expect(texts.contains("Quảng Trị, ngày … tháng … năm …"))
        #expect(!texts.contains("ĐẢNG BỘ TỈNH QUẢNG TRỊ"))
        #expect(Array(texts.drop { $0 != "Nơi nhận:" }) == ["Nơi nhận:", "- Lưu Văn phòng.", "T/M TỈNH ỦY", "BÍ THƯ"])
    }

    @Test("R-DOC-3: place and date pad days and months 1 and 2", arguments: [1, 2, 3, 12])
    func placeAndDate(month: Int) throws {
        for day in 1...31 {
            guard let date = LocalDate(year: 2024, month: month, day: day) else { continue }
            let dd = day < 10 ? "0\(day)" : "\(day)"
            let mm = month <= 2 ? "0\(month)" : "\(month)"
            #expect(PartyDocumentDOCX.placeAndDate(place: "Quảng Trị", date: date)
                    == "Quảng Trị, ngày \(dd) tháng \(mm) năm 2024")
        }
    }

    @Test("R-DOC-3: place and date, fixed examples")
    func placeAndDateExamples() {
        let cases: [(Int, Int, String)] = [
            (1, 5, "ngày 05 tháng 01"), (2, 12, "ngày 12 tháng 02"), (3, 20, "ngày 20 tháng 3"),
            (12, 31, "ngày 31 tháng 12"), (2, 29, "ngày 29 tháng 02"), (10, 1, "ngày 01 tháng 10"),
        ]
        for (month, day, text) in cases {
            #expect(PartyDocumentDOCX.placeAndDate(place: "Hà Nội", date: LocalDate(year: 2024, month: month, day: day))
                    == "Hà Nội, \(text) năm 2024")
        }
        #expect(PartyDocumentDOCX.placeAndDate(place: "Hà Nội", date: nil) == "Hà Nội, ngày … tháng … năm …")
    }

    @Test("the same content and date give the same bytes")
    func deterministic() throws {
        let first = try PartyDocumentDOCX.data(Self.sample(), modificationDate: Self.modified)
        #expect(try PartyDocumentDOCX.data(Self.sample(), modificationDate: Self.modified) == first)
    }

    // MARK: - Helpers

    /// Every file of the archive, by path.
    static func unzip(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var files: [String: Data] = [:]
        for entry in archive where entry.type == .file {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            files[entry.path] = bytes
        }
        return files
    }

    static func runs(_ content: PartyDocumentContent) throws -> [Scan.Run] {
        let data = try PartyDocumentDOCX.data(content, modificationDate: modified)
        return try Scan.parse(try #require(try unzip(data)["word/document.xml"])).runs
    }

    /// SAX scan of document.xml: the text of each w:t with the formatting of its
    /// run and paragraph, plus the attributes of the last element of each name.
    final class Scan: NSObject, XMLParserDelegate {
        struct Run {
            var text = "", bold = false, italic = false, underline = false, size: Int?, align: String?, firstLine: Int?
        }

        private(set) var runs: [Run] = []
        private(set) var attributes: [String: [String: String]] = [:]
        private var paragraph = Run()
        private var run = Run()
        private var inText = false

        /// - Throws: when `data` is not well-formed XML.
        static func parse(_ data: Data) throws -> Scan {
            let scan = Scan()
            let parser = XMLParser(data: data)
            parser.delegate = scan
            guard parser.parse(), parser.parserError == nil else {
                throw parser.parserError ?? CocoaError(.fileReadCorruptFile)
            }
            return scan
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            self.attributes[name] = attributes
            switch name {
            case "w:p": paragraph = Run()
            case "w:jc": paragraph.align = attributes["w:val"]
            case "w:ind": paragraph.firstLine = attributes["w:firstLine"].flatMap { Int($0) }
            case "w:r": run = paragraph
            case "w:b": run.bold = true
            case "w:i": run.italic = true
            case "w:u": run.underline = attributes["w:val"] != "none"
            case "w:sz": run.size = attributes["w:val"].flatMap { Int($0) }
            case "w:t": inText = true; run.text = ""
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { run.text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "w:t" {
                inText = false
                runs.append(run)
            }
        }
    }
}
