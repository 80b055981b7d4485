using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Appointments;
using Workflow.Functions.Configuration;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;
using Workflow.Functions.Waits;

namespace Workflow.Functions.Appoint;

/// <param name="Shares">
/// For a shared (広域) appointment, every municipality's share, the asking one first, each with the measure assessed for
/// it; null when the asking municipality holds the appointment alone.
/// </param>
public sealed record AppointmentRecord(
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
    DateTimeOffset? AnsweredAt,
    AppointmentTerms? Terms = null,
    MeasureAssessment? Measure = null,
    IReadOnlyList<MunicipalityShare>? Shares = null)
{
    public string InstanceId => AppointmentIds.InstanceId(RoundId, AppointmentId);

    /// <summary>Whether <paramref name="code"/> asked for this appointment or shares it (a partner reads it, nothing else).</summary>
    public bool Involves(string? code) => code is not null && (code == MunicipalityCode || (Shares?.Any(s => s.MunicipalityCode == code) ?? false));

    /// <summary>The partners of a shared appointment: every share but the asking municipality's.</summary>
    public IEnumerable<MunicipalityShare> Partners => Shares?.Where(s => s.MunicipalityCode != MunicipalityCode) ?? [];
}

/// <param name="MunicipalityCode">
/// The 団体コード of the municipality that asked (an id, never a name); null in inputs of appointments requested before it
/// was carried, whose row still names it.
/// </param>
public sealed record AppointmentInput(string RoundId, string AppointmentId, DateTimeOffset AnswerBy, string? MunicipalityCode = null);

/// <summary>
/// The appointment orchestration's custom status: which appointment, of which round, asked by which municipality (ids
/// only), what it waits for, and once over, the answer recorded.
/// </summary>
public sealed record AppointmentProgress(string? RoundId, string? AppointmentId, string? MunicipalityCode, Wait Wait, AppointmentAnswer? Answer = null)
{
    /// <summary>
    /// Reads this shape and the first one, an anonymous <c>{ waitingFor, until }</c> (then <c>{ waitingFor, answer }</c>)
    /// that appointments started before still carry; their ids are then read from the instance id.
    /// </summary>
    [JsonConstructor]
    public AppointmentProgress(string? roundId, string? appointmentId, string? municipalityCode, Wait? wait, AppointmentAnswer? answer, string? waitingFor, DateTimeOffset? until)
        : this(roundId, appointmentId, municipalityCode, wait ?? Wait.FromFirstShape(waitingFor, until), answer)
    {
    }

    public static AppointmentProgress Of(AppointmentInput input, Wait wait) => new(input.RoundId, input.AppointmentId, input.MunicipalityCode, wait);

    /// <summary>Whom the appointment waits for, as the first shape said it; kept in the JSON for readers of that shape.</summary>
    public string WaitingFor => Wait.WaitingFor;

    /// <summary>The answer's deadline, as the first shape said it.</summary>
    public DateTimeOffset? Until => Wait.Deadline;
}

public static class AppointmentProgresses
{
    internal const string InstanceMarker = "-appointment-";

    /// <summary>An appointment's custom status as the engine serialized it; null if unreadable.</summary>
    public static AppointmentProgress? Read(string? serialized)
    {
        if (string.IsNullOrEmpty(serialized))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AppointmentProgress>(serialized, Http.Json.Durable);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The round and appointment a status is about: as it says, or for a status of the first shape (no ids), as its
    /// instance id names them (<see cref="AppointmentIds.InstanceId"/>). Null for an id of another shape.
    /// </summary>
    public static (string RoundId, string AppointmentId)? IdsOf(string instanceId, AppointmentProgress progress)
    {
        if (progress is { RoundId: { } roundId, AppointmentId: { } appointmentId })
        {
            return (roundId, appointmentId);
        }

        var marker = instanceId.IndexOf(InstanceMarker, StringComparison.Ordinal);
        if (!instanceId.StartsWith(RoundIds.InstancePrefix, StringComparison.Ordinal) || marker < 0)
        {
            return null;
        }

        var round = instanceId[RoundIds.InstancePrefix.Length..marker];
        var appointment = $"{round}_{instanceId[(marker + InstanceMarker.Length)..]}";
        return AppointmentIds.RoundOf(appointment) == round ? (round, appointment) : null;
    }
}

public sealed record AppointmentAnswerInput(string RoundId, string AppointmentId, AppointmentAnswer Answer, DateTimeOffset At);

public static class AppointmentIds
{
    public const string AnsweredEvent = "AppointmentAnswered";

