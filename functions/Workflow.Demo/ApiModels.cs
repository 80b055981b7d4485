using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;

namespace Workflow.Demo;

// The JSON shapes the demo sends and reads, redeclared from the API's contract instead of referencing the Functions
// app: the demo must see the API exactly as an outside client does, so a contract break shows up here as a failure.
// Only the members the demo uses are declared; the rest of each answer is ignored.

/// <summary>The API's JSON dialect: web defaults (camelCase) and enums as camelCase strings.</summary>
public static class DemoJson
{
    /// <summary>For requests and answers; nulls are left out like the API does.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false, skipNulls: true);

    /// <summary>For the report and for printing problem bodies: readable, Japanese not escaped, nulls kept.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true, skipNulls: false);

    private static JsonSerializerOptions Create(bool indented, bool skipNulls)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = skipNulls ? JsonIgnoreCondition.WhenWritingNull : JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }
}

public sealed record CreateRoundRequest(int FiscalYear, string Title, string OperatorName, IReadOnlyList<PersonaOpening> Personas, RoundSchedule Schedule);

public sealed record RoundCreated(string RoundId, string InstanceId, RoundState State, string Message);

public sealed record ApplicationReceipt(string ApplicationId, string RoundId, string AccessToken, DateTimeOffset SubmittedAt, string Message);

/// <summary>RFC 9457 problem document; <see cref="Errors"/> maps a field to its Japanese messages.</summary>
public sealed record ProblemDocument(string? Type, string? Title, int? Status, string? Detail, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>Mirrors the API's application status enum (not in the domain), for the operator's list.</summary>
public enum ApplicationStatus { Submitted, Eligible, Ineligible, Selected, NotSelected, Certified, NotCertified }

public sealed record ApplicationSummaryView(string ApplicationId, string FullName, IReadOnlyList<Persona> Personas, ApplicationStatus Status, bool? Eligible, ScreeningView? Screening = null)
{
    /// <summary>The personas screening found the application eligible for: the panel decides on each of them.</summary>
    public IReadOnlyList<Persona> EligiblePersonas => Screening?.PerPersona.Where(r => r.Eligible).Select(r => r.Persona).ToList() ?? [];
}

public sealed record ScreeningView(bool Eligible, IReadOnlyList<PersonaScreeningView> PerPersona);

public sealed record PersonaScreeningView(Persona Persona, bool Eligible);

public sealed record ApplicationPage(IReadOnlyList<ApplicationSummaryView> Items, string? Continuation);

public sealed record RosterEntryView(string CandidateId, string RoundId, string Name, string Prefecture, IReadOnlyList<Persona> Personas, string CertificateId, DateTimeOffset PublishedAt);

public sealed record RosterPage(IReadOnlyList<RosterEntryView> Items, string? Continuation);

public sealed record PublicRosterEntryView(string Name, string Prefecture, IReadOnlyList<Persona> Personas);

public sealed record PublicRosterPage(IReadOnlyList<PublicRosterEntryView> Items, string? Continuation);

public sealed record NotificationView(string Id, string RoundId, string Kind, string Title, string Body, DateTimeOffset CreatedAt, string? SubjectId);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, string? Continuation);

public enum AppointmentRole { CioAdvisor, Other }

public enum AppointmentStatus { Requested, Accepted, Declined, Expired }

public enum EmploymentForm { SpecialPartTime, Contract, FixedTerm, Other }

public enum WorkStyle { OnSite, Remote, Hybrid }

public sealed record AppointmentRequest(string CandidateId, AppointmentRole Role, string? RoleTitle, EmploymentForm EmploymentForm, DateOnly StartsOn, DateOnly EndsOn,
    int DaysPerWeek, WorkStyle WorkStyle)
{
    /// <summary>A year from a month ahead (Japan's calendar), two days a week, on site and remote: terms a municipality might ask.</summary>
    public static AppointmentRequest AYearFromNextMonth(string candidateId, AppointmentRole role, string? roleTitle, EmploymentForm form)
    {
        var start = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime).AddDays(30);
        return new AppointmentRequest(candidateId, role, roleTitle, form, start, start.AddYears(1).AddDays(-1), 2, WorkStyle.Hybrid);
    }
}

public sealed record AppointmentView(
    string AppointmentId,
    string RoundId,
    string MunicipalityCode,
    string MunicipalityName,
    string CandidateId,
    AppointmentRole Role,
    string RoleTitle,
    bool WithinSpecialTaxMeasure,
    AppointmentStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset AnswerBy,
    DateTimeOffset? AnsweredAt);

public sealed record AnswerRequest(bool Accept);

/// <summary>A round's mail (GET /api/rounds/{id}/mail): counts per delivery state, and each message without its address.</summary>
/// <param name="IgnoredColumns">Headings of the file's columns the registry does not use.</param>
public sealed record MunicipalityImportView(int Imported, string Message, IReadOnlyList<string> IgnoredColumns);

public sealed record MailDeliveryListView(string RoundId, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<MailDeliveryView> Items);

public sealed record MailDeliveryView(string MessageId, string Kind, string Recipient, string? RecipientCode, string? SubjectId, string State, int Attempts, string? LastError);

/// <summary>The ministry's list of every wait on people (GET /api/ministry/waits); rows as the API sends them.</summary>
public sealed record PendingWaitListView(IReadOnlyList<JsonElement> Items, IReadOnlyDictionary<string, int> NotOnPeople);

