using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Appoint;

/// <summary>CIO補佐官等 appointments fall under the 特別交付税措置; other roles do not.</summary>
public enum AppointmentRole { CioAdvisor, Other }

public enum AppointmentStatus { Requested, Accepted, Declined, Expired }

public enum AppointmentAnswer { Accepted, Declined, Expired }

/// <summary>The Japanese names of an appointment's role and status, for every page, notice and the staff pages' labels.</summary>
public static class AppointmentNames
{
    public static string DisplayName(AppointmentRole role) => role switch
    {
        AppointmentRole.CioAdvisor => "CIO補佐官",
        AppointmentRole.Other => "その他",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown appointment role."),
    };

    public static string DisplayName(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Requested => "回答待ち",
        AppointmentStatus.Accepted => "承諾（任用）",
        AppointmentStatus.Declined => "辞退",
        AppointmentStatus.Expired => "回答期限切れ",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown appointment status."),
    };
}

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
    DateTimeOffset? AnsweredAt)
{
    public string InstanceId => AppointmentIds.InstanceId(RoundId, AppointmentId);
}

public sealed record AppointmentInput(string RoundId, string AppointmentId, DateTimeOffset AnswerBy);

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
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (TableBatches.IsConflict(e))
        {
            return false;
        }
    }

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
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, TableClient.CreateQueryFilter($"PartitionKey eq {roundId}"), cancellationToken: cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>
    /// Records the answer once, on the row as read (ETag): of two answers at once, or an answer and the deadline, the
    /// first written stands and is returned to both; <c>Recorded</c> says whether this call wrote it.
    /// </summary>
    public async Task<(AppointmentRecord Appointment, bool Recorded)> RecordAnswerAsync(string appointmentId, AppointmentAnswer answer, DateTimeOffset at, CancellationToken cancellationToken = default)
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
                return (current, false);
            }

            var status = answer switch
            {
                AppointmentAnswer.Accepted => AppointmentStatus.Accepted,
                AppointmentAnswer.Declined => AppointmentStatus.Declined,
                _ => AppointmentStatus.Expired,
            };
            try
            {
                await table.UpdateEntityAsync(new TableEntity(roundId, appointmentId) { ["Status"] = status.ToString(), ["AnsweredAt"] = at }, row.ETag, TableUpdateMode.Merge, cancellationToken);
                return (current with { Status = status, AnsweredAt = at }, true);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 10)
            {
                // Answered (or expired) meanwhile: the next read returns what was recorded.
            }
        }
    }

    private static AppointmentRecord ToRecord(TableEntity e) => new(
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
        e.GetDateTimeOffset("AnsweredAt"));
}