    /// <summary>One appointment per municipality and person in a round: asking twice finds the first.</summary>
    public static string For(string roundId, string municipalityCode, string candidateId) =>
        $"{roundId}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{municipalityCode}|{candidateId}")))[..12]}";

    public static string InstanceId(string roundId, string appointmentId) =>
        $"{RoundIds.InstanceId(roundId)}-appointment-{appointmentId[(roundId.Length + 1)..]}";

    public static string? RoundOf(string appointmentId)
    {
        var sep = appointmentId.IndexOf('_', StringComparison.Ordinal);
        return sep > 0 && appointmentId.Length - sep - 1 == 12 && RoundIds.IsWellFormed(appointmentId[..sep]) ? appointmentId[..sep] : null;
    }
}

/// <summary>
/// The deployment's limit on what one person may hold at once (<see cref="SettingNames.AppointmentMaxDaysPerWeek"/>):
/// the value until the ministry sets one on its page (<see cref="AppointmentLimits"/>).
/// </summary>
public sealed record AppointmentPolicy(int MaxDaysPerWeek)
{
    public static AppointmentPolicy FromConfiguration(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        new(int.TryParse(configuration[SettingNames.AppointmentMaxDaysPerWeek], out var days) && days is >= 1 and <= Commitments.MostDaysPerWeekLimit
            ? days
            : AppointmentTerms.MaxDaysPerWeek);
}

/// <param name="Refusal">Why an acceptance was not recorded (the person's limit of days a week); null otherwise.</param>
public sealed record AnswerRecording(AppointmentRecord Appointment, bool Recorded, string? Refusal);

public sealed class AppointmentStore(WorkflowStorage storage)
{
    public async Task<bool> TryCreateAsync(AppointmentRecord record, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Appointments);
        try
        {
            await table.AddEntityAsync(new TableEntity(record.RoundId, record.AppointmentId)
            {
                ["MunicipalityCode"] = record.MunicipalityCode,
                ["MunicipalityName"] = record.MunicipalityName,
                ["CandidateId"] = record.CandidateId,
                ["Role"] = record.Role.ToString(),
                ["RoleTitle"] = record.RoleTitle,
                ["WithinSpecialTaxMeasure"] = record.WithinSpecialTaxMeasure,
                ["Status"] = record.Status.ToString(),
                ["RequestedAt"] = record.RequestedAt,
                ["AnswerBy"] = record.AnswerBy,
                ["TermsJson"] = record.Terms is null ? null : JsonSerializer.Serialize(record.Terms, Http.Json.Options),
                ["MeasureJson"] = record.Measure is null ? null : JsonSerializer.Serialize(record.Measure, Http.Json.Options),
                ["SharesJson"] = record.Shares is null ? null : JsonSerializer.Serialize(record.Shares, Http.Json.Options),
                // A column to filter on: a partner's evidence pack finds the shared appointments without a scan of every row's JSON.
                [SharedColumn] = record.Shares is not null,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (TableBatches.IsConflict(e))
        {
            return false;
        }
    }

    /// <summary>True on the row of a shared (広域) appointment.</summary>
    public const string SharedColumn = "Shared";

    public async Task<AppointmentRecord?> GetAsync(string appointmentId, CancellationToken cancellationToken = default)
    {
        if (AppointmentIds.RoundOf(appointmentId) is not { } roundId)
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.Appointments);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, roundId, appointmentId, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    public async Task<IReadOnlyList<AppointmentRecord>> ListAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Appointments);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table,
            TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey lt {CommitmentsFrom}"), cancellationToken: cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>
    /// Each person's accepted terms, one row per person in the round's partition, written in the same transaction as
    /// the acceptance (<see cref="RecordAnswerAsync"/>): two acceptances by one person at once cannot both pass the
    /// limit, because the second finds the row changed and reads it again. Keys start with "~", after every id.
    /// </summary>
    private const string CommitmentsFrom = "~";

    private static string CommitmentsKey(string candidateId) => $"~commitments_{candidateId}";

    /// <summary>The terms a person has accepted in a round (from their commitments row).</summary>
    public async Task<IReadOnlyList<AppointmentTerms>> AcceptedTermsAsync(string roundId, string candidateId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Appointments);
        var ledger = await TableBatches.GetOrDefaultAsync<TableEntity>(table, roundId, CommitmentsKey(candidateId), cancellationToken);
        return ledger?.GetString("TermsJson") is { } json ? JsonSerializer.Deserialize<List<AppointmentTerms>>(json, Http.Json.Options)! : [];
    }

