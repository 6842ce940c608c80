import Foundation

/// Where an import reads its bytes from, a chunk at a time, so that a file of
/// any size is read in bounded memory (issue 16: the national member file is
/// 5.6 million rows).
public protocol ByteSource {
    /// Up to `count` more bytes; an empty array at the end.
    mutating func read(upTo count: Int) throws -> [UInt8]
}

/// A file read through a handle.
public struct FileByteSource: ByteSource {
    private let handle: FileHandle

    public init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    public mutating func read(upTo count: Int) throws -> [UInt8] {
        guard let data = try handle.read(upToCount: count) else { return [] }
        return [UInt8](data)
    }

    public func close() { try? handle.close() }
}

/// Bytes already in memory (a small upload, a test).
public struct DataByteSource: ByteSource {
    private let data: Data
    private var offset: Int

    public init(_ data: Data) {
        self.data = data
        offset = data.startIndex
    }

    public mutating func read(upTo count: Int) throws -> [UInt8] {
        let end = min(offset + max(0, count), data.endIndex)
        defer { offset = end }
        return [UInt8](data[offset..<end])
    }
}

/// UTF-16 text (Excel's "Unicode text", after its byte order mark) read as
/// UTF-8, a chunk at a time. A surrogate pair or byte pair split between two
/// chunks is carried over; an unpaired surrogate is an error, not a "?".
struct UTF16ToUTF8Source: ByteSource {
    var base: any ByteSource
    let bigEndian: Bool
    private var carry: [UInt8] = []

    init(base: any ByteSource, bigEndian: Bool, carry: [UInt8] = []) {
        self.base = base
        self.bigEndian = bigEndian
        self.carry = carry
    }

    mutating func read(upTo count: Int) throws -> [UInt8] {
        var bytes = carry + (try base.read(upTo: max(2, count)))
        carry = []
        if bytes.isEmpty { return [] }
        if bytes.count % 2 == 1 {
            let more = try base.read(upTo: 1)
            guard !more.isEmpty else { throw CSVError.notDecodableText }
            bytes += more
        }
        var units = [UInt16]()
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        // A high surrogate at the end waits for its partner in the next chunk.
        if let last = units.last, (0xD800...0xDBFF).contains(last) {
            let next = try base.read(upTo: 2)
            if next.count == 2 {
                units.append(bigEndian ? UInt16(next[0]) << 8 | UInt16(next[1]) : UInt16(next[1]) << 8 | UInt16(next[0]))
            } else {
                throw CSVError.notDecodableText
            }
        }
        // Every surrogate must be paired: a lone one is refused, not turned into "?".
        var j = 0
        while j < units.count {
            let u = units[j]
            if (0xDC00...0xDFFF).contains(u) { throw CSVError.notDecodableText }
            if (0xD800...0xDBFF).contains(u) {
                guard j + 1 < units.count, (0xDC00...0xDFFF).contains(units[j + 1]) else { throw CSVError.notDecodableText }
                j += 2
            } else {
                j += 1
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(units.count * 2)
        _ = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true) { out.append($0) }
        return out
    }
}
