import Fluent
import SQLKit

struct CreateMeetings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let path = db.byteOrderedText
        try await db.schema(Meeting.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("held_on", .string, .required)
            .field("starts_at", .string, .required)
            .field("place", .string, .required)
            .field("status", .string, .required)
            .field("duration_minutes", .int)
            .field("agenda", .string, .required)
            .field("minutes", .string, .required)
            .field("minutes_complete", .bool, .required)
            .field("conclusion", .string, .required)
            .field("score", .double)
            .field("level", .string)
            .field("quality", .string)
            .field("attendance_rate", .double)
            .field("created_at", .datetime)
            .create()
        // Every list (a subtree's meetings in a period, a cell's trend) is a range on this.
        try await db.sql.create(index: "meetings_path_held").on(Meeting.schema)
            .column("organization_path").column("held_on").run()
        try await db.sql.create(index: "meetings_org_held").on(Meeting.schema)
            .column("organization_id").column("held_on").run()

        try await db.schema(MeetingAttendance.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id"))
            .field("member_id", .uuid, .references(Member.schema, "id"))
            .field("guest_name", .string)
            .field("guest_title", .string)
            .field("guest_organization_id", .uuid, .references(Organization.schema, "id"))
            .field("status", .string, .required)
            .field("reason", .string)
            .field("is_guest", .bool, .required)
            .field("follower", .bool, .required)
            .create()
        try await db.sql.create(index: "meeting_attendance_meeting").on(MeetingAttendance.schema)
            .column("meeting_id").run()
        try await db.sql.create(index: "meeting_attendance_member").on(MeetingAttendance.schema)
            .column("member_id").run()

        try await db.schema(MeetingTask.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id"))
            .field("organization_path", path, .required)
            .field("title", .string, .required)
            .field("owner", .string, .required)
            .field("due_on", .string, .required)
            .field("done", .bool, .required)
            .create()
        try await db.sql.create(index: "meeting_tasks_meeting").on(MeetingTask.schema).column("meeting_id").run()

        try await db.schema(FollowAssignment.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id"))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("assigned_by_organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("assigned_by_path", path, .required)
            .field("from_on", .string, .required)
            .field("to_on", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "follow_assignments_path").on(FollowAssignment.schema)
            .column("organization_path").run()
        try await db.sql.create(index: "follow_assignments_member").on(FollowAssignment.schema)
            .column("member_id").run()
    }

    func revert(on db: any Database) async throws {
        for schema in [FollowAssignment.schema, MeetingTask.schema, MeetingAttendance.schema, Meeting.schema] {
            try await db.schema(schema).delete()
        }
    }
}
