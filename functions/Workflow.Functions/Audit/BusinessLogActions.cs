using Workflow.Functions.Apply;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;

namespace Workflow.Functions.Audit;

/// <summary>
/// Every action the business log records, with the Japanese name auditors read in the timeline. Writers use these
/// names (or the older constants listed in <see cref="Names"/>), so an action the timeline cannot name is visible here.
/// </summary>
public static class BusinessLogActions
{
    public const string RoundCommissioned = nameof(RoundCommissioned);
    public const string ContractUploaded = nameof(ContractUploaded);
    public const string StateChanged = nameof(StateChanged);
    public const string CallPublicationOverdue = nameof(CallPublicationOverdue);
    public const string RoundStalled = nameof(RoundStalled);
    public const string ApplicationSubmitted = nameof(ApplicationSubmitted);
    public const string ApplicantTokenReissueRequested = nameof(ApplicantTokenReissueRequested);

    /// <summary>The applicant sent another résumé in place of one the malware scan keeps closed (subject: the application).</summary>
    public const string ResumeReplaced = nameof(ResumeReplaced);

    /// <summary>The person changed who sees them on the roster (detail: the tier, never the preferences' place names).</summary>
    public const string ListingChanged = nameof(ListingChanged);

    /// <summary>A municipality's staff member opened a person's full profile (detail: the municipality's code).</summary>
    public const string ProfileViewed = nameof(ProfileViewed);

    /// <summary>A municipality asked to contact a person (detail: its code); the person's answer follows as <see cref="ContactAnswered"/>.</summary>
    public const string ContactRequested = nameof(ContactRequested);

    public const string ContactAnswered = nameof(ContactAnswered);

    /// <summary>The municipality withdrew its contact request before the person answered (detail: its code).</summary>
    public const string ContactWithdrawn = nameof(ContactWithdrawn);

    /// <summary>The ministry approved the erasure of a round's people after the retention period (detail: how many).</summary>
    public const string ErasureApproved = nameof(ErasureApproved);

    /// <summary>The ministry held one person's erasure past the retention period (subject: the application; detail: the reason's category).</summary>
    public const string ErasureHeld = nameof(ErasureHeld);

    /// <summary>The ministry released a hold: the person is proposed for erasure again.</summary>
    public const string ErasureHoldReleased = nameof(ErasureHoldReleased);
    public const string ConflictOfInterestDeclared = nameof(ConflictOfInterestDeclared);
    public const string NoConflictOfInterestDeclared = nameof(NoConflictOfInterestDeclared);
    public const string PanelDecisionRecorded = nameof(PanelDecisionRecorded);
    public const string AttendanceRecorded = nameof(AttendanceRecorded);
    public const string AppointmentRequested = nameof(AppointmentRequested);
    public const string AppointmentAnswerGiven = nameof(AppointmentAnswerGiven);
    public const string AppointmentAnswered = nameof(AppointmentAnswered);
    public const string PanelAssigned = nameof(PanelAssigned);
    public const string ScoresRecorded = nameof(ScoresRecorded);
    public const string MunicipalitiesImported = nameof(MunicipalitiesImported);
    public const string AppointmentLimitChanged = nameof(AppointmentLimitChanged);

    /// <summary>A notice's mail, taken by the mail server (subject: what it is about; detail: kind:recipient:message id).</summary>
    public const string MailSent = nameof(MailSent);

    /// <summary>A notice's mail given up after every attempt failed.</summary>
    public const string MailDead = nameof(MailDead);

    /// <summary>A notice's mail not sent: no address on file, or the notice was erased.</summary>
    public const string MailCancelled = nameof(MailCancelled);

    /// <summary>
    /// Written by the erasure for each appointment of the person it removes, about the application (detail: the
    /// appointment's id): once the appointment row is gone, this is what still ties its log lines to the person.
    /// </summary>
    public const string AppointmentErased = nameof(AppointmentErased);

    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [RoundCommissioned] = "公募ラウンドの委託",
        [ContractUploaded] = "契約書の登録",
        [ResumeReplaced] = "職務経歴書の差し替え",
        [RoundEvents.CommissionAccepted] = "委託の受諾",
        [RoundEvents.CommissionDeadlineExtended] = "受諾期限の延長",
        [RoundEvents.RoundCancelled] = "公募ラウンドの中止",
        [RoundEvents.CallPublished] = "公募の公開",
        [RoundEvents.ApplicationWindowClosedEarly] = "応募受付の早期終了",
        [RoundEvents.SelectionFinalized] = "選定の確定",
        [RoundEvents.TrainingFinalized] = "研修の修了判定",
        [RoundEvents.RoundClosed] = "公募ラウンドの終了",
        [RoundEvents.ResumeRequested] = "停止した処理の再実行",
        [StateChanged] = "状態の変化",
        [CallPublicationOverdue] = "公募公開の期限超過",
        [RoundStalled] = "処理の停止",
        [ApplicationSubmitted] = "応募の受付",
        [ApplicantTokenReissueRequested] = "応募者トークンの再発行依頼",
        [ListingChanged] = "人材リストへの掲載設定の変更",
        [ProfileViewed] = "自治体による人材情報の閲覧",
        [ContactRequested] = "自治体からの連絡の申出",
        [ContactAnswered] = "連絡の申出への回答",
        [ContactWithdrawn] = "連絡の申出の取り下げ",
        [ErasureApproved] = "保存期間後の削除の承認",
        [ErasureHeld] = "保存期間後の削除の保留",
        [ErasureHoldReleased] = "削除の保留の解除",
        [PersonalDataReads.Action] = "個人情報の閲覧",
        [ConflictOfInterestDeclared] = "利益相反の申告（あり）",
        [NoConflictOfInterestDeclared] = "利益相反がないことの申告",
        [ClearConflictOfInterest.Action] = "利益相反の申告の取消し",
        [PanelDecisionRecorded] = "選定委員会の判定",
        [PanelAssigned] = "選定委員の指名",
        [ScoresRecorded] = "選定委員の採点",
        [AttendanceRecorded] = "研修の出欠の記録",
        [ApplicantErasure.TombstoneAction] = "応募者の情報の消去",
        [AppointmentRequested] = "任用の申込み",
        [AppointmentAnswerGiven] = "任用の申込みへの回答",
        [AppointmentAnswered] = "任用の結果の記録",
        [MunicipalitiesImported] = "地方公共団体の一覧の登録",
        [AppointmentLimitChanged] = "任用の上限（週の日数）の変更",
        [AppointmentErased] = "任用の申込みの消去",
        [MailSent] = "通知メールの送信",
        [MailDead] = "通知メールの送信不能",
        [MailCancelled] = "通知メールの送信取りやめ",
    };
}
