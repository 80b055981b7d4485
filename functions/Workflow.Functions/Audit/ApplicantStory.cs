using Workflow.Domain.Appointments;
using System.Globalization;
using Workflow.Domain.Applications;
using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Identity;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Train;

namespace Workflow.Functions.Audit;

/// <summary>Where an event of a person's story belongs: a step of the round, or the oversight around it (reads, erasure).</summary>
public enum StoryGroup { Apply, Select, Train, Publish, Appoint, Oversight }

/// <summary>Whether the person's application is still held, erased with a tombstone, or gone without one.</summary>
public enum StoryState { Present, Erased, Gone }

/// <summary>
/// One event of a person's story.
/// </summary>
/// <param name="AtIsStepEnd">
/// The record holds no time of its own (screening, the outcome, attendance): <see cref="At"/> is when the round's step
/// that wrote it ended, from the round's state times, so the event sits where it happened at the latest.
/// </param>
/// <param name="Kind">What the source stored: the business log's action, the history's event type, or the record's fact.</param>
/// <param name="Actor">Who acted, as the business log names actors (role:subject, "applicant", "system").</param>
/// <param name="Recorded">The detail exactly as stored, when <see cref="Detail"/> words it differently.</param>
public sealed record StoryEvent(
    DateTimeOffset At,
    bool AtIsStepEnd,
    StoryGroup Group,
    string GroupName,
    string Source,
    string SourceName,
    string Kind,
    string What,
    string Actor,
    string ActorName,
    string? Subject,
    string? Detail,
    string? Recorded);

/// <summary>Who erased the person's data, when and why; the reason is a code (ADR 0004).</summary>
public sealed record StoryTombstone(DateTimeOffset At, string Actor, string ActorName, string Reason, string ReasonName);

/// <summary>What the system still holds to say who the story is about; only while the application is held.</summary>
public sealed record StoryPerson(string FullName, ApplicationStatus Status, string StatusName, IReadOnlyList<string> PersonaNames);

public sealed record StoryGroupName(StoryGroup Group, string Name);

/// <param name="Notice">A plain sentence for the auditor when personal data was erased or is missing.</param>
/// <param name="AppointmentIds">The person's appointments, held or erased: ids only.</param>
/// <param name="Groups">The groups the events fall in, in the order of the round's steps.</param>
public sealed record ApplicantStory(
    string RoundId,
    string ApplicationId,
    StoryState State,
    string? Notice,
    StoryPerson? Person,
    StoryTombstone? Tombstone,
    IReadOnlyList<string> AppointmentIds,
    IReadOnlyList<StoryGroupName> Groups,
    IReadOnlyList<StoryEvent> Events);

/// <summary>
/// The Japanese words of a person's story: the groups, the record's facts and the wording of stored details. Action
/// and event type names stay where they are defined (<see cref="BusinessLogActions.Names"/>, <see cref="TimelineNames"/>).
/// </summary>
public static class StoryNames
{
    public const string RecordSource = "record";

    /// <summary>The timeline's two sources and the rows the system holds about the person.</summary>
    public static IReadOnlyDictionary<string, string> Sources { get; } = new Dictionary<string, string>(TimelineNames.Sources, StringComparer.Ordinal)
    {
        [RecordSource] = "保存データ",
    };

