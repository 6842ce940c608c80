@testable import CapuyServer
import Foundation
import Testing

// DESIGN.md, Configuration: a bad value stops start-up with one clear sentence naming the variable.
@Suite("Settings from the environment")
struct SettingsTests {
    @Test("Defaults: SQLite file in the working directory, port 8080")
    func defaults() throws {
        let s = try Settings.fromEnvironment([:])
        #expect(s.database == .sqlite(path: "capuy.sqlite"))
        #expect(s.port == 8080)
        #expect(s.bcryptCost == 12)
    }

    @Test("Secure cookies and proxy trust are off unless turned on")
    func flags() throws {
        let off = try Settings.fromEnvironment([:])
        #expect(!off.secureCookies && !off.trustProxy)
        let on = try Settings.fromEnvironment(["CAPUY_SECURE_COOKIES": "true", "CAPUY_TRUST_PROXY": "1"])
        #expect(on.secureCookies && on.trustProxy)
    }

    @Test("A PostgreSQL address selects PostgreSQL")
    func postgres() throws {
        let s = try Settings.fromEnvironment(["CAPUY_DATABASE_URL": "postgres://capuy:pw@127.0.0.1:5432/capuy"])
        #expect(s.database == .postgres(url: "postgres://capuy:pw@127.0.0.1:5432/capuy"))
    }

    @Test("Bad values name their variable", arguments: [
        ("CAPUY_DATABASE_URL", "mysql://x"), ("CAPUY_DATABASE_URL", "sqlite://"), ("CAPUY_DATABASE_URL", "postgres://host-only"),
        ("CAPUY_PORT", "80a"), ("CAPUY_PORT", "70000"), ("CAPUY_DATA_KEY_FILE", " "), ("CAPUY_BCRYPT_COST", "2"),
        ("CAPUY_SECURE_COOKIES", "maybe"), ("CAPUY_TRUST_PROXY", "2"), ("CAPUY_DB_POOL", "0"),
    ])
    func refuses(_ name: String, _ value: String) {
        do {
            _ = try Settings.fromEnvironment([name: value])
            Issue.record("\(name)=\(value) was accepted")
        } catch let e as Settings.Invalid {
            #expect(e.description.contains(name))
            #expect(!e.description.contains("\n"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

// DESIGN.md, Secrets: the data key is 32 bytes in a file created 0600 on first run.
@Suite("Data key")
struct DataKeyTests {
    @Test("Created with mode 0600, reused on the next start, seals and opens")
    func lifecycle() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try DataKey.loadOrCreate(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attributes[.size] as? NSNumber)?.intValue == 32)
        let sealed = try first.seal("Nguyễn Thị Tố Cáo, 12 Lê Lợi")
        #expect(!sealed.contains("Nguyễn"))
        let second = try DataKey.loadOrCreate(path: path)
        #expect(try second.open(sealed) == "Nguyễn Thị Tố Cáo, 12 Lê Lợi")
    }

    @Test("A key file of the wrong size is refused with a sentence naming the variable")
    func wrongSize() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 1, count: 10)))
        #expect(throws: DataKey.Failure.self) { try DataKey.loadOrCreate(path: path) }
    }
}