    /// <summary>The person's row of accepted terms goes with their appointments (erasure).</summary>
    public async Task DeleteCommitmentsAsync(string roundId, string candidateId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Appointments);
        try
        {
            await table.DeleteEntityAsync(roundId, CommitmentsKey(candidateId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <summary>
    /// Records the answer once, on the row as read (ETag): of two answers at once, or an answer and the deadline, the
    /// first written stands and is returned to both; <c>Recorded</c> says whether this call wrote it. An acceptance
    /// that would give the person more than <paramref name="maxDaysPerWeek"/> days a week at once is not recorded,
    /// and <c>Refusal</c> says why (<see cref="Commitments"/>).
    /// </summary>
    public async Task<AnswerRecording> RecordAnswerAsync(string appointmentId, AppointmentAnswer answer, DateTimeOffset at, int maxDaysPerWeek = AppointmentTerms.MaxDaysPerWeek,
        CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Appointments);
        var roundId = AppointmentIds.RoundOf(appointmentId) ?? throw new InvalidOperationException($"Appointment {appointmentId} has no round.");
        for (var attempt = 1; ; attempt++)
        {
            var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, roundId, appointmentId, cancellationToken)
                ?? throw new InvalidOperationException($"Appointment {appointmentId} does not exist.");
            var current = ToRecord(row);
            if (current.Status != AppointmentStatus.Requested)
            {
                return new AnswerRecording(current, false, null);
            }

            if (answer == AppointmentAnswer.Accepted && current.Terms is { } terms)
            {
                var ledger = await TableBatches.GetOrDefaultAsync<TableEntity>(table, roundId, CommitmentsKey(current.CandidateId), cancellationToken);
                var held = ledger?.GetString("TermsJson") is { } json
                    ? JsonSerializer.Deserialize<List<AppointmentTerms>>(json, Http.Json.Options)!
                    : [];
                if (Commitments.RefuseAccepting(terms, held, maxDaysPerWeek) is { } refusal)
                {
                    return new AnswerRecording(current, false, refusal);
                }

                var newLedger = new TableEntity(roundId, CommitmentsKey(current.CandidateId))
                {
                    ["TermsJson"] = JsonSerializer.Serialize(held.Append(terms).ToList(), Http.Json.Options),
                };
                try
                {
                    await table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.UpdateMerge, Answered(roundId, appointmentId, AppointmentStatus.Accepted, at), row.ETag),
                        ledger is null
                            ? new TableTransactionAction(TableTransactionActionType.Add, newLedger)
                            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newLedger, ledger.ETag),
                    ], cancellationToken);
                    return new AnswerRecording(current with { Status = AppointmentStatus.Accepted, AnsweredAt = at }, true, null);
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 10)
                {
                    // The appointment was answered, or the person accepted another, meanwhile: read both again.
                    continue;
                }
            }

            var status = answer switch
            {
                AppointmentAnswer.Accepted => AppointmentStatus.Accepted,
                AppointmentAnswer.Declined => AppointmentStatus.Declined,
                _ => AppointmentStatus.Expired,
            };
            try
            {
                await table.UpdateEntityAsync(Answered(roundId, appointmentId, status, at), row.ETag, TableUpdateMode.Merge, cancellationToken);
                return new AnswerRecording(current with { Status = status, AnsweredAt = at }, true, null);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 10)
            {
                // Answered (or expired) meanwhile: the next read returns what was recorded.
            }
        }
    }

    private static TableEntity Answered(string roundId, string appointmentId, AppointmentStatus status, DateTimeOffset at) =>
        new(roundId, appointmentId) { ["Status"] = status.ToString(), ["AnsweredAt"] = at };

    /// <summary>An appointment row as its record (the evidence packs read rows they query themselves).</summary>
    internal static AppointmentRecord ToRecord(TableEntity e) => new(
        e.RowKey,
        e.PartitionKey,
        e.GetString("MunicipalityCode") ?? string.Empty,
        e.GetString("MunicipalityName") ?? string.Empty,
        e.GetString("CandidateId") ?? string.Empty,
        Enum.Parse<AppointmentRole>(e.GetString("Role") ?? nameof(AppointmentRole.Other)),
        e.GetString("RoleTitle") ?? string.Empty,
        e.GetBoolean("WithinSpecialTaxMeasure") ?? false,
        Enum.Parse<AppointmentStatus>(e.GetString("Status") ?? nameof(AppointmentStatus.Requested)),
        e.GetDateTimeOffset("RequestedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("AnswerBy") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("AnsweredAt"),
        e.GetString("TermsJson") is { } terms ? JsonSerializer.Deserialize<AppointmentTerms>(terms, Http.Json.Options) : null,
        e.GetString("MeasureJson") is { } measure ? JsonSerializer.Deserialize<MeasureAssessment>(measure, Http.Json.Options) : null,
        e.GetString("SharesJson") is { } shares ? JsonSerializer.Deserialize<List<MunicipalityShare>>(shares, Http.Json.Options) : null);
}
