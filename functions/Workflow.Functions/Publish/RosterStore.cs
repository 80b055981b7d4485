using System.Text.Json;
using Azure.Data.Tables;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Publish;

/// <summary>A published person: only what the applicant consented to show, and what municipalities need to choose.</summary>
public sealed record RosterEntry(
    string CandidateId,
    string RoundId,
    string Name,
    string Prefecture,
    IReadOnlyList<Persona> Personas,
    IReadOnlyList<string> PersonaNames,
    IReadOnlyList<string> Qualifications,
    IReadOnlyList<string> Experience,
    string CertificateId,
    DateTimeOffset PublishedAt);

/// <summary>The roster (人材リスト), partitioned like the applications so a shard is published in batches.</summary>
public sealed class RosterStore(WorkflowStorage storage)
{
    private static string PersonaColumn(Persona p) => "Is" + p;

    /// <summary>
    /// The person is listed only under the personas they were selected as (and, being on the roster, certified for):
    /// a persona they applied for and were not selected as is never shown, so no listing rests on another's grounds.
    /// </summary>
    public static TableEntity ToEntity(ApplicationEntity application, DateTimeOffset at)
    {
        var personas = application.SelectedPersonas;
        var profile = JsonSerializer.Deserialize<ApplicantProfile>(application.ProfileJson, Json.Options)!;
        var entry = new RosterEntry(
            application.RowKey,
            application.RoundId,
            application.FullName,
            application.Prefecture,
            personas,
            personas.Select(SkillStandardCatalog.DisplayName).ToList(),
            profile.Qualifications.Select(SkillStandardCatalog.DisplayName).ToList(),
            profile.Experiences.Select(e => SkillStandardCatalog.DisplayName(e.Kind)).Distinct().ToList(),
            application.CertificateId ?? string.Empty,
            at);
        var entity = new TableEntity(application.PartitionKey, application.RowKey)
        {
            ["RoundId"] = application.RoundId,
            ["Prefecture"] = application.Prefecture,
            ["EntryJson"] = JsonSerializer.Serialize(entry, Json.Options),
        };
        foreach (var persona in personas)
        {
            entity[PersonaColumn(persona)] = true;
        }

        return entity;
    }

    public async Task UpsertAsync(IEnumerable<TableEntity> entries, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Roster);
        await TableBatches.SubmitAsync(table, entries.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
    }

    public async Task<RosterEntry?> GetAsync(string candidateId, CancellationToken cancellationToken = default)
    {
        if (!ApplicationIds.TryParse(candidateId, out var roundId, out var shard))
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.Roster);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, ApplicationShards.PartitionKey(roundId, shard), candidateId, cancellationToken);
        return row is null ? null : JsonSerializer.Deserialize<RosterEntry>(row.GetString("EntryJson")!, Json.Options);
    }

    public async Task<(IReadOnlyList<RosterEntry> Items, string? Continuation)> PageAsync(Persona? persona, string? prefecture, string? roundId, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Roster);
        var filters = new List<string>();
        if (persona is not null)
        {
            filters.Add($"{PersonaColumn(persona.Value)} eq true");
        }

        if (prefecture is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Prefecture eq {prefecture}"));
        }

        if (roundId is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"RoundId eq {roundId}"));
        }

        var filter = filters.Count == 0 ? null : string.Join(" and ", filters);
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize))
        {
            return (page.Values.Select(v => JsonSerializer.Deserialize<RosterEntry>(v.GetString("EntryJson")!, Json.Options)!).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }
}
