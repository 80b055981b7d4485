using Workflow.Domain.Appointments;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Rounds;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Pages;

/// <summary>
/// The Japanese names of the API's enum values, taken from their one definition each (domain and function code),
/// for the staff pages' scripts. Keys are the values as the API writes them, so a script looks a name up with the
/// value it received. Staff pages carry this as a JSON block (see <see cref="Staff.StaffPage"/>); the scripts keep
/// no copy of their own.
/// </summary>
/// <param name="Screening">eligible / ineligible / notScreened for an application, met / notMet per persona.</param>
/// <param name="Decision">The panel's decisions, and "none" while nothing is recorded.</param>
/// <param name="Role">The roles as the business log names them (lower case), and "system" for the orchestrations.</param>
/// <param name="Action">Business log actions, keyed as the log records them (PascalCase).</param>
/// <param name="EventType">Orchestration history event types, keyed as the History table stores them.</param>
public sealed record Labels(
    IReadOnlyDictionary<string, string> State,
    IReadOnlyDictionary<string, string> Step,
    IReadOnlyDictionary<string, string> Status,
    IReadOnlyDictionary<string, string> Decision,
    IReadOnlyDictionary<string, string> Screening,
    IReadOnlyDictionary<string, string> Persona,
    IReadOnlyDictionary<string, string> Qualification,
    IReadOnlyDictionary<string, string> ExperienceKind,
    IReadOnlyDictionary<string, string> Framework,
    IReadOnlyList<string> Prefectures,
    IReadOnlyDictionary<string, string> Waiting,
    IReadOnlyDictionary<string, string> AppointmentStatus,
    IReadOnlyDictionary<string, string> AppointmentRole,
    IReadOnlyDictionary<string, string> EmploymentForm,
    IReadOnlyDictionary<string, string> WorkStyle,
    IReadOnlyDictionary<string, string> Role,
    IReadOnlyDictionary<string, string> Action,
    IReadOnlyDictionary<string, string> EventType,
    IReadOnlyDictionary<string, string> Source,
    IReadOnlyDictionary<string, string> MailState,
    IReadOnlyDictionary<string, string> NoticeKind,
    IReadOnlyDictionary<string, string> MailRecipient,
    IReadOnlyDictionary<string, string> Funnel,
    IReadOnlyDictionary<string, string> Listing,
    IReadOnlyDictionary<string, string> ContactStatus,
    IReadOnlyDictionary<string, string> NeedStatus,
    IReadOnlyDictionary<string, string> ErasureHoldReason)
{
    public static Labels Current { get; } = Build();

    /// <summary>
    /// <see cref="Current"/> as JSON safe to place inside a script element: the encoder escapes &lt; &gt; &amp; and
    /// quotes, so no name can end the element, while Japanese stays readable.
    /// </summary>
    public static string Json { get; } = JsonSerializer.Serialize(Current, new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    });

    /// <summary>The data block a staff page carries; type application/json is never run, so the CSP's script-src allows it.</summary>
    public static Markup Script { get; } = Html.Raw($"<script type=\"application/json\" id=\"labels\">{Json}</script>");

    /// <summary>An enum value as the API writes it (camelCase), by the API's own converter.</summary>
    public static string Key<T>(T value)
        where T : struct, Enum =>
        JsonSerializer.SerializeToElement(value, Http.Json.Options).GetString()!;

    private static Dictionary<string, string> Names<T>(Func<T, string> name)
        where T : struct, Enum =>
        Enum.GetValues<T>().ToDictionary(Key, name, StringComparer.Ordinal);

    private static Labels Build() => new(
        State: Names<RoundState>(RoundStateMachine.DisplayName),
        Step: Names<RoundStep>(RoundStateMachine.DisplayName),
        Status: Names<ApplicationStatus>(ApplicationNames.DisplayName),
        Decision: new Dictionary<string, string>(Names<PanelDecision>(ApplicationNames.DisplayName), StringComparer.Ordinal)
        {
            ["none"] = ApplicationNames.NoDecision,
        },
        Screening: new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["eligible"] = ScreeningNames.Verdict(true),
            ["ineligible"] = ScreeningNames.Verdict(false),
            ["notScreened"] = ScreeningNames.NotScreened,
            ["met"] = ScreeningNames.PersonaVerdict(true),
            ["notMet"] = ScreeningNames.PersonaVerdict(false),
        },
        Persona: Names<Persona>(SkillStandardCatalog.DisplayName),
        Qualification: Names<Qualification>(SkillStandardCatalog.DisplayName),
        ExperienceKind: Names<ExperienceKind>(SkillStandardCatalog.DisplayName),
        Framework: Names<SkillFramework>(SkillStandardCatalog.DisplayName),
        Prefectures: Domain.Municipalities.Prefectures.All,
        Waiting: Rounds.Waiting.Names,
        AppointmentStatus: Names<AppointmentStatus>(AppointmentNames.DisplayName),
        AppointmentRole: Names<AppointmentRole>(AppointmentNames.DisplayName),
        EmploymentForm: Names<EmploymentForm>(AppointmentNames.DisplayName),
        WorkStyle: Names<WorkStyle>(AppointmentNames.DisplayName),
        Role: new Dictionary<string, string>(Names<ActorRole>(ActorRoleNames.DisplayName), StringComparer.Ordinal)
        {
            [Actor.SystemLogName] = ActorRoleNames.System,
        },
        Action: BusinessLogActions.Names,
        EventType: TimelineNames.EventTypes,
        Source: TimelineNames.Sources,
        MailState: Names<Domain.Mail.DeliveryState>(Domain.Mail.DeliveryPolicy.DisplayName),
        NoticeKind: Notifications.NoticeKinds.Names,
        MailRecipient: Names<Domain.Mail.MailRecipient>(Domain.Mail.DeliveryPolicy.DisplayName),
        Funnel: RoundCountNames.Funnel,
        Listing: Names<ListingTier>(ListingNames.DisplayName),
        ContactStatus: Names<ContactStatus>(ContactNames.DisplayName),
        NeedStatus: Names<Domain.Appointments.NeedStatus>(NeedRules.DisplayName),
        ErasureHoldReason: Names<Domain.Privacy.ErasureHoldReason>(Domain.Privacy.ErasureStates.HoldReasonName));
}
