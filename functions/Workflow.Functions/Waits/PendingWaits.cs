using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Rounds;
using Workflow.Functions.Appoint;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Waits;

/// <summary>Someone a listed wait is on, with where that party acts.</summary>
/// <param name="Name">The role's Japanese name (<see cref="Waiting.Names"/>).</param>
/// <param name="OrganisationName">The operator's or municipality's name, from the round row or the municipality registry.</param>
/// <param name="ActAt">The page where this party acts on the wait.</param>
/// <param name="ActAtName">What that page is, in Japanese, for the link.</param>
public sealed record PendingWaitParty(string Role, string Name, string? Organisation, string? OrganisationName, string ActAt, string ActAtName);

/// <summary>One wait on people, as the ministry's list shows it.</summary>
/// <param name="Kind"><c>round</c> or <c>appointment</c>.</param>
/// <param name="StateName">The round's state, or for an appointment its status, in Japanese.</param>
/// <param name="Overdue">
/// The orchestration says the wait is overdue, or its deadline has passed while it still waits: a timer that has not
/// fired yet (a host that was down overnight) is late all the same for whoever reads the list in the morning.
/// </param>
/// <param name="RequestedBy">For an appointment, the municipality that asked: it cannot end the wait, but it is whom the ministry would call about it.</param>
/// <param name="Prefecture">
/// For an appointment, the asking municipality's prefecture (from the registry). Rounds are national: the ministry
/// commissions one operator for the whole country, and the operator has no prefecture in the system, so round waits
/// have none.
/// </param>
public sealed record PendingWait(
    string Kind,
    string InstanceId,
    string RoundId,
    string? AppointmentId,
    int? FiscalYear,
    string? RoundTitle,
    RoundStep Step,
    string StepName,
    string StateName,
    PendingWaitParty WaitingFor,
    IReadOnlyList<PendingWaitParty> Also,
    DateTimeOffset? Since,
    DateTimeOffset? Deadline,
    bool Overdue,
    bool Stalled,
    PendingWaitParty? RequestedBy,
    string? Prefecture)
{
    public const string RoundKind = "round";
    public const string AppointmentKind = "appointment";

    /// <summary>Every role this wait is on: whom it waits for, then who else may act.</summary>
    public IEnumerable<string> Roles() => Also.Select(p => p.Role).Prepend(WaitingFor.Role);
}

/// <summary>
/// The list's filters. A role matches a wait it is on in any way (waited for, or able to act too): asking what waits
/// on the operator includes the overdue commission it may still accept. A prefecture keeps only waits located in it,
/// which are appointments (see <see cref="PendingWait.Prefecture"/>).
/// </summary>
public sealed record WaitFilter(string? Role = null, string? Prefecture = null, string? RoundId = null)
{
    public bool Matches(PendingWait wait) =>
        (Role is null || wait.Roles().Contains(Role, StringComparer.Ordinal))
        && (Prefecture is null || string.Equals(wait.Prefecture, Prefecture, StringComparison.Ordinal))
        && (RoundId is null || string.Equals(wait.RoundId, RoundId, StringComparison.Ordinal));
}

/// <summary>
/// Turns the orchestrations' custom statuses into the ministry's list of waits on people, in the order it is read:
/// overdue first (the longest overdue on top), then stalled rounds (nothing moves until the ministry acts), then by
/// deadline, then those bound by no date, oldest first.
/// </summary>
public static class PendingWaits
{
    /// <summary>A round's wait on people, or null when it waits for a date or for no one.</summary>
    /// <remarks>
    /// A status whose state is not the round row's is one the orchestrator has not replaced yet: the row moves first
    /// (a command was recorded, the wait is over) and until the orchestrator says what it waits for next, nothing is
    /// listed, as on the dashboard.
    /// </remarks>
    public static PendingWait? FromRound(RoundRecord round, RoundStatus status, string instanceId, DateTimeOffset now)
    {
        var wait = status.Wait;
        if (status.State != round.State || !Waiting.IsOnPeople(wait.WaitingFor))
        {
            return null;
        }

        PendingWaitParty Party(WaitParty p) => RoundParty(round, status.Step, p);
        return new PendingWait(
            PendingWait.RoundKind,
            instanceId,
            round.RoundId,
            null,
            round.FiscalYear,
            round.Title,
            status.Step,
            RoundStateMachine.DisplayName(status.Step),
            RoundStateMachine.DisplayName(status.State),
            Party(new WaitParty(wait.WaitingFor, wait.Organisation)),
            wait.Also.Where(p => Waiting.IsOnPeople(p.Role)).Select(Party).ToList(),
            wait.Since,
            wait.Deadline,
            IsOverdue(wait.Overdue, wait.Deadline, now),
            status.Stalled,
            null,
            null);
    }

