import Fluent
import SQLKit

struct CreateReviews: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let path = db.byteOrderedText
        try await db.schema(ReviewRound.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("year", .int, .required)
            .field("period", .string, .required)
            .field("title", .string, .required)
            .field("self_from", .string, .required)
            .field("self_to", .string, .required)
            .field("unit_review_by", .string, .required)
            .field("decision_by", .string, .required)
            .field("status", .string, .required)
            .field("policy", .string, .required)
            .field("closed_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "organization_id", "year", "period")
            .create()
        try await db.sql.create(index: "review_rounds_path").on(ReviewRound.schema).column("organization_path").run()

        try await db.schema(MemberReview.schema)
            .id()
            .field("round_id", .uuid, .required, .references(ReviewRound.schema, "id"))
            .field("member_id", .uuid, .required, .references(Member.schema, "id"))
            .field("year", .int, .required)
            .field("period", .string, .required)
            .field("organization_id", .uuid, .required)
            .field("organization_path", path, .required)
            .field("grassroots_id", .uuid, .required)
            .field("form", .string, .required)
            .field("stage", .string, .required)
            .field("self_scores", .string, .required)
            .field("self_total", .double, .required)
            .field("self_level", .string, .required)
            .field("self_note", .string, .required)
            .field("tasks", .int, .required)
            .field("tasks_on_time", .int, .required)
            .field("tasks_beyond", .int, .required)
            .field("self_at_ms", .int64, .required)
            .field("unit_total", .double)
            .field("unit_level", .string)
            .field("unit_discussion", .string)
            .field("votes_present", .int)
            .field("votes_agree", .int)
            .field("unit_by", .string)
            .field("unit_at_ms", .int64)
            .decisionFields()
            // A member is reviewed once per period, whichever round covers her.
            .unique(on: "member_id", "year", "period")
            .create()
        // R-EVAL-5's quota counts one grassroots organization's levels in one round.
        try await db.sql.create(index: "member_reviews_quota").on(MemberReview.schema)
            .column("round_id").column("grassroots_id").column("decided_level").run()
        try await db.sql.create(index: "member_reviews_path").on(MemberReview.schema)
            .column("round_id").column("organization_path").run()

        try await db.schema(UnitReview.schema)
            .id()
            .field("round_id", .uuid, .required, .references(ReviewRound.schema, "id"))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("year", .int, .required)
            .field("period", .string, .required)
            .field("stage", .string, .required)
            .field("self_scores", .string, .required)
            .field("self_total", .double, .required)
            .field("self_level", .string, .required)
            .field("self_note", .string, .required)
            .field("tasks_beyond", .int, .required)
            .field("self_by", .string, .required)
            .field("self_at_ms", .int64, .required)
            .decisionFields()
            .unique(on: "organization_id", "year", "period")
            .create()
        try await db.sql.create(index: "unit_reviews_path").on(UnitReview.schema)
            .column("round_id").column("organization_path").run()

        try await db.schema(DisciplineRecord.schema)
            .id()
            .field("subject", .string, .required)
            .field("member_id", .uuid, .references(Member.schema, "id"))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("form", .string, .required)
            .field("decided_on", .string, .required)
            .field("decided_by", .string, .required)
            .field("reason", .string, .required)
            .field("self_remedied", .bool, .required)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "discipline_records_member").on(DisciplineRecord.schema).column("member_id").column("decided_on").run()
        try await db.sql.create(index: "discipline_records_path").on(DisciplineRecord.schema).column("organization_path").column("decided_on").run()

        var rollups = db.schema(RatingRollups.schema)
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("year", .int, .required)
            .field("period", .string, .required)
        for column in RatingRollups.countColumns {
            rollups = rollups.field(.definition(name: .key(.init(stringLiteral: column)), dataType: .int64, constraints: [.required]))
        }
        try await rollups.unique(on: "organization_id", "year", "period").create()
    }

    func revert(on db: any Database) async throws {
        for schema in [RatingRollups.schema, DisciplineRecord.schema, UnitReview.schema, MemberReview.schema, ReviewRound.schema] {
            try await db.schema(schema).delete()
        }
    }
}

extension SchemaBuilder {
    /// The decision's columns, the same on a member's and a unit's review.
    func decisionFields() -> SchemaBuilder {
        field("decided_level", .string)
            .field("decided_by_organization_id", .uuid)
            .field("decision_note", .string)
            .field("bars", .string)
            .field("decided_by", .string)
            .field("decided_at_ms", .int64)
    }
}
