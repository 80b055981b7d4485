using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Appointments;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Http;
using Workflow.Functions.Publish;
using Workflow.Functions.Select;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Appoint;

/// <summary>A need as recorded: who described it, when, what it asks, and whether (and how) it was closed.</summary>
public sealed record NeedRecord(string NeedId, string MunicipalityCode, string MunicipalityName, MunicipalNeed Need, DateTimeOffset CreatedAt, string CreatedBy,
    NeedClosure? Closure = null)
{
    public NeedStatus Status => Closure?.Status ?? NeedStatus.Open;
}

/// <summary>Municipalities' needs, one partition per municipality; a need's id follows from its municipality and its request.</summary>
public sealed class NeedStore(WorkflowStorage storage)
{
    public static string IdFor(string municipalityCode, DateTimeOffset at, MunicipalNeed need) =>
        "N" + municipalityCode + "-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{municipalityCode}|{at.UtcTicks}|{JsonSerializer.Serialize(need, Json.Options)}")))[..10];

    public static string? CodeOf(string needId) =>
        needId is { Length: 18 } && needId[0] == 'N' && needId[7] == '-' && Domain.Municipalities.MunicipalityCode.IsValid(needId[1..7]) ? needId[1..7] : null;

    public async Task<NeedRecord> AddAsync(NeedRecord record, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Needs);
        try
        {
            await table.AddEntityAsync(new TableEntity(record.MunicipalityCode, record.NeedId)
            {
                ["MunicipalityName"] = record.MunicipalityName,
                ["NeedJson"] = JsonSerializer.Serialize(record.Need, Json.Options),
                ["CreatedAt"] = record.CreatedAt,
                ["CreatedBy"] = record.CreatedBy,
            }, cancellationToken);
            return record;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return (await GetAsync(record.NeedId, cancellationToken))!;
        }
    }

    public async Task<NeedRecord?> GetAsync(string needId, CancellationToken cancellationToken = default)
    {
        if (CodeOf(needId) is not { } code)
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.Needs);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, code, needId, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    /// <summary>
    /// Closes the need as <paramref name="closure"/> says unless it was closed already; the need as it stands after, or
    /// null when there is no such need. Written under the row's ETag, so two closings at once record one.
    /// </summary>
    public async Task<NeedRecord?> CloseAsync(string needId, NeedClosure closure, CancellationToken cancellationToken = default)
    {
        if (CodeOf(needId) is not { } code)
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.Needs);
        while (true)
        {
            var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, code, needId, cancellationToken);
            if (row is null || ToRecord(row).Closure is not null)
            {
                return row is null ? null : ToRecord(row);
            }

            try
            {
                await table.UpdateEntityAsync(new TableEntity(code, needId) { ["ClosureJson"] = JsonSerializer.Serialize(closure, Json.Options) }, row.ETag,
                    TableUpdateMode.Merge, cancellationToken);
                return ToRecord(row) with { Closure = closure };
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Closed by someone else meanwhile: read what they recorded.
            }
        }
    }

    /// <summary>A municipality's needs, or every municipality's when <paramref name="municipalityCode"/> is null; newest first.</summary>
    public async Task<IReadOnlyList<NeedRecord>> ListAsync(string? municipalityCode, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Needs);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table,
            municipalityCode is null ? string.Empty : TableClient.CreateQueryFilter($"PartitionKey eq {municipalityCode}"), cancellationToken: cancellationToken);
        return [.. rows.Select(ToRecord).OrderByDescending(n => n.CreatedAt).ThenBy(n => n.NeedId, StringComparer.Ordinal)];
    }

    private static NeedRecord ToRecord(TableEntity row) => new(row.RowKey, row.PartitionKey, row.GetString("MunicipalityName") ?? string.Empty,
        JsonSerializer.Deserialize<MunicipalNeed>(row.GetString("NeedJson")!, Json.Options)!, row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        row.GetString("CreatedBy") ?? string.Empty,
        row.GetString("ClosureJson") is { } closure ? JsonSerializer.Deserialize<NeedClosure>(closure, Json.Options) : null);
}

/// <summary>
/// The roster as the ranking reads it: every person listed under a persona, with the selection panel's mean level per
/// skill item of that persona and the terms they have accepted. Read once per request and ranked for each need.
/// </summary>
public sealed class RosterCandidates(RosterStore roster, PanelStore panel, AppointmentStore appointments)
{
    public async Task<IReadOnlyList<RosterCandidate>> ForPersonaAsync(Persona persona, CancellationToken cancellationToken = default)
    {
        var entries = new List<RosterEntry>();
        string? continuation = null;
        do
        {
            (var page, continuation) = await roster.PageAsync(RosterAudience.Listed, persona, null, null, 1000, continuation, cancellationToken);
            entries.AddRange(page);
        }
        while (continuation is not null);

        var candidates = new List<RosterCandidate>();
        foreach (var round in entries.GroupBy(e => e.RoundId))
        {
            var scores = await panel.ForRoundAsync(round.Key, cancellationToken);
            foreach (var entry in round)
            {
                var levels = scores[entry.CandidateId].Where(s => s.Persona == persona).SelectMany(s => s.Items)
                    .GroupBy(i => i.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Average(i => i.Level), StringComparer.Ordinal);
                candidates.Add(new RosterCandidate(entry.CandidateId, entry.RoundId, entry.Name, entry.Prefecture, entry.Personas, levels,
                    await appointments.AcceptedTermsAsync(entry.RoundId, entry.CandidateId, cancellationToken), entry.Listing));
            }
        }

        return candidates;
    }
}