    /// <summary>An appointment's wait on its person, or null when it is over (its row says answered, expired or erased).</summary>
    /// <param name="round">The round row, for its name; null if it is gone.</param>
    /// <param name="municipality">The asking municipality as registered; null if the registry no longer has it.</param>
    public static PendingWait? FromAppointment(AppointmentRecord appointment, AppointmentProgress progress, RoundRecord? round, Municipality? municipality,
        string instanceId, DateTimeOffset now)
    {
        var wait = progress.Wait;
        if (appointment.Status != AppointmentStatus.Requested || !Waiting.IsOnPeople(wait.WaitingFor))
        {
            return null;
        }

        var code = progress.MunicipalityCode ?? appointment.MunicipalityCode;
        var deadline = wait.Deadline ?? appointment.AnswerBy;

        // The registry's prefecture; the code's first two digits (JIS X 0401) name it for a municipality since removed.
        var prefecture = municipality?.Prefecture is { Length: > 0 } registered ? registered
            : code.Length >= 2 && Prefectures.TryNameOf(code[..2], out var byCode) ? byCode : null;
        var person = new PendingWaitParty(wait.WaitingFor, Waiting.Names[wait.WaitingFor], null, null,
            "/applications/status", "応募状況の確認（本人が回答するページ）");
        var asking = new PendingWaitParty(Waiting.Municipalities, Waiting.Names[Waiting.Municipalities], code,
            municipality?.Name ?? appointment.MunicipalityName, "/municipality/appointments", "任用の申込み（申込み元の自治体のページ）");
        return new PendingWait(
            PendingWait.AppointmentKind,
            instanceId,
            appointment.RoundId,
            appointment.AppointmentId,
            round?.FiscalYear,
            round?.Title,
            RoundStep.Appoint,
            RoundStateMachine.DisplayName(RoundStep.Appoint),
            AppointmentNames.DisplayName(appointment.Status),
            person,
            [],
            wait.Since ?? appointment.RequestedAt,
            deadline,
            IsOverdue(wait.Overdue, deadline, now),
            false,
            asking,
            prefecture);
    }

    public static IReadOnlyList<PendingWait> Order(IEnumerable<PendingWait> waits) =>
        waits.OrderByDescending(w => w.Overdue)
            .ThenByDescending(w => w.Stalled)
            .ThenBy(w => w.Deadline is null)
            .ThenBy(w => w.Deadline)
            .ThenBy(w => w.Since ?? DateTimeOffset.MaxValue)
            .ThenBy(w => w.InstanceId, StringComparer.Ordinal)
            .ToList();

    private static bool IsOverdue(bool said, DateTimeOffset? deadline, DateTimeOffset now) => said || deadline is { } at && at <= now;

    /// <summary>Where each party acts on a round: the page that holds the button or form that ends (or serves) the wait.</summary>
    private static PendingWaitParty RoundParty(RoundRecord round, RoundStep step, WaitParty party)
    {
        var id = Uri.EscapeDataString(round.RoundId);
        var (actAt, actAtName) = party.Role switch
        {
            Waiting.Ministry => ($"/ministry?round={id}", "公募ラウンドの状況（総務省の操作）"),
            Waiting.Operator when step == RoundStep.Select => ($"/operator/rounds/{id}/applications", "応募の一覧（受託事業者の選定）"),
            Waiting.Operator when step == RoundStep.Train => ($"/operator/rounds/{id}/training", "研修の出席と修了証（受託事業者）"),
            Waiting.Operator => ("/operator", "担当する公募（受託事業者の操作）"),
            Waiting.Panel => ($"/reviewer/rounds/{id}", "採点する応募（選定委員）"),
            Waiting.Applicants => ($"/calls/{id}", "公募のページ（応募者）"),
            Waiting.Municipalities => ("/municipality/roster", "人材リストから任用を申し込む（自治体）"),
            _ => ("/ministry", "公募ラウンドの状況"),
        };

        // An operator is named by the round it was commissioned for; its name is the round row's (a company, not a person).
        var organisationName = party.Role == Waiting.Operator ? round.OperatorName : null;
        return new PendingWaitParty(party.Role, Waiting.Names.GetValueOrDefault(party.Role, party.Role), party.Organisation, organisationName, actAt, actAtName);
    }
}
