import CapuyCore
import Fluent
import SQLKit

/// Every schema change, in the one order they run (DESIGN.md, Migrations).
enum CapuyMigrations {
    static let all: [any AsyncMigration] = [
        CreateAuditChain(),
        CreateOrganizations(),
        CreateOrganizationSuccessors(),
        CreateMembers(),
        CreatePositions(),
        CreateTransfers(),
        CreateUsers(),
        CreateGrants(),
        CreateSessions(),
        CreateLoginThrottles(),
        CreateTerms(),
        CreateDocumentTypes(),
        CreateDocuments(),
        CreateTasks(),
        CreateTaskTallies(),
        CreateCases(),
        CreateReception(),
        CreateJobRuns(),
        CreateRollups(),
        CreateMemberListIndex(),
        CreateReviews(),
        CreateInspectionWork(),
        CreateCommitments(),
        CreatePledges(),
        CreateMeetings(),
        CreateSurveys(),
        AddNoticeCaseLink(),
        AddHolidayKind(),
        AddCaseSignatureIndex(),
        CreatePortalSubmissionKeys(),
        AddSuccessorPosition(),
        CreateReorganizationPlans(),
        AddSubtreePathIndexes(),
        CreateMemberSortIndex(),
        CreateMemberSearchIndex(),
        CreateMemberSearchVocabulary(),
        AddCaseListIndexes(),
        AddTodayIndexes(),
        // The unit's own place name (issue 18); empty until a unit sets one.
        AddOptionalColumn(name: "CapuyServer.AddOrganizationPlaceName", schema: Organization.schema, column: "place_name", type: .string),
        // Each notice's English wording (issue 17); older notices have none and show the Vietnamese.
        AddOptionalColumn(name: "CapuyServer.AddNoticeMessageEn", schema: Notice.schema, column: "message_en", type: .string),
        AddReportIndexes(),
    ]
}

/// Issue 15: moving a unit rewrites every stored path of its subtree; these
/// columns had no index that a path range could use (the review and survey
/// indexes lead with the round), so each move scanned them whole: 280,000
/// rating rows for each of a province's 2,600 moves.
struct AddSubtreePathIndexes: AsyncMigration {
    static let columns: [(String, String)] = [
        (MemberReview.schema, "organization_path"), (UnitReview.schema, "organization_path"), (Position.schema, "organization_path"),
        (Term.schema, "organization_path"), (WorkProgram.schema, "organization_path"), (Pledge.schema, "organization_path"),
        (InspectionProgram.schema, "organization_path"), (DisciplineAppeal.schema, "handling_path"), (MeetingTask.schema, "organization_path"),
        (FollowAssignment.schema, "assigned_by_path"), (CitizenCase.schema, "subject_path"), (CitizenCase.schema, "shielded_path"),
        (Dialogue.schema, "organization_path"), (SurveyCells.schema, "organization_path"), (SurveyObserver.schema, "organization_path"),
        (SurveyEvaluation.schema, "organization_path"),
    ]

    static func name(_ table: String, _ column: String) -> String { "\(table)_\(column)_subtree" }

    func prepare(on db: any Database) async throws {
        for (table, column) in Self.columns {
            try await db.sql.create(index: Self.name(table, column)).on(table).column(column).run()
        }
    }

    func revert(on db: any Database) async throws {
        for (table, column) in Self.columns { try await db.sql.drop(index: Self.name(table, column)).run() }
    }
}

/// Issue 15: successors keep the order they were named in (the first takes
/// the members); links made before keep position 0. A unit's predecessors
/// are read by successor on every unit page, so that column gets an index.
struct AddSuccessorPosition: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(OrganizationSuccessor.schema).field("position", .int, .required, .sql(.default(0))).update()
        try await db.sql.create(index: "organization_successors_successor").on(OrganizationSuccessor.schema).column("successor_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "organization_successors_successor").run()
        try await db.schema(OrganizationSuccessor.schema).deleteField("position").update()
    }
}

/// Issue 14, item 6: the exact repeat of an open case is found however old,
/// and the unit's most recent cases of any kind are read in index order
/// (the duplicate check runs inside intake's write transaction now).
struct AddCaseSignatureIndex: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.create(index: "cases_signature").on(CitizenCase.schema).column("subject_org_id").column("text_signature").run()
        try await db.sql.create(index: "cases_subject_recent").on(CitizenCase.schema).column("subject_org_id").column("received_on").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "cases_subject_recent").run()
        try await db.sql.drop(index: "cases_signature").run()
    }
}

/// Issue 14, item 6: the calendar keeps days worked in exchange as well as
/// days off; the rows written before are days off.
struct AddHolidayKind: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Holiday.schema).field("kind", .string, .required, .sql(.default("off"))).update()
        // Databases made before kept the fixed-date days of 2024–2035 as rows;
        // they are computed now, and as rows they would read as decisions.
        let seeded = (2024...2035).flatMap { WorkingCalendar.fixedHolidays(year: $0).map(\.iso) }
        try await db.sql.delete(from: Holiday.schema).where("day", .in, seeded)
            .where("name", .in, ["Tết Dương lịch", "Ngày Giải phóng miền Nam", "Ngày Quốc tế Lao động", "Quốc khánh (ngày liền kề)", "Quốc khánh"])
            .run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Holiday.schema).deleteField("kind").update()
    }
}

