import Foundation

/// One action of a reorganization plan (issue 15): a row of the CSV or XLSX
/// an organization board fills in, or an element of the API's JSON plan.
public enum PlanAction: String, CaseIterable, Sendable, Codable {
    case create, move, merge, split, rename, dissolve

    /// The words a board writes in the "Thao tác" column, folded; the
    /// English names are accepted too.
    static let aliases: [String: PlanAction] = [
        "thanh lap": .create, "tao": .create, "tao moi": .create,
        "chuyen": .move, "dieu chuyen": .move,
        "sap nhap": .merge, "hop nhat": .merge,
        "chia tach": .split, "tach": .split,
        "doi ten": .rename,
        "giai the": .dissolve,
    ]

    public init?(loose raw: String) {
        let folded = VietnameseText.fold(raw)
        if let exact = PlanAction(rawValue: folded) { self = exact; return }
        guard let alias = Self.aliases[folded] else { return nil }
        self = alias
    }

    public var label: String {
        switch self {
        case .create: "Thành lập"
        case .move: "Chuyển"
        case .merge: "Sáp nhập"
        case .split: "Chia tách"
        case .rename: "Đổi tên"
        case .dissolve: "Giải thể"
        }
    }
}

/// The columns of a plan file, in the order the template lists them.
public enum PlanColumn: String, CaseIterable, Sendable, Codable {
    case action, unit, code, name, kind, sector, parent, successor, cells, members, note

    /// The heading in the file; the JSON field is the raw value.
    public var title: String {
        switch self {
        case .action: "Thao tác"
        case .unit: "Đơn vị"
        case .code: "Mã mới"
        case .name: "Tên"
        case .kind: "Loại"
        case .sector: "Loại hình"
        case .parent: "Cấp trên"
        case .successor: "Kế thừa"
        case .cells: "Chi bộ chuyển"
        case .members: "Đảng viên chuyển"
        case .note: "Ghi chú"
        }
    }

    /// Finds each column in a header by its Vietnamese title or its English
    /// name, ignoring case, accents and spacing.
    public static func locate(in header: [String]) -> [PlanColumn: Int] {
        var found: [PlanColumn: Int] = [:]
        for (index, cell) in header.enumerated() {
            let folded = VietnameseText.fold(cell)
            if let column = allCases.first(where: { VietnameseText.fold($0.title) == folded || $0.rawValue.lowercased() == folded }),
               found[column] == nil {
                found[column] = index
            }
        }
        return found
    }
}

/// A problem of one row, told as an office reads it: the row (the file's line,
/// or the JSON element counted from 1), the column and the reason.
public struct PlanIssue: Sendable, Hashable, Codable {
    public var row: Int
    public var column: String
    public var message: String
    public var messageEn: String

    public init(row: Int, column: PlanColumn?, _ message: String, en: String) {
        self.row = row
        self.column = column?.title ?? ""
        self.message = message
        self.messageEn = en
    }
}

/// One action as written, trimmed; references are codes, paths or ids, and
/// lists are separated by semicolons or new lines.
public struct PlanRow: Sendable, Hashable, Codable {
    public var line: Int
    public var action: PlanAction
    public var unit: String
    public var code: String
    public var name: String
    public var kind: String
    public var sector: String
    public var parent: String
    public var successor: String
    public var cells: [String]
    public var members: [String]
    public var note: String

    public init(line: Int, action: PlanAction, unit: String = "", code: String = "", name: String = "", kind: String = "",
                sector: String = "", parent: String = "", successor: String = "", cells: [String] = [], members: [String] = [],
                note: String = "") {
        self.line = line
        self.action = action
        self.unit = unit
        self.code = code
        self.name = name
        self.kind = kind
        self.sector = sector
        self.parent = parent
        self.successor = successor
        self.cells = cells
        self.members = members
        self.note = note
    }

    /// Splits a list cell: "A; B" or one per line.
    public static func list(_ raw: String) -> [String] {
        raw.split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
