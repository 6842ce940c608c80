import CapuyCore
import Fluent
import Foundation
import SQLKit

/// A survey of the quality of every cell's meetings over a subtree (HCMC Kế
/// hoạch 156): the cells are fixed when it opens, observers are assigned to
/// them, and each cell's meeting is scored on the form copied at opening.
final class SurveyRound: Model, @unchecked Sendable {
    static let schema = "survey_rounds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "year") var year: Int
    @Field(key: "title") var title: String
    @Field(key: "status") var status: String
    /// The SurveyForm as JSON: criteria, points and thresholds.
    @Field(key: "form") var formJSON: String
    @Field(key: "cells") var cells: Int
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var isOpen: Bool { status == "open" }

    var form: SurveyForm {
        (try? JSONDecoder().decode(SurveyForm.self, from: Data(formJSON.utf8))) ?? .standard
    }

    func covers(_ path: String) -> Bool { path == organizationPath || path.hasPrefix(organizationPath + ".") }
}

/// An observer assigned to one cell of a round: an account, or the account
/// of a committee member named by her member record.
final class SurveyObserver: Model, @unchecked Sendable {
    static let schema = "survey_observers"

    @ID(key: .id) var id: UUID?
    @Field(key: "round_id") var roundId: UUID
    @Field(key: "organization_id") var organizationId: UUID
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "user_id") var userId: UUID
    @OptionalField(key: "member_id") var memberId: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// The evaluation of one cell's meeting in a round. One per cell: a later
/// one by an assigned observer replaces it, the old one kept in the audit.
final class SurveyEvaluation: Model, @unchecked Sendable {
    static let schema = "survey_evaluations"

    @ID(key: .id) var id: UUID?
    @Field(key: "round_id") var roundId: UUID
    @Field(key: "organization_id") var organizationId: UUID
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "observer_user_id") var observerUserId: UUID
    @Field(key: "observer_name") var observerName: String
    @OptionalField(key: "meeting_id") var meetingId: UUID?
    @Field(key: "observed_on") var observedOn: String
    @Field(key: "scores") var scoresJSON: String
    @Field(key: "total") var total: Double
    @Field(key: "level") var level: String
    @Field(key: "good_practices") var goodPractices: String
    @Field(key: "weaknesses") var weaknesses: String
    @Field(key: "at_ms") var atMs: Int64

    init() {}

    var scores: [String: Double] {
        (try? JSONDecoder().decode([String: Double].self, from: Data(scoresJSON.utf8))) ?? [:]
    }
}

/// `survey_cells` is read and written with SQL only: one row per cell of a
/// round with its sector and its current result, so that every aggregation
/// is one GROUP BY over the (round_id, organization_path) index.
enum SurveyCells {
    static let schema = "survey_cells"
}

struct CreateSurveys: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let path = db.byteOrderedText
        try await db.schema(SurveyRound.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("status", .string, .required)
            .field("form", .string, .required)
            .field("cells", .int, .required)
            .field("closed_at", .datetime)
            .field("created_at", .datetime)
            .create()
        try await db.sql.create(index: "survey_rounds_path").on(SurveyRound.schema).column("organization_path").run()

        try await db.schema(SurveyCells.schema)
            .field("round_id", .uuid, .required, .references(SurveyRound.schema, "id"))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("sector", .string, .required)
            .field("level", .string)
            .field("total", .double)
            .unique(on: "round_id", "organization_id")
            .create()
        try await db.sql.create(index: "survey_cells_path").on(SurveyCells.schema).column("round_id").column("organization_path").run()

        try await db.schema(SurveyObserver.schema)
            .id()
            .field("round_id", .uuid, .required, .references(SurveyRound.schema, "id"))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("member_id", .uuid)
            .field("created_at", .datetime)
            .unique(on: "round_id", "organization_id", "user_id")
            .create()
        try await db.sql.create(index: "survey_observers_user").on(SurveyObserver.schema).column("user_id").column("round_id").run()

        try await db.schema(SurveyEvaluation.schema)
            .id()
            .field("round_id", .uuid, .required, .references(SurveyRound.schema, "id"))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("organization_path", path, .required)
            .field("observer_user_id", .uuid, .required, .references(User.schema, "id"))
            .field("observer_name", .string, .required)
            .field("meeting_id", .uuid)
            .field("observed_on", .string, .required)
            .field("scores", .string, .required)
            .field("total", .double, .required)
            .field("level", .string, .required)
            .field("good_practices", .string, .required)
            .field("weaknesses", .string, .required)
            .field("at_ms", .int64, .required)
            .unique(on: "round_id", "organization_id")
            .create()
        try await db.sql.create(index: "survey_evaluations_path").on(SurveyEvaluation.schema)
            .column("round_id").column("organization_path").run()
    }

    func revert(on db: any Database) async throws {
        for schema in [SurveyEvaluation.schema, SurveyObserver.schema, SurveyCells.schema, SurveyRound.schema] {
            try await db.schema(schema).delete()
        }
    }
}