/// A nullable column added to an existing table: nothing to backfill, so
/// the migration is the column alone. `name` is what the migrations table
/// records, fixed here so that renaming code never reruns it.
struct AddOptionalColumn: AsyncMigration {
    let name: String
    let schema: String
    let column: String
    let type: DatabaseSchema.DataType

    func prepare(on db: any Database) async throws {
        try await db.schema(schema).field(FieldKey(stringLiteral: column), type).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(schema).deleteField(FieldKey(stringLiteral: column)).update()
    }
}

/// Issue 14, item 5: a case's notice links to the case.
struct AddNoticeCaseLink: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Notice.schema).field("case_id", .uuid).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Notice.schema).deleteField("case_id").update()
    }
}

extension Database {
    /// Paths and sort keys are compared byte-wise (subtree = range scan). On
    /// PostgreSQL that needs the C collation; SQLite's TEXT is binary already.
    var byteOrderedText: DatabaseSchema.DataType {
        isSQLite ? .string : .custom("TEXT COLLATE \"C\"")
    }
}

struct CreateAuditChain: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AuditEvent.schema)
            .id()
            .field("seq", .int64, .required)
            .field("at_ms", .int64, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .uuid, .required)
            .field("organization_path", db.byteOrderedText, .required)
            .field("before", .string)
            .field("after", .string)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq")
            .create()
        try await db.sql.create(index: "audit_events_entity").on(AuditEvent.schema).column("entity_id").run()
        try await db.sql.create(index: "audit_events_path").on(AuditEvent.schema).column("organization_path").run()
        try await db.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        try await db.sql.insert(into: "audit_head").columns("id", "seq", "last_hash")
            .values(SQLBind(1), SQLBind(0), SQLBind(AuditHash.genesis)).run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("audit_head").delete()
        try await db.schema(AuditEvent.schema).delete()
    }
}

struct CreateOrganizations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Organization.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_folded", .string, .required)
            .field("kind", .string, .required)
            .field("sector", .string, .required)
            .field("opened_on", .string)
            .field("closed_on", .string)
            .field("closure_note", .string)
            .field("parent_id", .uuid, .references(Organization.schema, "id"))
            .field("path", db.byteOrderedText, .required)
            .field("depth", .int, .required)
            .field("child_seq", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .unique(on: "path")
            .create()
        try await db.sql.create(index: "organizations_parent").on(Organization.schema).column("parent_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Organization.schema).delete()
    }
}

struct CreateOrganizationSuccessors: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(OrganizationSuccessor.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("successor_id", .uuid, .required, .references(Organization.schema, "id"))
            .unique(on: "organization_id", "successor_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(OrganizationSuccessor.schema).delete()
    }
}

struct CreateMembers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Member.schema)
            .id()
            .field("party_card_number", .string)
            .field("full_name", .string, .required)
            .field("name_folded", .string, .required)
            .field("sort_key", db.byteOrderedText, .required)
            .field("birth_date", .string, .required)
            .field("gender", .string, .required)
            .field("ethnicity", .string, .required)
            .field("admission_date", .string, .required)
            .field("official_date", .string)
            .field("status", .string, .required)
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", db.byteOrderedText, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "party_card_number")
            .create()
        // The list page reads a subtree in Vietnamese order: one index serves both.
        try await db.sql.create(index: "members_path_sort").on(Member.schema)
            .column("organization_path").column("sort_key").run()
        try await db.sql.create(index: "members_org").on(Member.schema).column("organization_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Member.schema).delete()
    }
}

struct CreatePositions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Position.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id"))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", db.byteOrderedText, .required)
            .field("title", .string, .required)
            .field("detail", .string)
            .field("term", .string)
            .field("start_on", .string, .required)
            .field("end_on", .string)
            .create()
        try await db.sql.create(index: "positions_member").on(Position.schema).column("member_id").run()
        try await db.sql.create(index: "positions_org").on(Position.schema).column("organization_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Position.schema).delete()
    }
}

struct CreateTransfers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Transfer.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id"))
            .field("from_organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("to_organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("transferred_on", .string, .required)
            .field("reason", .string)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "transfers_member").on(Transfer.schema).column("member_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Transfer.schema).delete()
    }
}

struct CreateUsers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(User.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(User.schema).delete()
    }
}

struct CreateGrants: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Grant.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", db.byteOrderedText, .required)
            .field("role", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "organization_id", "role")
            .create()
        try await db.sql.create(index: "grants_path").on(Grant.schema).column("organization_path").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Grant.schema).delete()
    }
}

struct CreateSessions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("kind", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(UserSession.schema).delete()
    }
}

struct CreateLoginThrottles: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(LoginThrottle.schema)
            .id()
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("window_start", .datetime, .required)
            .field("locked_until", .datetime)
            .unique(on: "key")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(LoginThrottle.schema).delete()
    }
}
