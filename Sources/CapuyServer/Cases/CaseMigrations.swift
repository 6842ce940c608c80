import CapuyCore
import Fluent
import SQLKit

struct CreateCases: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let text = db.byteOrderedText
        try await db.schema(CitizenCase.schema)
            .id()
            .field("receipt_hash", .string, .required)
            .field("filed_kind", .string, .required)
            .field("kind", .string, .required)
            .field("track", .string, .required)
            .field("channel", .string, .required)
            .field("channel_detail", .string, .required)
            .field("topic", .string, .required)
            .field("state", .string, .required)
            .field("complex", .bool, .required)
            .field("remote", .bool, .required)
            .field("title", .string, .required)
            .field("content", .string, .required)
            .field("subject_org_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("subject_path", text, .required)
            .field("subject_person", .string)
            .field("subject_member_id", .uuid, .references(Member.schema, "id"))
            .field("subject_is_leader", .bool, .required)
            .field("shielded_path", text, .required)
            .field("handling_org_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("handling_path", text, .required)
            .field("has_identity", .bool, .required)
            .field("identity_sealed", .string)
            .field("identity_fingerprint", .string)
            .field("received_on", .string, .required)
            .field("accepted_on", .string)
            .field("due_on", .string)
            .field("extensions", .int, .required)
            .field("finished_on", .string)
            .field("closed_on", .string)
            .field("reminded_on", .string)
            .field("escalated_on", .string)
            .field("duplicate_of_id", .uuid, .references(CitizenCase.schema, "id"))
            .field("reception_session_id", .uuid)
            .field("inspection_id", .uuid)
            .field("conclusion", .string)
            .field("published_from", .string)
            .field("published_until", .string)
            .field("search_folded", .string, .required)
            .field("text_signature", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "receipt_hash")
            .create()
        // The handling unit's list reads one range; duplicates look at the subject's open cases.
        try await db.sql.create(index: "cases_handling").on(CitizenCase.schema).column("handling_path").column("received_on").run()
        try await db.sql.create(index: "cases_subject").on(CitizenCase.schema).column("subject_org_id").column("filed_kind")
            .column("received_on").run()
        try await db.sql.create(index: "cases_due").on(CitizenCase.schema).column("state").column("due_on").run()
        try await db.sql.create(index: "cases_published").on(CitizenCase.schema).column("published_until").run()

        try await db.schema(CaseEvent.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CitizenCase.schema, "id"))
            .field("at", .datetime, .required)
            .field("action", .string, .required)
            .field("note", .string, .required)
            .field("public", .bool, .required)
            .field("actor_name", .string, .required)
            .create()
        try await db.sql.create(index: "case_events_case").on(CaseEvent.schema).column("case_id").column("at").run()

        try await db.schema(CaseHandler.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CitizenCase.schema, "id"))
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("created_at", .datetime)
            .unique(on: "case_id", "user_id")
            .create()

        try await db.schema(CaseExclusion.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CitizenCase.schema, "id"))
            .field("member_id", .uuid, .required)
            .unique(on: "case_id", "member_id")
            .create()
        try await db.sql.create(index: "case_exclusions_member").on(CaseExclusion.schema).column("member_id").run()

        try await db.schema(CaseAttachment.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CitizenCase.schema, "id"))
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "case_attachments_case").on(CaseAttachment.schema).column("case_id").run()

        try await db.schema(Holiday.schema)
            .id()
            .field("day", .string, .required)
            .field("name", .string, .required)
            .unique(on: "day")
            .create()
        // The statutory holidays are computed (StatutoryHolidays); this table
        // keeps only the government's yearly decisions (issue 14, item 6).

        try await db.schema(Inspection.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", text, .required)
            .field("case_id", .uuid, .references(CitizenCase.schema, "id"))
            .field("title", .string, .required)
            .field("opened_on", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .create()

        // A user may be a member: then the cases that exclude that member are hidden from the user.
        try await db.schema(User.schema).field("member_id", .uuid).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(User.schema).deleteField("member_id").update()
        for schema in [Inspection.schema, Holiday.schema, CaseAttachment.schema, CaseExclusion.schema, CaseHandler.schema,
                       CaseEvent.schema, CitizenCase.schema] {
            try await db.schema(schema).delete()
        }
    }
}

struct CreateReception: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ReceptionSession.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", db.byteOrderedText, .required)
            .field("held_on", .string, .required)
            .field("host_name", .string, .required)
            .field("host_title", .string, .required)
            .field("place", .string, .required)
            .field("extra", .bool, .required)
            .field("notes", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "reception_sessions_org").on(ReceptionSession.schema).column("organization_path").column("held_on").run()

        try await db.schema(Dialogue.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", db.byteOrderedText, .required)
            .field("held_on", .string, .required)
            .field("topic", .string, .required)
            .field("participants", .string, .required)
            .field("minutes", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await db.schema(DialogueFollowUp.schema)
            .id()
            .field("dialogue_id", .uuid, .required, .references(Dialogue.schema, "id"))
            .field("text", .string, .required)
            .field("due_on", .string, .required)
            .field("done_on", .string)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DialogueFollowUp.schema).delete()
        try await db.schema(Dialogue.schema).delete()
        try await db.schema(ReceptionSession.schema).delete()
    }
}

/// Issue 16, item 8: the case list at the national root counted and sorted
/// every case, reading each row (62 pages a second). The scope index covers
/// the visibility check, so a count reads the index alone; the date index
/// lets a large list walk newest first and stop after a page.
struct AddCaseListIndexes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.create(index: "cases_scope").on(CitizenCase.schema).column("handling_path").column("shielded_path").run()
        try await db.sql.create(index: "cases_recent").on(CitizenCase.schema).column("received_on").column("created_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "cases_recent").run()
        try await db.sql.drop(index: "cases_scope").run()
    }
}
