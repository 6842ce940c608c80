import Foundation

/// Ids for the bulk tables of a synthetic country that grow in the order
/// the rows are written (issue 19).
///
/// Random (version 4) ids scatter every insert over the whole primary-key
/// index and every index that carries a unit or member id: at national size
/// (5.6 million members, then as many ratings) each insert read and dirtied
/// a page of an index far larger than SQLite's page cache, and the ratings
/// step ran for more than 26 minutes. These ids are version-8 UUIDs, ordered
/// as bytes (how SQLite compares blobs and PostgreSQL compares `uuid`):
///
///     bytes 0–1  the dataset (the root's ordinal, so an appended dataset never meets the first)
///     byte  2    the table
///     bytes 3–7  a 36-bit running number (version nibble in byte 6)
///     bytes 8–15 the seeded stream (variant bits in byte 8)
///
/// so each table's index only ever grows at its end. They stay deterministic:
/// the same seed writes the same rows in the same order.
struct SyntheticIDs: Sendable {
    enum Table: UInt8, CaseIterable, Sendable {
        case unit = 1, member, position, transfer
    }

    static let maximum: UInt64 = 1 << 36

    let dataset: UInt16
    private var issued = [UInt64](repeating: 0, count: Table.allCases.count + 1)

    init(dataset: Int) {
        self.dataset = UInt16(truncatingIfNeeded: dataset)
    }

    /// The next id of `table`; its tail is drawn from `stream`, two words as
    /// a random id would draw, so the stream (and every choice made from it
    /// afterwards) is the same as before ids became ordered.
    mutating func next(_ table: Table, tail stream: inout SeededRandom) -> UUID {
        let n = issued[Int(table.rawValue)]
        // 68 billion rows of one table: no shape of this generator comes near.
        precondition(n < Self.maximum, "synthetic ids of \(table) exhausted")
        issued[Int(table.rawValue)] = n + 1
        _ = stream.next()
        let b = stream.next()
        var bytes = [UInt8](repeating: 0, count: 16)
        bytes[0] = UInt8(truncatingIfNeeded: dataset >> 8)
        bytes[1] = UInt8(truncatingIfNeeded: dataset)
        bytes[2] = table.rawValue
        bytes[3] = UInt8(truncatingIfNeeded: n >> 28)
        bytes[4] = UInt8(truncatingIfNeeded: n >> 20)
        bytes[5] = UInt8(truncatingIfNeeded: n >> 12)
        bytes[6] = 0x80 | UInt8(truncatingIfNeeded: (n >> 8) & 0x0F)
        bytes[7] = UInt8(truncatingIfNeeded: n)
        for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * UInt64(i))) }
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
