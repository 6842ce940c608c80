import CapuyCore
import Foundation
import Vapor

struct CommitmentInput: Content {
    struct Indicator: Content {
        var name: String
        var unit: String
        var target: Double
        /// `higherIsBetter` (the default) or `lowerIsBetter`.
        var direction: String?
        /// Within the year; the year's last day when left out.
        var dueOn: String?
    }

    var organizationId: UUID
    var superiorId: UUID
    var headMemberId: UUID?
    var year: Int
    var title: String
    var signedOn: String
    var indicators: [Indicator]
}

struct CommitmentProgressInput: Content {
    struct Entry: Content {
        var indicatorId: UUID
        var value: Double
        var note: String?
    }

    /// Today when left out.
    var reportedOn: String?
    var entries: [Entry]
}

struct AssessmentInput: Content {
    struct Value: Content {
        var indicatorId: UUID
        var value: Double
    }

    /// The verified final values; an indicator left out is assessed on its
    /// latest reported value.
    var values: [Value]?
    var assessedOn: String?
    var note: String?
}

struct ReopenInput: Content {
    var reason: String
}

struct CommitmentDTO: Content {
    struct Progress: Content {
        let reportedOn: String
        let value: Double
        let note: String
        let reportedBy: String
    }

    struct Indicator: Content {
        let id: UUID
        let name: String
        let unit: String
        let target: Double
        let direction: String
        let dueOn: String
        let latestValue: Double?
        let latestReportedOn: String?
        /// From the latest value, before the assessment fixes it.
        let percentSoFar: Double?
        let assessedValue: Double?
        let percent: Double?
        /// Newest first.
        let history: [Progress]
    }

    let id: UUID
    let organizationId: UUID
    let organizationName: String
    let superiorId: UUID
    let superiorName: String
    let headMemberId: UUID?
    let headMemberName: String?
    let year: Int
    let title: String
    let signedOn: String
    let status: String
    let overallPercent: Double?
    let overallSoFar: Double?
    let assessedOn: String?
    let assessedBy: String?
    let assessmentNote: String?
    let reopenReason: String?
    let indicators: [Indicator]
}

/// A row of the list: enough to find a commitment and see how it stands.
struct CommitmentSummaryDTO: Content {
    let id: UUID
    let organizationId: UUID
    let organizationName: String
    let superiorId: UUID
    let superiorName: String
    let year: Int
    let title: String
    let status: String
    let indicators: Int
    let overallPercent: Double?
    let overallSoFar: Double?
}

/// A commitment with its indicators and their reports, as read from the database.
struct CommitmentRecord: Sendable {
    let commitment: Commitment
    let indicators: [CommitmentIndicator]
    /// Newest first within each indicator.
    let progress: [UUID: [CommitmentProgress]]

    func latest(_ indicator: CommitmentIndicator) -> CommitmentProgress? { progress[indicator.id!]?.first }

    func percentSoFar(_ i: CommitmentIndicator) -> Double? {
        latest(i).map { CommitmentMath.percentAchieved(value: $0.value, target: i.target, direction: i.direction) }
    }

    /// The overall percent from the latest values; an indicator nobody has
    /// reported on yet counts as nothing achieved, whichever its direction.
    var overallSoFar: Double? {
        CommitmentMath.overall(indicators.map { percentSoFar($0) ?? 0 })
    }

    func dto(organizations: [UUID: Organization], headName: String?) -> CommitmentDTO {
        let c = commitment
        return CommitmentDTO(
            id: c.id!, organizationId: c.$organization.id, organizationName: organizations[c.$organization.id]?.name ?? "",
            superiorId: c.$superior.id, superiorName: organizations[c.$superior.id]?.name ?? "", headMemberId: c.$headMember.id,
            headMemberName: headName, year: c.year, title: c.title, signedOn: c.signedOn, status: c.status,
            overallPercent: c.overallPercent, overallSoFar: overallSoFar, assessedOn: c.assessedOn, assessedBy: c.assessedBy,
            assessmentNote: c.assessmentNote, reopenReason: c.reopenReason,
            indicators: indicators.map { i in
                let history = progress[i.id!] ?? []
                return CommitmentDTO.Indicator(
                    id: i.id!, name: i.name, unit: i.unit, target: i.target, direction: i.directionRaw, dueOn: i.dueOn,
                    latestValue: history.first?.value, latestReportedOn: history.first?.reportedOn, percentSoFar: percentSoFar(i),
                    assessedValue: i.assessedValue, percent: i.percent,
                    history: history.map { .init(reportedOn: $0.reportedOn, value: $0.value, note: $0.note, reportedBy: $0.reportedBy) })
            })
    }
}
