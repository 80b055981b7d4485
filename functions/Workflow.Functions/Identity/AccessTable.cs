using static Workflow.Functions.Identity.ActorRole;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Identity;

/// <summary>Who may call an HTTP function. <see cref="Public"/> routes take no credentials at all.</summary>
public sealed record RouteAccess(bool Public, IReadOnlyList<ActorRole> Roles)
{
    public static RouteAccess Anyone { get; } = new(true, []);

    public static RouteAccess For(params ActorRole[] roles) => new(false, roles);

    public bool Allows(ActorRole role) => Public || Roles.Contains(role);
}

/// <summary>
/// The one table of who may call what, keyed by function name. Scopes narrow it further: operators and
/// reviewers reach only rounds their token names, a municipality only its own code, an applicant only its own
/// application (<see cref="AccessGate"/>). The authorization matrix test walks every route against this table
/// and fails when a function is missing from it; the gate refuses a function it does not find here.
/// </summary>
public static class AccessTable
{
    public static IReadOnlyDictionary<string, RouteAccess> Routes { get; } = new Dictionary<string, RouteAccess>(StringComparer.Ordinal)
    {
        // Platform and public pages of the service.
        ["Health"] = RouteAccess.Anyone,
        ["OpenApiDocument"] = RouteAccess.Anyone,
        ["GetSkillStandard"] = RouteAccess.Anyone,
        ["ListOpenCalls"] = RouteAccess.Anyone,
        ["GetCall"] = RouteAccess.Anyone,
        ["GetRoster"] = RouteAccess.Anyone,
        ["GetRosterTotals"] = RouteAccess.Anyone,
        ["VerifyCertificate"] = RouteAccess.Anyone,

        // The web pages: their frames and forms are public; staff pages get their data through the API above.
        ["GetPageAsset"] = RouteAccess.Anyone,
        ["ShowOpenCallsPage"] = RouteAccess.Anyone,
        ["ShowCallPage"] = RouteAccess.Anyone,
        ["ShowApplicationForm"] = RouteAccess.Anyone,
        ["ReviewApplicationForm"] = RouteAccess.Anyone,
        ["SubmitApplicationForm"] = RouteAccess.Anyone,
        ["ShowApplicationStatusPage"] = RouteAccess.Anyone,
        ["ShowAccessKeyReissuePage"] = RouteAccess.Anyone,
        ["ShowCertificateVerificationPage"] = RouteAccess.Anyone,
        ["DownloadOwnCertificatePage"] = RouteAccess.Anyone,
        ["AnswerAppointmentPage"] = RouteAccess.Anyone,
        ["ChangeListingPage"] = RouteAccess.Anyone,
        ["ReplaceResumePage"] = RouteAccess.Anyone,
        ["AnswerContactPage"] = RouteAccess.Anyone,
        ["ShowRosterPage"] = RouteAccess.Anyone,
        ["ShowStaffSignIn"] = RouteAccess.Anyone,
        ["ShowMinistryDashboard"] = RouteAccess.Anyone,
        ["ShowCreateRound"] = RouteAccess.Anyone,
        ["ShowMunicipalityRegistry"] = RouteAccess.Anyone,
        ["ShowPendingWaits"] = RouteAccess.Anyone,
        ["ShowMinistryOverview"] = RouteAccess.Anyone,
        ["ShowOperatorRounds"] = RouteAccess.Anyone,
        ["ShowOperatorApplications"] = RouteAccess.Anyone,
        ["ShowRoundMail"] = RouteAccess.Anyone,
        ["ShowPanelDecision"] = RouteAccess.Anyone,
        ["ShowPanelOverview"] = RouteAccess.Anyone,
        ["ShowReviewerQueue"] = RouteAccess.Anyone,
        ["ShowReviewerScoring"] = RouteAccess.Anyone,
        ["ShowTrainingAttendance"] = RouteAccess.Anyone,
        ["ShowMunicipalityInbox"] = RouteAccess.Anyone,
        ["ShowMunicipalityRoster"] = RouteAccess.Anyone,
        ["ShowMunicipalityNeeds"] = RouteAccess.Anyone,
        ["ShowMunicipalityAppointments"] = RouteAccess.Anyone,
        ["ShowAuditRounds"] = RouteAccess.Anyone,
        ["ShowAuditTimeline"] = RouteAccess.Anyone,
        ["ShowRoundLogVerification"] = RouteAccess.Anyone,
        ["ShowRegistryLogVerification"] = RouteAccess.Anyone,
        ["ShowApplicantStory"] = RouteAccess.Anyone,

        // Rounds: the ministry runs them, the operator and its reviewers see their own, auditors read all.
        ["ListRounds"] = RouteAccess.For(Ministry, Operator, Reviewer, Auditor),
        ["GetRound"] = RouteAccess.For(Ministry, Operator, Reviewer, Auditor),
        ["ResumeRound"] = RouteAccess.For(Ministry),

        // Every wait on people across rounds and appointments: the ministry acts on it; auditors read everything.
        ["ListPendingWaits"] = RouteAccess.For(Ministry, Auditor),
        ["ListMailDeliveries"] = RouteAccess.For(Ministry, Operator, Auditor),

        // ① 委託
        ["CreateRound"] = RouteAccess.For(Ministry),
        ["UploadContract"] = RouteAccess.For(Ministry),
        ["AcceptCommission"] = RouteAccess.For(Operator),
        ["ExtendCommissionDeadline"] = RouteAccess.For(Ministry),
        ["CancelRound"] = RouteAccess.For(Ministry),

        // ② 公募
        ["PublishCall"] = RouteAccess.For(Operator),
        ["CloseApplicationWindow"] = RouteAccess.For(Operator),

        // ③ 応募
        ["SubmitApplication"] = RouteAccess.Anyone,
        ["RequestApplicantTokenReissue"] = RouteAccess.Anyone,
        ["GetApplicationStatus"] = RouteAccess.For(Applicant),
        ["ListApplicantNotifications"] = RouteAccess.For(Applicant),

        // The person's own roster choice and the contact requests they received (Publish/ListingEndpoints, Appoint/ContactEndpoints).
        ["ChangeListing"] = RouteAccess.For(Applicant),
        ["ReplaceResume"] = RouteAccess.For(Applicant),
        ["ListApplicantContacts"] = RouteAccess.For(Applicant),
        ["AnswerContact"] = RouteAccess.For(Applicant),
        ["WithdrawApplication"] = RouteAccess.For(Applicant),
        ["EraseApplicant"] = RouteAccess.For(Ministry),
        ["ListErasures"] = RouteAccess.For(Ministry, Auditor),
        ["ApproveErasures"] = RouteAccess.For(Ministry),
        ["HoldErasure"] = RouteAccess.For(Ministry),
        ["ReleaseErasureHold"] = RouteAccess.For(Ministry),

        // ④ 選定
        ["ListApplications"] = RouteAccess.For(Ministry, Operator, Reviewer, Auditor),
        ["GetApplicationDetail"] = RouteAccess.For(Ministry, Operator, Reviewer, Auditor),
        // Contact details of a whole round: the ministry and its operator, who contact people; each export is logged.
        ["ExportApplications"] = RouteAccess.For(Ministry, Operator),
        ["GetApplicationResume"] = RouteAccess.For(Ministry, Operator, Reviewer, Auditor),
        ["GetReviewPack"] = RouteAccess.For(Ministry, Operator, Reviewer, Auditor),
        ["DeclareConflictOfInterest"] = RouteAccess.For(Operator, Reviewer),
        ["GetOwnConflictDeclaration"] = RouteAccess.For(Operator, Reviewer),
        ["ClearConflictOfInterest"] = RouteAccess.For(Ministry, Operator),
        ["AssignPanel"] = RouteAccess.For(Operator),
        ["GetPanel"] = RouteAccess.For(Ministry, Operator, Reviewer, Auditor),
        ["GetPanelOverview"] = RouteAccess.For(Ministry, Operator, Auditor),
        ["RecordScores"] = RouteAccess.For(Reviewer),
        ["GetScores"] = RouteAccess.For(Ministry, Operator, Reviewer, Auditor),
        ["RecordPanelDecision"] = RouteAccess.For(Operator),
        ["FinalizeSelection"] = RouteAccess.For(Operator),

        // ⑤ 研修
        ["RecordAttendance"] = RouteAccess.For(Operator),
        ["FinalizeTraining"] = RouteAccess.For(Operator),
        ["GetOwnCertificate"] = RouteAccess.For(Applicant),

        // ⑥ 掲載・周知
        ["ListMunicipalities"] = RouteAccess.For(Ministry, Operator, Municipality, Auditor),
        ["ImportMunicipalities"] = RouteAccess.For(Ministry),
        ["ExportMunicipalities"] = RouteAccess.For(Ministry, Operator, Auditor),
        ["ExportRoster"] = RouteAccess.For(Ministry, Operator, Auditor),

        // The roster as a signed-in municipality reads it: profiles are logged, résumés open only after contact is accepted.
        ["GetMunicipalRoster"] = RouteAccess.For(Municipality),
        ["GetCandidateProfile"] = RouteAccess.For(Municipality),
        ["GetCandidateResume"] = RouteAccess.For(Municipality),
        ["RequestContact"] = RouteAccess.For(Municipality),
        ["WithdrawContact"] = RouteAccess.For(Municipality),
        ["ListMunicipalityContacts"] = RouteAccess.For(Municipality),
        ["ListMunicipalityNotifications"] = RouteAccess.For(Municipality, Ministry, Auditor),
        ["ListMinistryNotifications"] = RouteAccess.For(Ministry, Auditor),

        // ⑦ 任用
        ["RequestAppointment"] = RouteAccess.For(Municipality),
        ["AnswerAppointment"] = RouteAccess.For(Applicant),
        ["GetAppointment"] = RouteAccess.For(Municipality, Ministry, Auditor),
        ["ListAppointments"] = RouteAccess.For(Municipality, Ministry, Auditor),
        ["ExportAppointments"] = RouteAccess.For(Ministry, Auditor),
        ["GetAppointmentsSummary"] = RouteAccess.For(Ministry, Auditor),
        // Needs → candidates: a municipality for itself (scoped by its code); the ministry sees every need and the gap.
        ["CreateNeed"] = RouteAccess.For(Municipality),
        ["CloseNeed"] = RouteAccess.For(Municipality),
        ["ListNeeds"] = RouteAccess.For(Municipality, Ministry, Auditor),
        ["GetNeedCandidates"] = RouteAccess.For(Municipality, Ministry),
        // The 特別交付税措置's evidence: a municipality for itself (scoped by its code), the ministry that pays, auditors.
        ["IssueEvidencePack"] = RouteAccess.For(Municipality, Ministry),
        ["GetEvidencePack"] = RouteAccess.For(Municipality, Ministry, Auditor),
        ["VerifyEvidencePack"] = RouteAccess.For(Ministry, Auditor, Municipality),
        ["CloseRound"] = RouteAccess.For(Ministry),
        // The most days a week one person may hold at once: the ministry sets it; auditors read it.
        ["GetAppointmentLimit"] = RouteAccess.For(Ministry, Auditor),
        ["ChangeAppointmentLimit"] = RouteAccess.For(Ministry),

        // 監査
        ["GetRoundHistory"] = RouteAccess.For(Auditor, Ministry),
        ["VerifyRoundLog"] = RouteAccess.For(Auditor, Ministry),
        ["VerifyRegistryLog"] = RouteAccess.For(Auditor, Ministry),
        ["GetApplicantStory"] = RouteAccess.For(Auditor, Ministry),
    };
}
