using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Applications;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Http;

namespace Workflow.Functions.Apply;

/// <summary>
/// Applications of a round are spread over a fixed number of partitions ("shards") by a hash of the e-mail
/// address, so each partition can be read and written in batch transactions by one activity, and the e-mail
/// claim that prevents a second application lives in the same partition as the application itself.
/// </summary>
public static class ApplicationShards
{
    public const int Count = 16;

    public static int Of(string normalizedEmail) => SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail))[0] % Count;

    public static string PartitionKey(string roundId, int shard) => $"{roundId}_{shard:D2}";
}

/// <summary>The input of every per-shard activity: ids, a time from the orchestrator and a small number.</summary>
public sealed record ShardInput(string RoundId, int Shard, DateTimeOffset At, int Parameter = 0);

/// <summary>An application id says where the application lives: round, shard and a random part.</summary>
public static class ApplicationIds
{
    public static string New(string roundId, int shard) => $"{PrefixOf(roundId, shard)}{Guid.NewGuid():N}"[..(roundId.Length + 4 + 20)];

    /// <summary>What every application id of one shard begins with.</summary>
    public static string PrefixOf(string roundId, int shard) => $"{ApplicationShards.PartitionKey(roundId, shard)}_";

    public static bool TryParse(string? applicationId, out string roundId, out int shard)
    {
        roundId = string.Empty;
        shard = -1;
        if (applicationId is null || applicationId.Length > 80)
        {
            return false;
        }

        var parts = applicationId.Split('_');
        if (parts.Length != 3 || parts[1].Length != 2 || !int.TryParse(parts[1], out shard) || shard is < 0 or >= ApplicationShards.Count
            || parts[2].Length != 20 || !parts[2].All(char.IsAsciiHexDigitLower) || !Rounds.RoundIds.IsWellFormed(parts[0]))
        {
            shard = -1;
            return false;
        }

        roundId = parts[0];
        return true;
    }
}

/// <summary>One application row. Personal data lives here and in the résumé blob only.</summary>
public sealed class ApplicationEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string RoundId { get; set; } = string.Empty;

    public int Shard { get; set; }

    public string FullName { get; set; } = string.Empty;

    public string? FullNameKana { get; set; }

    public string Email { get; set; } = string.Empty;

    public string Phone { get; set; } = string.Empty;

    public string Prefecture { get; set; } = string.Empty;

    /// <summary>Comma-separated <see cref="Persona"/> names.</summary>
    public string Personas { get; set; } = string.Empty;

    /// <summary>Self-assessments, qualifications, skill levels and experience as JSON.</summary>
    public string ProfileJson { get; set; } = "{}";

    /// <summary>The first form's one checkbox (the public roster); read only when <see cref="ListingJson"/> is absent.</summary>
    public bool ConsentToPublication { get; set; }

    /// <summary>The person's <see cref="ListingChoice"/> as JSON: who may see them on the roster, and their preferences.</summary>
    public string? ListingJson { get; set; }

    /// <summary>
    /// How many times the choice was changed after submission: the roster row carries the version it was written
    /// from, so a writer that read an older choice sees, after writing, that it must write again.
    /// </summary>
    public int ListingVersion { get; set; }

    /// <summary>When the choice was last changed: the time its business-log line carries, so a repeat writes the same line.</summary>
    public DateTimeOffset? ListingChangedAt { get; set; }

    [System.Runtime.Serialization.IgnoreDataMember]
    public ListingChoice Listing => ListingJson is null
        ? ListingChoice.FromConsent(ConsentToPublication)
        : JsonSerializer.Deserialize<ListingChoice>(ListingJson, Json.Options)!;

    public static string ListingColumn(ListingChoice choice) => JsonSerializer.Serialize(choice.Normalized(), Json.Options);

    public string ResumeBlob { get; set; } = string.Empty;

    /// <summary>SHA-256 of the applicant's access token (<see cref="Identity.ApplicantTokens"/>); the token itself is never stored.</summary>
    public string AccessTokenHash { get; set; } = string.Empty;

    /// <summary>
    /// <see cref="Http.IdempotencyKey.Hash"/> of the key the application was submitted with, if any: what names the
    /// key's record in the partition, so that withdrawal and erasure find it.
    /// </summary>
    public string? SubmissionKeyHash { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public string Status { get; set; } = nameof(ApplicationStatus.Submitted);

    public bool? Eligible { get; set; }

    public string? ScreeningJson { get; set; }

    /// <summary>The panel's decisions, one per persona at most (<see cref="PersonaDecision"/> as JSON).</summary>
    public string? DecisionsJson { get; set; }

    /// <summary>The outcome per persona applied for (<see cref="PersonaOutcome"/> as JSON), written with the status.</summary>
    public string? OutcomesJson { get; set; }

    public string? OutcomeReason { get; set; }

    public bool? Attended1 { get; set; }

    public bool? Attended2 { get; set; }

    public bool? Attended3 { get; set; }

    public bool? Attended4 { get; set; }

    public bool? Attended5 { get; set; }

    public bool? Attended6 { get; set; }

    public string? CertificateId { get; set; }

    public bool? Published { get; set; }

    /// <summary>When a conflict of interest was last declared on the application: written to change the row's ETag.</summary>
    public DateTimeOffset? DeclarationsChangedAt { get; set; }

    [System.Runtime.Serialization.IgnoreDataMember]
    public IReadOnlyList<Persona> PersonaList =>
        Personas.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Persona>).ToArray();

    [System.Runtime.Serialization.IgnoreDataMember]
    public ApplicationLifecycle Lifecycle => new(
        Enum.Parse<ApplicationStatus>(Status),
        ScreeningJson is null ? null : JsonSerializer.Deserialize<ApplicationScreening>(ScreeningJson, Json.Options),
        DecisionsJson is null ? [] : JsonSerializer.Deserialize<List<PersonaDecision>>(DecisionsJson, Json.Options)!,
        OutcomesJson is null ? [] : JsonSerializer.Deserialize<List<PersonaOutcome>>(OutcomesJson, Json.Options)!);

    /// <summary>The personas this person was selected as: what they are trained, listed and appointed as.</summary>
    [System.Runtime.Serialization.IgnoreDataMember]
    public IReadOnlyList<Persona> SelectedPersonas => Lifecycle.SelectedPersonas;

    public static string DecisionsColumn(IReadOnlyList<PersonaDecision> decisions) => JsonSerializer.Serialize(decisions, Json.Options);

    public static string OutcomesColumn(IReadOnlyList<PersonaOutcome> outcomes) => JsonSerializer.Serialize(outcomes, Json.Options);

    public IReadOnlyCollection<int> AttendedSessions()
    {
        bool?[] flags = [Attended1, Attended2, Attended3, Attended4, Attended5, Attended6];
        return flags.Select((f, i) => (f, i)).Where(x => x.f == true).Select(x => x.i + 1).ToArray();
    }

    public static string AttendedColumn(int session) => "Attended" + session;
}

/// <summary>The self-declared profile, stored as one JSON column.</summary>
public sealed record ApplicantProfile(
    IReadOnlyList<SelfAssessment> SelfAssessments,
    IReadOnlyList<Qualification> Qualifications,
    IReadOnlyList<SkillLevelClaim> SkillLevels,
    IReadOnlyList<ExperienceClaim> Experiences);
