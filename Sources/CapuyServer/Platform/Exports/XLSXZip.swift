import Foundation
import ZIPFoundation

/// Builds a ZIP package entirely in memory (no temporary files to clean up).
final class XLSXZipWriter {
    private let archive: Archive
    private let modificationDate: Date

    /// Big chunks keep the per-call overhead of ZIPFoundation's provider low
    /// for sheets of tens of megabytes.
    private static let chunkSize = 256 * 1024

    init(modificationDate: Date) throws {
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw XLSXError.writeFailed
        }
        self.modificationDate = modificationDate
    }

    /// Builds the package straight into a file (a large export: nothing of
    /// it stays in memory).
    init(file url: URL, modificationDate: Date) throws {
        do {
            archive = try Archive(url: url, accessMode: .create)
        } catch {
            throw XLSXError.writeFailed
        }
        self.modificationDate = modificationDate
    }

    /// Adds a deflated entry read from a file a chunk at a time.
    func add(path: String, contentsOf file: URL) throws {
        do {
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            let size = try handle.seekToEnd()
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(clamping: size),
                modificationDate: modificationDate, compressionMethod: .deflate,
                bufferSize: Self.chunkSize
            ) { position, size in
                try handle.seek(toOffset: UInt64(clamping: position))
                return try handle.read(upToCount: size) ?? Data()
            }
        } catch {
            throw XLSXError.writeFailed
        }
    }

    /// Adds a deflated file entry.
    func add(path: String, bytes: [UInt8]) throws {
        do {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count),
                modificationDate: modificationDate, compressionMethod: .deflate,
                bufferSize: Self.chunkSize
            ) { position, size in
                let start = Int(position)
                let end = min(start + size, bytes.count)
                return bytes.withUnsafeBufferPointer { Data(buffer: UnsafeBufferPointer(rebasing: $0[start..<end])) }
            }
        } catch {
            throw XLSXError.writeFailed
        }
    }

    /// The finished archive bytes.
    func finish() throws -> Data {
        guard let data = archive.data else { throw XLSXError.writeFailed }
        return data
    }
}

/// Read access to the parts of a ZIP package, by path.
///
/// Paths are matched case-insensitively and without a leading "/" because
/// producers differ on both and part names are case-insensitive in OPC.
struct XLSXZipReader {
    private let archive: Archive
    private let entries: [String: Entry]

    /// Upper bound for one decompressed part: uploads are untrusted, and a
    /// small "zip bomb" must not exhaust the server's memory. Real sheets of
    /// 100,000 rows stay far below it.
    static let maxPartSize = 512 * 1024 * 1024

    /// - Throws: `XLSXError.notXLSX` when `data` is not a readable ZIP archive.
    init(data: Data) throws {
        // 22 bytes is the smallest possible ZIP (an empty end-of-directory record).
        guard data.count >= 22 else { throw XLSXError.notXLSX }
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read, pathEncoding: nil)
        } catch {
            throw XLSXError.notXLSX
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entry.type == .file {
            entries[Self.key(entry.path)] = entry
        }
        self.archive = archive
        self.entries = entries
    }

    /// Whether a part exists (without decompressing it).
    func contains(_ path: String) -> Bool {
        entries[Self.key(path)] != nil
    }

    /// The decompressed bytes of a part, or nil when it does not exist.
    func read(_ path: String) throws -> Data? {
        guard let entry = entries[Self.key(path)] else { return nil }
        guard entry.uncompressedSize <= UInt64(Self.maxPartSize) else { throw XLSXError.tooLarge }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, bufferSize: 256 * 1024) { chunk in
                // The size in the header can lie; count what really comes out.
                guard data.count + chunk.count <= Self.maxPartSize else { throw XLSXError.tooLarge }
                data.append(chunk)
            }
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError.notXLSX
        }
        return data
    }

    /// Writes a part, decompressed, to `url` a buffer at a time: a sheet of a
    /// million rows is never whole in memory. False when it does not exist.
    func extract(_ path: String, to url: URL) throws -> Bool {
        guard let entry = entries[Self.key(path)] else { return false }
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let out = FileHandle(forWritingAtPath: url.path) else { throw XLSXError.notXLSX }
        defer { try? out.close() }
        var written = 0
        do {
            _ = try archive.extract(entry, bufferSize: 256 * 1024) { chunk in
                written += chunk.count
                guard written <= Self.maxPartSize else { throw XLSXError.tooLarge }
                try out.write(contentsOf: chunk)
            }
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError.notXLSX
        }
        return true
    }

    private static func key(_ path: String) -> String {
        var path = path
        while path.hasPrefix("/") { path.removeFirst() }
        return path.lowercased()
    }
}
