import CapuyCore
import Fluent
import SQLKit

struct CreateTerms: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Term.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", db.byteOrderedText, .required)
            .field("name", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .create()
        try await db.sql.create(index: "terms_org").on(Term.schema).column("organization_id").column("starts_on").run()
    }

    func revert(on db: any Database) async throws { try await db.schema(Term.schema).delete() }
}

/// The type table starts with today's abbreviations (R-DOC-2); offices may
/// change them, the code never hard-codes one.
struct CreateDocumentTypes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(DocumentType.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("abbreviation", .string, .required)
            .field("sort_order", .int, .required)
            .unique(on: "code")
            .create()
        for (i, t) in DocumentTypeCatalog.defaults.enumerated() {
            let row = DocumentType()
            row.code = t.code
            row.name = t.name
            row.nameEn = t.nameEn
            row.abbreviation = t.abbreviation
            row.sortOrder = i + 1
            try await row.create(on: db)
        }
    }

    func revert(on db: any Database) async throws { try await db.schema(DocumentType.schema).delete() }
}

struct CreateDocuments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PartyDocument.schema)
            .id()
            .field("type_code", .string, .required)
            .field("status", .string, .required)
            .field("issuer_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("issuer_path", db.byteOrderedText, .required)
            .field("term_id", .uuid, .references(Term.schema, "id"))
            .field("number", .int)
            .field("type_abbreviation", .string)
            .field("issuer_abbreviation", .string)
            .field("identifier", .string)
            .field("issued_on", .string)
            .field("year", .int)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("content", .string, .required)
            .field("place", .string, .required)
            .field("signer_name", .string, .required)
            .field("signer_title", .string, .required)
            .field("recipients_text", .string, .required)
            .field("implements_id", .uuid, .references(PartyDocument.schema, "id"))
            .field("search_folded", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // The last guard of R-DOC-1: one number per issuer, term and series.
            .unique(on: "issuer_id", "term_id", "type_abbreviation", "number")
            .create()
        try await db.sql.create(index: "documents_issuer").on(PartyDocument.schema).column("issuer_path").column("issued_on").run()
        try await db.sql.create(index: "documents_implements").on(PartyDocument.schema).column("implements_id").run()

        try await db.schema(DocumentRecipient.schema)
            .id()
            .field("document_id", .uuid, .required, .references(PartyDocument.schema, "id"))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", db.byteOrderedText, .required)
            .field("includes_subtree", .bool, .required)
            .unique(on: "document_id", "organization_id")
            .create()
        try await db.sql.create(index: "document_recipients_path").on(DocumentRecipient.schema)
            .column("organization_path").column("document_id").run()

        try await db.schema(DocumentAttachment.schema)
            .id()
            .field("document_id", .uuid, .required, .references(PartyDocument.schema, "id"))
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "document_attachments_doc").on(DocumentAttachment.schema).column("document_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DocumentAttachment.schema).delete()
        try await db.schema(DocumentRecipient.schema).delete()
        try await db.schema(PartyDocument.schema).delete()
    }
}

struct CreateTasks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(WorkProgram.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", db.byteOrderedText, .required)
            .field("term_id", .uuid, .required, .references(Term.schema, "id"))
            .field("year", .int)
            .field("title", .string, .required)
            .field("theme", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "work_programs_org").on(WorkProgram.schema).column("organization_id").run()

        try await db.schema(PartyTask.schema)
            .id()
            .field("document_id", .uuid, .references(PartyDocument.schema, "id"))
            .field("program_id", .uuid, .references(WorkProgram.schema, "id"))
            .field("issuer_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("issuer_path", db.byteOrderedText, .required)
            .field("category", .string, .required)
            .field("title", .string, .required)
            .field("deadline", .string, .required)
            .field("deliverable", .string, .required)
            .field("assignee_count", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "tasks_document").on(PartyTask.schema).column("document_id").run()
        try await db.sql.create(index: "tasks_program").on(PartyTask.schema).column("program_id").run()

        try await db.schema(TaskAssignment.schema)
            .id()
            .field("task_id", .uuid, .required, .references(PartyTask.schema, "id"))
            .field("document_id", .uuid)
            .field("program_id", .uuid)
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", db.byteOrderedText, .required)
            .field("deadline", .string, .required)
            .field("percent", .int, .required)
            .field("acknowledged_at", .datetime)
            .field("completed_on", .string)
            .field("note", .string)
            .field("deliverable_document_id", .uuid)
            .field("deliverable_link", .string)
            .field("reminded_on", .string)
            .field("escalated_on", .string)
            .unique(on: "task_id", "organization_id")
            .create()
        // A document's roll-up and drill-down read one range of this index,
        // and never the table: it also holds what the standing is made of.
        try await db.sql.create(index: "task_assignments_doc_path").on(TaskAssignment.schema)
            .column("document_id").column("organization_path").column("completed_on").column("deadline").column("percent").run()
        try await db.sql.create(index: "task_assignments_program").on(TaskAssignment.schema).column("program_id").run()
        // A unit's inbox, and the reminder job's scan of open tasks by deadline.
        try await db.sql.create(index: "task_assignments_path").on(TaskAssignment.schema)
            .column("organization_path").column("deadline").run()
        try await db.sql.create(index: "task_assignments_open").on(TaskAssignment.schema)
            .column("completed_on").column("deadline").run()

        try await db.schema(TaskReport.schema)
            .id()
            .field("assignment_id", .uuid, .required, .references(TaskAssignment.schema, "id"))
            .field("percent", .int, .required)
            .field("note", .string, .required)
            .field("actor_name", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "task_reports_assignment").on(TaskReport.schema).column("assignment_id").run()

        try await db.schema(Notice.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", db.byteOrderedText, .required)
            .field("kind", .string, .required)
            .field("assignment_id", .uuid)
            .field("message", .string, .required)
            .field("created_at", .datetime)
            .field("read_at", .datetime)
            .create()
        try await db.sql.create(index: "notices_path").on(Notice.schema).column("organization_path").run()

        try await db.schema("job_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("expires_at_ms", .int64, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        for table in ["job_leases", Notice.schema, TaskReport.schema, TaskAssignment.schema, PartyTask.schema, WorkProgram.schema] {
            try await db.schema(table).delete()
        }
    }
}
