import Fluent
import SQLKit

struct CreateCommitments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let text = db.byteOrderedText
        try await db.schema(Commitment.schema)
            .id()
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("signed_on", .string, .required)
            .field("status", .string, .required)
            .field("overall_percent", .double)
            .field("assessed_on", .string)
            .field("assessed_at", .datetime)
            .field("assessed_by", .string)
            .field("assessment_note", .string)
            .field("reopen_reason", .string)
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", text, .required)
            .field("superior_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("superior_path", text, .required)
            .field("head_member_id", .uuid, .references(Member.schema, "id"))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "organization_id", "superior_id", "year")
            .create()
        // Lists read a year within a subtree, from either side of the commitment.
        try await db.sql.create(index: "commitments_org").on(Commitment.schema).column("organization_path").column("year").run()
        try await db.sql.create(index: "commitments_superior").on(Commitment.schema).column("superior_path").column("year").run()

        try await db.schema(CommitmentIndicator.schema)
            .id()
            .field("commitment_id", .uuid, .required, .references(Commitment.schema, "id"))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("unit", .string, .required)
            .field("target", .double, .required)
            .field("direction", .string, .required)
            .field("due_on", .string, .required)
            .field("assessed_value", .double)
            .field("percent", .double)
            .create()
        try await db.sql.create(index: "commitment_indicators_commitment").on(CommitmentIndicator.schema)
            .column("commitment_id").column("position").run()

        try await db.schema(CommitmentProgress.schema)
            .id()
            .field("commitment_id", .uuid, .required, .references(Commitment.schema, "id"))
            .field("indicator_id", .uuid, .required, .references(CommitmentIndicator.schema, "id"))
            .field("seq", .int, .required)
            .field("reported_on", .string, .required)
            .field("value", .double, .required)
            .field("note", .string, .required)
            .field("reported_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "commitment_id", "seq")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(CommitmentProgress.schema).delete()
        try await db.schema(CommitmentIndicator.schema).delete()
        try await db.schema(Commitment.schema).delete()
    }
}

struct CreatePledges: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Pledge.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id"))
            .field("year", .int, .required)
            .field("pledge_text", .string, .required)
            .field("reviewed", .bool, .required)
            .field("self_review", .string)
            .field("reviewed_on", .string)
            .field("reviewed_by", .string)
            .field("organization_path", db.byteOrderedText, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "member_id", "year")
            .create()

        try await db.schema(PledgeItem.schema)
            .id()
            .field("pledge_id", .uuid, .required, .references(Pledge.schema, "id"))
            .field("position", .int, .required)
            .field("text", .string, .required)
            .field("due_on", .string, .required)
            .field("done_on", .string)
            .field("result", .string)
            .create()
        try await db.sql.create(index: "pledge_items_pledge").on(PledgeItem.schema).column("pledge_id").run()

        try await db.schema(PledgeChecklistItem.schema)
            .id()
            .field("pledge_id", .uuid, .required, .references(Pledge.schema, "id"))
            .field("position", .int, .required)
            .field("text", .string, .required)
            .field("kept", .bool)
            .create()
        try await db.sql.create(index: "pledge_checklist_pledge").on(PledgeChecklistItem.schema).column("pledge_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PledgeChecklistItem.schema).delete()
        try await db.schema(PledgeItem.schema).delete()
        try await db.schema(Pledge.schema).delete()
    }
}
