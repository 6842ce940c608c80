import Vapor

/// Every route of the app, grouped by feature: the table of contents.
func routes(_ app: Application) throws {
    // Operations
    try app.register(collection: OperationsController())

    // API: /api/v1, bearer tokens
    let api = app.grouped("api", "v1")
    try api.register(collection: SessionAPIController())
    try api.register(collection: PortalAPIController())
    let signedIn = api.grouped(Principal.guardMiddleware())
    try signedIn.register(collection: OrganizationAPIController())
    try signedIn.register(collection: ReorganizationAPIController())
    try signedIn.register(collection: MemberAPIController())
    try signedIn.register(collection: UserAPIController())
    try signedIn.register(collection: DocumentAPIController(maxUpload: app.capuy.settings.attachmentMaxBytes))
    try signedIn.register(collection: TaskAPIController())
    try signedIn.register(collection: TermAPIController())
    try signedIn.register(collection: CaseAPIController(maxUpload: app.capuy.settings.attachmentMaxBytes))
    try signedIn.register(collection: ReceptionAPIController())
    try signedIn.register(collection: ReviewAPIController())
    try signedIn.register(collection: InspectionAPIController())
    try signedIn.register(collection: CommitmentAPIController())
    try signedIn.register(collection: SurveyAPIController())
    try signedIn.register(collection: MeetingAPIController())
    try signedIn.register(collection: ReportAPIController())

    // Pages
    try app.register(collection: SessionWebController())
    // The citizens' portal: no account.
    try app.register(collection: PortalWebController(maxUpload: app.capuy.settings.attachmentMaxBytes))
    let pages = app.grouped(SignInRedirect())
    try pages.register(collection: HomeWebController())
    try pages.register(collection: OrganizationWebController())
    try pages.register(collection: UnitPickerController())
    try pages.register(collection: ReorganizationWebController())
    try pages.register(collection: MemberWebController())
    try pages.register(collection: UserWebController())
    try pages.register(collection: DocumentWebController(maxUpload: app.capuy.settings.attachmentMaxBytes))
    try pages.register(collection: TaskWebController())
    try pages.register(collection: TermWebController())
    try pages.register(collection: CaseWebController(maxUpload: app.capuy.settings.attachmentMaxBytes))
    try pages.register(collection: ReceptionWebController())
    try pages.register(collection: HolidayWebController())
    try pages.register(collection: ReviewWebController())
    try pages.register(collection: InspectionWebController())
    try pages.register(collection: CommitmentWebController())
    try pages.register(collection: SurveyWebController())
    try pages.register(collection: MeetingWebController())
    try pages.register(collection: PledgeWebController())
    try pages.register(collection: ReportWebController())
}
