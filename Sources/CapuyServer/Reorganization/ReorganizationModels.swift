import CapuyCore
import Fluent
import Foundation

/// A reorganization plan as submitted (issue 15): applied at once, or kept
/// pending until its effective date, when the scheduled jobs apply it; a
/// pending plan can be cancelled. The rows are kept as written, so the plan
/// can be shown and checked again on the day it applies.
final class ReorganizationPlanRecord: Model, @unchecked Sendable {
    static let schema = "reorganization_plans"

    enum Status: String, Codable, Sendable, CaseIterable {
        case pending, applied, cancelled, failed

        var label: String {
            switch self {
            case .pending: "Chờ đến ngày hiệu lực"
            case .applied: "Đã áp dụng"
            case .cancelled: "Đã hủy"
            case .failed: "Không áp dụng được"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "effective_on") var effectiveOn: String
    @Field(key: "status") var statusRaw: String
    /// The rows as JSON (`[PlanRow]`).
    @Field(key: "rows") var rowsJSON: String
    @Field(key: "row_count") var rowCount: Int
    /// The planner's scope root: the plan is listed to those who see it.
    @Field(key: "organization_path") var organizationPath: String
    /// Every root of the planner's scope when it was made, space-separated:
    /// a pending plan is checked again on its day against the same scope.
    @Field(key: "scope_paths") var scopePaths: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "applied_at") var appliedAt: Date?
    /// Why a due plan could not be applied, or why it was cancelled.
    @OptionalField(key: "outcome") var outcome: String?

    init() {}

    var status: Status { Status(rawValue: statusRaw) ?? .failed }
}

/// The units a stored plan touches, so each unit's page shows a pending plan.
final class ReorganizationPlanUnit: Model, @unchecked Sendable {
    static let schema = "reorganization_plan_units"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: ReorganizationPlanRecord
    @Field(key: "organization_id") var organizationId: UUID

    init() {}
    init(plan: UUID, organization: UUID) {
        self.$plan.id = plan
        self.organizationId = organization
    }
}

struct CreateReorganizationPlans: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ReorganizationPlanRecord.schema)
            .id()
            .field("title", .string, .required)
            .field("effective_on", .string, .required)
            .field("status", .string, .required)
            .field("rows", .string, .required)
            .field("row_count", .int, .required)
            .field("organization_path", .string, .required)
            .field("scope_paths", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("applied_at", .datetime)
            .field("outcome", .string)
            .create()
        try await db.sql.create(index: "reorganization_plans_due").on(ReorganizationPlanRecord.schema)
            .column("status").column("effective_on").run()
        try await db.schema(ReorganizationPlanUnit.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(ReorganizationPlanRecord.schema, "id"))
            .field("organization_id", .uuid, .required)
            .create()
        try await db.sql.create(index: "reorganization_plan_units_unit").on(ReorganizationPlanUnit.schema).column("organization_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ReorganizationPlanUnit.schema).delete()
        try await db.schema(ReorganizationPlanRecord.schema).delete()
    }
}