    public static string DisplayName(StoryGroup group) => group switch
    {
        StoryGroup.Apply => RoundStateMachine.DisplayName(RoundStep.Apply),
        StoryGroup.Select => RoundStateMachine.DisplayName(RoundStep.Select),
        StoryGroup.Train => RoundStateMachine.DisplayName(RoundStep.Train),
        StoryGroup.Publish => RoundStateMachine.DisplayName(RoundStep.Publish),
        StoryGroup.Appoint => RoundStateMachine.DisplayName(RoundStep.Appoint),
        StoryGroup.Oversight => "閲覧・消去",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "Unknown story group."),
    };

    /// <summary>The facts read from the rows the system holds, keyed as <see cref="StoryEvent.Kind"/> names them.</summary>
    public static IReadOnlyDictionary<string, string> Facts { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Fact.Submitted] = "応募の記録",
        [Fact.Screened] = "書類選考の結果",
        [Fact.Decision] = "判定の記録",
        [Fact.Outcome] = "選定結果",
        [Fact.Attendance] = "研修の出欠",
        [Fact.Certificate] = "修了証の交付",
        [Fact.Listed] = "人材リストへの掲載",
        [Fact.Withdrawn] = "応募の取り下げ",
        [Fact.Appointment] = "任用の申込みの記録",
    };

    public static class Fact
    {
        public const string Submitted = nameof(Submitted);
        public const string Screened = nameof(Screened);
        public const string Decision = nameof(Decision);
        public const string Outcome = nameof(Outcome);
        public const string Attendance = nameof(Attendance);
        public const string Certificate = nameof(Certificate);
        public const string Listed = nameof(Listed);
        public const string Withdrawn = nameof(Withdrawn);
        public const string Appointment = nameof(Appointment);
    }

    /// <summary>What a staff member opened, as <see cref="PersonalDataReads"/> lines record it.</summary>
    public static IReadOnlyDictionary<string, string> Reads { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["detail"] = "応募の詳細",
        ["resume"] = "職務経歴書",
        ["pack"] = "審査資料（氏名を伏せたもの）",
        [StoryReads.Json] = "応募者の記録（監査）",
        [StoryReads.Csv] = "応募者の記録のCSV（監査）",
        [Select.ExportApplications.ReadDetail(Spreadsheets.TableFormat.Xlsx)] = "応募一覧の書き出し（Excel）",
        [Select.ExportApplications.ReadDetail(Spreadsheets.TableFormat.Csv)] = "応募一覧の書き出し（CSV）",
    };

    public const string ErasedNotice = "この応募者の個人情報は消去されました。氏名・連絡先・職務経歴書などは残っておらず、残っているのは応募ID・任用の申込みIDと、誰がいつ何をしたかの記録だけです。";

    public const string GoneNotice = "この応募の記録は残っていません（消去の記録も見つかりません）。業務ログに残っているIDと操作だけを表示しています。";

    /// <summary>"operator:dev-1" → 受託事業者（operator:dev-1）: the role in Japanese, the logged name as it is.</summary>
    public static string ActorName(string actor)
    {
        if (actor == Actor.SystemLogName)
        {
            return ActorRoleNames.System;
        }

        if (actor == Actor.ApplicantLogName)
        {
            return ActorRoleNames.DisplayName(ActorRole.Applicant);
        }

        var role = actor.Split(':', 2)[0];
        return ActorClaims.TryParseRole(role, out var parsed) ? $"{ActorRoleNames.DisplayName(parsed)}（{actor}）" : actor;
    }

    /// <summary>A stored business log detail in words; the stored value is kept beside it (<see cref="StoryEvent.Recorded"/>).</summary>
    public static string? DescribeLogged(string action, string? detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return detail;
        }

        switch (action)
        {
            case BusinessLogActions.PanelDecisionRecorded when SplitPersona(detail) is ({ } persona, var rest) && Enum.TryParse<PanelDecision>(rest, true, out var decision):
                return $"{SkillStandardCatalog.DisplayName(persona)}：{ApplicationNames.DisplayName(decision)}";
            case BusinessLogActions.ScoresRecorded when SplitPersona(detail) is ({ } persona, var levels):
                return $"{SkillStandardCatalog.DisplayName(persona)}：{levels.Replace(",", "、", StringComparison.Ordinal)}";
            case BusinessLogActions.AppointmentRequested when Enum.TryParse<AppointmentRole>(detail, true, out var role):
                return AppointmentNames.DisplayName(role);
            case BusinessLogActions.AppointmentAnswerGiven:
                return detail switch
                {
                    "accept" => AppointmentNames.DisplayName(AppointmentStatus.Accepted),
                    "decline" => AppointmentNames.DisplayName(AppointmentStatus.Declined),
                    _ => detail,
                };
            case BusinessLogActions.AppointmentAnswered when Enum.TryParse<AppointmentStatus>(detail, true, out var status):
                return AppointmentNames.DisplayName(status);
            case ApplicantErasure.TombstoneAction when Enum.TryParse<ErasureReason>(detail, true, out var reason):
                return ErasureNames.DisplayName(reason);
            case PersonalDataReads.Action when Reads.TryGetValue(detail, out var what):
                return what;
            case ClearConflictOfInterest.Action:
                return $"取り消した申告: {ActorName(detail)}";
            case BusinessLogActions.AppointmentErased:
                return $"任用の申込み {detail}";
            case BusinessLogActions.ListingChanged when Enum.TryParse<ListingTier>(detail, true, out var tier):
                return ListingNames.DisplayName(tier);
            case BusinessLogActions.ContactAnswered when detail.Split(':') is [var code, var answer] && Enum.TryParse<ContactStatus>(answer, true, out var contact):
                return $"団体コード {code}：{ContactNames.DisplayName(contact)}";
            case BusinessLogActions.ContactRequested or BusinessLogActions.ContactWithdrawn or BusinessLogActions.ProfileViewed:
                return detail.EndsWith(":resume", StringComparison.Ordinal) ? $"団体コード {detail[..^7]}：職務経歴書" : $"団体コード {detail}";
            default:
                return detail;
        }
    }

    private static (Persona? Persona, string Remainder) SplitPersona(string detail)
    {
        var at = detail.IndexOf(':', StringComparison.Ordinal);
        return at > 0 && Enum.TryParse<Persona>(detail[..at], true, out var persona) ? (persona, detail[(at + 1)..]) : (null, detail);
    }

    /// <summary>The step a business log action belongs to; reads, erasure and anything unknown are oversight.</summary>
    public static StoryGroup GroupOf(string action) => action switch
    {
        BusinessLogActions.ApplicationSubmitted or BusinessLogActions.ApplicantTokenReissueRequested or BusinessLogActions.ResumeReplaced => StoryGroup.Apply,
        BusinessLogActions.ConflictOfInterestDeclared or BusinessLogActions.NoConflictOfInterestDeclared or ClearConflictOfInterest.Action
            or BusinessLogActions.ScoresRecorded or BusinessLogActions.PanelDecisionRecorded => StoryGroup.Select,
        BusinessLogActions.AttendanceRecorded => StoryGroup.Train,
        BusinessLogActions.ListingChanged => StoryGroup.Publish,
        BusinessLogActions.ContactRequested or BusinessLogActions.ContactAnswered or BusinessLogActions.ContactWithdrawn => StoryGroup.Appoint,
        BusinessLogActions.AppointmentRequested or BusinessLogActions.AppointmentAnswerGiven or BusinessLogActions.AppointmentAnswered => StoryGroup.Appoint,
        _ => StoryGroup.Oversight,
    };
}

