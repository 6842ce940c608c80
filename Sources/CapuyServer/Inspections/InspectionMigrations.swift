import Fluent
import SQLKit

/// Programmes, the inspection's own columns (the table came with cases),
/// steps, discipline decisions and appeals.
struct CreateInspectionWork: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let path = db.byteOrderedText
        try await db.schema(InspectionProgram.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("period", .string, .required)
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("items", .string, .required)
            .field("created_at", .datetime)
            .create()
        // One ALTER per column: SQLite adds a single column at a time.
        for (name, type) in [("kind", DatabaseSchema.DataType.string), ("program_id", .uuid), ("subject_member_id", .uuid),
                             ("subject_organization_id", .uuid), ("team", .string), ("ends_on", .string), ("findings", .string),
                             ("conclusion", .string), ("concluded_on", .string)] {
            try await db.schema(Inspection.schema).field(.definition(name: .key(.init(stringLiteral: name)), dataType: type, constraints: [])).update()
        }
        try await db.sql.create(index: "inspections_path").on(Inspection.schema).column("organization_path").run()
        try await db.schema(InspectionStep.schema)
            .id()
            .field("inspection_id", .uuid, .required, .references(Inspection.schema, "id"))
            .field("done_on", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await db.schema(DisciplineDecision.schema)
            .id()
            .field("inspection_id", .uuid)
            .field("subject", .string, .required)
            .field("member_id", .uuid, .references(Member.schema, "id"))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("form", .string, .required)
            .field("offence_on", .string, .required)
            .field("reason", .string, .required)
            .field("self_remedied", .bool, .required)
            .field("status", .string, .required)
            .field("decided_on", .string)
            .field("deciding_organization_id", .uuid)
            .field("votes_for", .int)
            .field("full_members", .int)
            .field("grassroots_agreed", .bool)
            .field("ratified_by_organization_id", .uuid)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "discipline_decisions_path").on(DisciplineDecision.schema).column("organization_path").run()
        try await db.schema(DisciplineAppeal.schema)
            .id()
            .field("decision_id", .uuid, .required, .references(DisciplineDecision.schema, "id"))
            .field("level", .int, .required)
            .field("filed_on", .string, .required)
            .field("text", .string, .required)
            .field("handling_organization_id", .uuid, .required)
            .field("handling_path", path, .required)
            .field("status", .string, .required)
            .field("result_note", .string)
            .field("result_on", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [DisciplineAppeal.schema, DisciplineDecision.schema, InspectionStep.schema, InspectionProgram.schema] {
            try await db.schema(schema).delete()
        }
    }
}
