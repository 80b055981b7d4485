using System.Text.Json;
using System.Text.Json.Serialization;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Waits;

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

/// <summary>
/// The stages of a round as the ministry follows people through them (応募 → 任用), by the API's names of
/// <see cref="RoundCounts"/>' members: the dashboard's counts and the overview's funnel read them from here.
/// </summary>
public static class RoundCountNames
{
    public static IReadOnlyDictionary<string, string> Funnel { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["submitted"] = "応募",
        ["eligible"] = "書類選考通過",
        ["selected"] = "選定",
        ["certified"] = "研修修了",
        ["published"] = "掲載",
        ["appointed"] = "任用",
    };
}

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

/// <summary>
/// The round orchestration's custom status: its step and state, what it waits for (whom, since when, until when,
/// overdue or not, who else may act) and its counts. Dashboards and the list of every wait read it, so what they show
/// is what the engine waits for.
/// </summary>
public sealed record RoundStatus(
    RoundStep Step,
    RoundState State,
    Wait Wait,
    RoundCounts Counts,
    bool Stalled = false)
{
    /// <summary>
    /// Reads this shape and the first one (<c>waitingFor</c> and <c>until</c> beside the step, no <c>wait</c>), which
    /// rounds started before keep until their orchestrator next sets its status.
    /// </summary>
    [JsonConstructor]
    public RoundStatus(RoundStep step, RoundState state, Wait? wait, RoundCounts? counts, bool stalled, string? waitingFor, DateTimeOffset? until)
        : this(step, state, wait ?? Wait.FromFirstShape(waitingFor, until), counts ?? new RoundCounts(), stalled)
    {
    }

    /// <summary>Whom the round waits for, as the first shape said it; kept in the JSON for readers of that shape.</summary>
    public string WaitingFor => Wait.WaitingFor;

    /// <summary>The wait's deadline (also when missed), as the first shape's readers expect it.</summary>
    public DateTimeOffset? Until => Wait.Deadline;
}

public static class RoundStatuses
{
    /// <summary>A round's custom status as the engine serialized it (any case, enums as names or numbers); null if unreadable.</summary>
    public static RoundStatus? Read(string? serialized)
    {
        if (string.IsNullOrEmpty(serialized))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RoundStatus>(serialized, Http.Json.Durable);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record RoundOutcome(string RoundId, RoundState State, RoundCounts Counts);

public static class RoundIds
{
    public const string InstancePrefix = "round-";

    public static string NewRoundId(int fiscalYear) => $"R{fiscalYear}-{Guid.NewGuid():N}"[..14];

    /// <summary>Every orchestration of a round has an id starting with this, so auditors find them all by prefix.</summary>
    public static string InstanceId(string roundId) => InstancePrefix + roundId;

    /// <summary>
    /// The round an orchestration instance belongs to (its own or one of its appointments'), or null for an id of
    /// another shape; telemetry tags spans with it (Telemetry/RoundTagProcessor).
    /// </summary>
    public static string? RoundIdOf(string? instanceId)
    {
        if (instanceId is null || !instanceId.StartsWith(InstancePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = instanceId[InstancePrefix.Length..];
        var appointment = rest.IndexOf(Appoint.AppointmentProgresses.InstanceMarker, StringComparison.Ordinal);
        var roundId = appointment < 0 ? rest : rest[..appointment];
        return IsWellFormed(roundId) ? roundId : null;
    }

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

/// <summary>Who a wait is for, as the orchestrations' custom statuses name them and the dashboards show them.</summary>
public static class Waiting
{
    public const string Operator = "operator";
    public const string Ministry = "ministry";

    /// <summary>The round's selection panel (選定委員会): its reviewers score before the operator decides.</summary>
    public const string Panel = "panel";
    public const string Applicants = "applicants";

    /// <summary>Every registered municipality, while the round takes appointment requests.</summary>
    public const string Municipalities = "municipalities";

    /// <summary>The person a municipality asked to serve (an appointment's candidate).</summary>
    public const string Candidate = "candidate";
    public const string Schedule = "schedule";
    public const string Nobody = "none";

    /// <summary>Every value a custom status may name, with its Japanese name for the dashboards.</summary>
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Operator] = "受託事業者",
        [Ministry] = "総務省",
        [Panel] = "選定委員会",
        [Applicants] = "応募者",
        [Municipalities] = "自治体",
        [Candidate] = "任用を申し込まれた本人",
        [Schedule] = "日程（期日の到来）",
        [Nobody] = "なし",
    };

    /// <summary>
    /// Whether a wait is on people. A timer waiting for a date of the schedule, and an orchestration at work or done,
    /// wait for no one who could act: nobody is late on them.
    /// </summary>
    public static bool IsOnPeople(string role) => role is not (Schedule or Nobody) && Names.ContainsKey(role);
}