/// <summary>What a read of the story records as its detail in the business log.</summary>
public static class StoryReads
{
    public const string Json = "story";
    public const string Csv = "story.csv";
}

/// <summary>
/// Gathers one person's story in a round: the business log's entries about the application and its appointments, the
/// facts on the application, certificate, roster and appointment rows, and the appointment orchestrations' history. Only
/// rows keyed by this person's ids are read, so nothing of another applicant can enter it.
/// </summary>
public sealed class ApplicantStoryReader(
    ApplicationStore applications,
    AppointmentStore appointments,
    CertificateStore certificates,
    RosterStore roster,
    BusinessLog log,
    OrchestrationHistoryReader history)
{
    /// <summary>The story, or null when nothing of <paramref name="applicationId"/> is held in <paramref name="round"/>.</summary>
    public async Task<ApplicantStory?> ReadAsync(RoundRecord round, string applicationId, CancellationToken cancellationToken = default)
    {
        if (!ApplicationIds.TryParse(applicationId, out var roundOfId, out _) || roundOfId != round.RoundId)
        {
            return null;
        }

        var roundId = round.RoundId;
        var applicationTask = applications.GetAsync(applicationId, cancellationToken);
        var appointmentsTask = appointments.ListAsync(roundId, cancellationToken);
        var aboutApplication = await log.ReadAboutAsync(roundId, [applicationId], cancellationToken);
        var application = await applicationTask;
        if (application is not null && application.RoundId != roundId)
        {
            application = null;
        }

        if (application is null && aboutApplication.Count == 0)
        {
            return null;
        }

        var held = (await appointmentsTask).Where(a => a.CandidateId == applicationId).OrderBy(a => a.RequestedAt).ToList();
        var erasedAppointments = aboutApplication
            .Where(e => e.Entry.Action == BusinessLogActions.AppointmentErased && !string.IsNullOrEmpty(e.Entry.Detail))
            .Select(e => e.Entry.Detail!);
        var appointmentIds = held.Select(a => a.AppointmentId).Concat(erasedAppointments).Distinct(StringComparer.Ordinal).ToList();

        var aboutAppointments = await log.ReadAboutAsync(roundId, appointmentIds, cancellationToken);
        var histories = await Task.WhenAll(appointmentIds.Select(id => history.ReadByPrefixAsync(AppointmentIds.InstanceId(roundId, id), cancellationToken)));

        var events = new List<StoryEvent>();
        events.AddRange(aboutApplication.Concat(aboutAppointments)
            .DistinctBy(e => e.RowKey, StringComparer.Ordinal)
            .Select(e => Logged(e.Entry)));
        events.AddRange(histories.SelectMany(h => h).Select(Orchestrated));
        if (application is not null)
        {
            events.AddRange(await RecordedAsync(round, application, cancellationToken));
        }

        events.AddRange(held.Select(Appointment));

        var tombstone = aboutApplication.Select(e => e.Entry).LastOrDefault(e => e.Action == ApplicantErasure.TombstoneAction);
        var state = application is not null ? StoryState.Present : tombstone is not null ? StoryState.Erased : StoryState.Gone;
        var ordered = Order(events);
        return new ApplicantStory(
            roundId,
            applicationId,
            state,
            state switch { StoryState.Erased => StoryNames.ErasedNotice, StoryState.Gone => StoryNames.GoneNotice, _ => null },
            application is null ? null : Person(application),
            tombstone is null ? null : Tombstone(tombstone),
            appointmentIds,
            GroupsOf(ordered),
            ordered);
    }

    /// <summary>Time order; at the same instant the log before the history before the records, each as read.</summary>
    public static IReadOnlyList<StoryEvent> Order(IEnumerable<StoryEvent> events) =>
        events.Select((e, i) => (e, i))
            .OrderBy(x => x.e.At.UtcTicks)
            .ThenBy(x => x.e.Source switch { TimelineCursor.Business => 0, TimelineCursor.Orchestration => 1, _ => 2 })
            .ThenBy(x => x.i)
            .Select(x => x.e)
            .ToList();

    public static IReadOnlyList<StoryGroupName> GroupsOf(IEnumerable<StoryEvent> events) =>
        events.Select(e => e.Group).Distinct().Order().Select(g => new StoryGroupName(g, StoryNames.DisplayName(g))).ToList();

    /// <summary>A business log line as a story event.</summary>
    public static StoryEvent Logged(BusinessLogEntry entry)
    {
        var group = StoryNames.GroupOf(entry.Action);
        var detail = StoryNames.DescribeLogged(entry.Action, entry.Detail);
        return new StoryEvent(entry.At, false, group, StoryNames.DisplayName(group), TimelineCursor.Business, StoryNames.Sources[TimelineCursor.Business],
            entry.Action, BusinessLogActions.Names.GetValueOrDefault(entry.Action, entry.Action), entry.Actor, StoryNames.ActorName(entry.Actor),
            entry.Subject, detail, detail == entry.Detail ? null : entry.Detail);
    }

    private static StoryEvent Orchestrated(HistoryEvent e)
    {
        var type = TimelineNames.EventTypes.GetValueOrDefault(e.EventType, e.EventType);
        return new StoryEvent(e.Timestamp, false, StoryGroup.Appoint, StoryNames.DisplayName(StoryGroup.Appoint), TimelineCursor.Orchestration,
            StoryNames.Sources[TimelineCursor.Orchestration], e.EventType, string.IsNullOrEmpty(e.Name) ? type : $"{type}：{e.Name}",
            Actor.SystemLogName, StoryNames.ActorName(Actor.SystemLogName), e.InstanceId, null, null);
    }

    private static StoryEvent Fact(DateTimeOffset at, bool atIsStepEnd, StoryGroup group, string fact, string actor, string? subject, string? detail) =>
        new(at, atIsStepEnd, group, StoryNames.DisplayName(group), StoryNames.RecordSource, StoryNames.Sources[StoryNames.RecordSource],
            fact, StoryNames.Facts[fact], actor, StoryNames.ActorName(actor), subject, detail, null);

    private static StoryEvent Appointment(AppointmentRecord a) =>
        Fact(a.AnsweredAt ?? a.RequestedAt, false, StoryGroup.Appoint, StoryNames.Fact.Appointment, $"municipality:{a.MunicipalityCode}", a.AppointmentId,
            $"{a.MunicipalityName}（{a.MunicipalityCode}）、{a.RoleTitle}"
            + (a.WithinSpecialTaxMeasure ? "（特別交付税措置の対象）" : string.Empty)
            + $"、状態: {AppointmentNames.DisplayName(a.Status)}、申込み: {Jst(a.RequestedAt)}、回答期限: {Jst(a.AnswerBy)}"
            + (a.AnsweredAt is { } answered ? $"、回答・確定: {Jst(answered)}" : string.Empty));

    private async Task<List<StoryEvent>> RecordedAsync(RoundRecord round, ApplicationEntity application, CancellationToken cancellationToken)
    {
        var id = application.RowKey;
        var times = round.StateTimes;
        var lifecycle = application.Lifecycle;
        var facts = new List<StoryEvent>
        {
            Fact(application.SubmittedAt, false, StoryGroup.Apply, StoryNames.Fact.Submitted, Actor.ApplicantLogName, id,
                "応募した人材像: " + string.Join("、", application.PersonaList.Select(SkillStandardCatalog.DisplayName))),
        };

        // Screening is written by the shard activities that run before the round moves to the panel's review.
        if (lifecycle.Screening is { } screening && StepEnd(times, RoundState.PanelReview, RoundState.Training) is { } screenedBy)
        {
            facts.Add(Fact(screenedBy, true, StoryGroup.Select, StoryNames.Fact.Screened, Actor.SystemLogName, id,
                $"{ScreeningNames.Verdict(screening.Eligible)}（"
                + string.Join("、", screening.PerPersona.Select(p => $"{SkillStandardCatalog.DisplayName(p.Persona)}: {ScreeningNames.PersonaVerdict(p.Eligible)}")) + "）"));
        }

        facts.AddRange(lifecycle.Decisions.Select(d => Fact(d.DecidedAt, false, StoryGroup.Select, StoryNames.Fact.Decision, d.DecidedBy, id,
            $"{SkillStandardCatalog.DisplayName(d.Persona)}：{ApplicationNames.DisplayName(d.Decision)}" + (string.IsNullOrEmpty(d.Reason) ? string.Empty : $"（理由: {d.Reason}）"))));

        // Outcomes are written when the selection is concluded, before the round moves to training.
        if (lifecycle.Outcomes.Count > 0 && StepEnd(times, RoundState.Training) is { } concludedBy)
        {
            facts.Add(Fact(concludedBy, true, StoryGroup.Select, StoryNames.Fact.Outcome, Actor.SystemLogName, id,
                $"{ApplicationNames.DisplayName(lifecycle.Outcomes.Any(o => o.Selected) ? ApplicationStatus.Selected : lifecycle.Screening is { Eligible: false } ? ApplicationStatus.Ineligible : ApplicationStatus.NotSelected)}（"
                + string.Join("、", lifecycle.Outcomes.Select(o => $"{SkillStandardCatalog.DisplayName(o.Persona)}: {ApplicationNames.Outcome(o.Selected)}")) + "）"
                + (string.IsNullOrEmpty(application.OutcomeReason) ? string.Empty : $" {application.OutcomeReason}")));
        }

        var certificateTask = application.CertificateId is { } certificateId ? certificates.GetAsync(certificateId, cancellationToken) : Task.FromResult<CertificateRecord?>(null);
        var listingTask = application.Published == true ? roster.GetAsync(id, cancellationToken) : Task.FromResult<RosterEntry?>(null);
        var certificate = await certificateTask;

        // Attendance is the operator's, per session; the row keeps its last value, not when it was recorded. It was final
        // when certificates were issued from it, or at the latest when the round left training.
        bool?[] attended = [application.Attended1, application.Attended2, application.Attended3, application.Attended4, application.Attended5, application.Attended6];
        if (attended.Any(a => a is not null) && (certificate?.IssuedAt ?? StepEnd(times, RoundState.Publishing, RoundState.Training)) is { } trainedBy)
        {
            var sessions = Math.Clamp(round.Schedule.TrainingSessions.Count, attended.Count(a => a is not null), attended.Length);
            facts.Add(Fact(trainedBy, true, StoryGroup.Train, StoryNames.Fact.Attendance, Actor.SystemLogName, id,
                string.Join("、", Enumerable.Range(1, sessions)
                    .Select(n => $"第{n}回: " + (attended[n - 1] switch { true => "出席", false => "欠席", null => "記録なし" })))));
        }

        if (certificate is not null)
        {
            facts.Add(Fact(certificate.IssuedAt, false, StoryGroup.Train, StoryNames.Fact.Certificate, Actor.SystemLogName, certificate.CertificateId,
                $"修了証番号 {certificate.CertificateId}"));
        }

        if (await listingTask is { } listing)
        {
            facts.Add(Fact(listing.PublishedAt, false, StoryGroup.Publish, StoryNames.Fact.Listed, Actor.SystemLogName, id,
                "掲載された人材像: " + string.Join("、", listing.PersonaNames)));
        }

        // A withdrawn row is the erasure's first, committed step; the row's own write time says when.
        if (lifecycle.Status == ApplicationStatus.Withdrawn)
        {
            facts.Add(Fact(application.Timestamp ?? application.SubmittedAt, false, StoryGroup.Oversight, StoryNames.Fact.Withdrawn, Actor.ApplicantLogName, id,
                ApplicationNames.DisplayName(ApplicationStatus.Withdrawn)));
        }

        return facts;
    }

    private static DateTimeOffset? StepEnd(IReadOnlyDictionary<RoundState, DateTimeOffset> times, params RoundState[] states) =>
        states.Select(s => times.TryGetValue(s, out var at) ? at : (DateTimeOffset?)null).FirstOrDefault(at => at is not null);

    private static StoryPerson Person(ApplicationEntity application)
    {
        var status = application.Lifecycle.Status;
        return new StoryPerson(application.FullName, status, ApplicationNames.DisplayName(status),
            application.PersonaList.Select(SkillStandardCatalog.DisplayName).ToList());
    }

    private static StoryTombstone Tombstone(BusinessLogEntry entry) =>
        new(entry.At, entry.Actor, StoryNames.ActorName(entry.Actor), entry.Detail ?? string.Empty,
            Enum.TryParse<ErasureReason>(entry.Detail, true, out var reason) ? ErasureNames.DisplayName(reason) : entry.Detail ?? string.Empty);

    /// <summary>Japan time to the second, as auditors read dates in details.</summary>
    public static string Jst(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
