using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;

namespace Workflow.Functions.Rounds;

/// <summary>How many people reached each point of the round. Counts only: the history never holds names.</summary>
public sealed record RoundCounts(
    int Submitted = 0,
    int Eligible = 0,
    int Selected = 0,
    int Certified = 0,
    int Published = 0,
    int MunicipalitiesNotified = 0,
    int Appointed = 0);

/// <summary>A recruiting round as stored.</summary>
/// <param name="StandardVersion">
/// The id of the skill standard version pinned when the round was commissioned; everything about the round reads
/// that version (ADR 0010).
/// </param>
public sealed record RoundRecord(
    string RoundId,
    int FiscalYear,
    string Title,
    string OperatorName,
    IReadOnlyList<PersonaOpening> Personas,
    RoundSchedule Schedule,
    RoundState State,
    DateTimeOffset CreatedAt,
    bool HasContract,
    RoundCounts Counts,
    IReadOnlyDictionary<RoundState, DateTimeOffset> StateTimes,
    string StandardVersion)
{
    public string InstanceId => RoundIds.InstanceId(RoundId);

    /// <summary>The state with what closed it, as the orchestration and every command act on it.</summary>
    public RoundLifecycle Lifecycle { get; init; } = new(State, 0, null, 0, null);

    public IReadOnlyCollection<Persona> PersonasSought => Personas.Select(p => p.Persona).ToArray();
}

/// <summary>What the orchestrator needs of a round: dates only, no text.</summary>
public sealed record RoundPlan(
    string RoundId,
    DateTimeOffset AcceptCommissionBy,
    DateTimeOffset ApplicationOpensAt,
    DateTimeOffset ApplicationClosesAt,
    DateTimeOffset SelectionDeadline,
    DateTimeOffset LastTrainingSessionAt,
    int TrainingSessionCount,
    DateTimeOffset PublicationDate,
    DateTimeOffset AppointmentClosesAt);

/// <summary>The round orchestration's input: an id, nothing else.</summary>
public sealed record RoundInput(string RoundId);

/// <summary>The round orchestration's custom status, read by dashboards to show every pending wait.</summary>
public sealed record RoundStatus(
    RoundStep Step,
    RoundState State,
    string WaitingFor,
    DateTimeOffset? Until,
    RoundCounts Counts,
    bool Stalled = false);

public sealed record RoundOutcome(string RoundId, RoundState State, RoundCounts Counts);

public static class RoundIds
{
    public const string InstancePrefix = "round-";

    public static string NewRoundId(int fiscalYear) => $"R{fiscalYear}-{Guid.NewGuid():N}"[..14];

    /// <summary>Every orchestration of a round has an id starting with this, so auditors find them all by prefix.</summary>
    public static string InstanceId(string roundId) => InstancePrefix + roundId;

    public static bool IsWellFormed(string? roundId) =>
        roundId is { Length: >= 6 and <= 40 } && roundId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}

/// <summary>
/// The round's events. A person's command is recorded on the round row and then wakes the orchestration with
/// <see cref="CommandRecorded"/> (payload: the command's name); the other names are what the business log calls each
/// recorded command.
/// </summary>
public static class RoundEvents
{
    public const string CommandRecorded = nameof(CommandRecorded);
    public const string ResumeRequested = nameof(ResumeRequested);
    public const string CommissionAccepted = nameof(CommissionAccepted);
    public const string CommissionDeadlineExtended = nameof(CommissionDeadlineExtended);
    public const string RoundCancelled = nameof(RoundCancelled);
    public const string CallPublished = nameof(CallPublished);
    public const string ApplicationWindowClosedEarly = nameof(ApplicationWindowClosedEarly);
    public const string SelectionFinalized = nameof(SelectionFinalized);
    public const string TrainingFinalized = nameof(TrainingFinalized);
    public const string RoundClosed = nameof(RoundClosed);
}

/// <summary>Who a wait is for, as shown on the dashboard.</summary>
public static class Waiting
{
    public const string Operator = "operator";
    public const string Ministry = "ministry";
    public const string Applicants = "applicants";
    public const string Schedule = "schedule";
    public const string Municipalities = "municipalities";
    public const string Nobody = "none";

    /// <summary>Every value a round's custom status may name, with its Japanese name for the dashboards.</summary>
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Operator] = "受託事業者",
        [Ministry] = "総務省",
        [Applicants] = "応募者",
        [Schedule] = "日程（期日の到来）",
        [Municipalities] = "自治体",
        [Nobody] = "なし",
    };
}
