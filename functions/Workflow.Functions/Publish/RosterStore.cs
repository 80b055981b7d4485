using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Azure;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Publish;

/// <summary>
/// A certified person as the roster holds them: what municipalities choose from. <see cref="Tier"/> says who may see
/// the entry; a person who chose not to be listed keeps their row (an appointment already made still names them), and
/// every listing read leaves it out.
/// </summary>
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
    DateTimeOffset PublishedAt,
    ListingTier Tier = ListingTier.Public,
    IReadOnlyList<WorkStyle>? WorkStyles = null,
    IReadOnlyList<string>? Regions = null)
{
    /// <summary>The person's preferences as the ranking and the profile read them.</summary>
    [JsonIgnore]
    public ListingChoice Listing => new(Tier, WorkStyles ?? [], Regions ?? []);

    /// <summary>The preferences in one line, as every page shows them (働き方: リモート／地域: 北海道).</summary>
    public string Preferences => Listing.PreferencesText();
}

/// <summary>What the public page shows of someone who chose it: the fewest fields that still let a municipality look.</summary>
public sealed record PublicRosterEntry(string Name, IReadOnlyList<Persona> Personas, IReadOnlyList<string> PersonaNames, string Prefecture)
{
    public static PublicRosterEntry Of(RosterEntry e) => new(e.Name, e.Personas, e.PersonaNames, e.Prefecture);
}

/// <summary>How many people are listed (for municipalities or also publicly) under a persona in a prefecture.</summary>
public sealed record RosterTotal(Persona Persona, string PersonaName, string Prefecture, int Count);

/// <summary>Who reads the roster: what a query may return follows from it.</summary>
public enum RosterAudience
{
    /// <summary>The public page: only people who chose to be shown publicly.</summary>
    Public,

    /// <summary>Signed-in municipalities, the ministry and the operator: everyone listed.</summary>
    Listed,
}

/// <summary>
/// The roster (人材リスト), partitioned like the applications so a shard is published in batches.
/// Every write of a person's row carries the <see cref="ApplicationEntity.ListingVersion"/> it was made from and
/// lands only over an older one (<see cref="WriteAsync"/>): the publication and a person changing their choice at the
/// same moment end with the newer choice, whichever write comes last.
/// </summary>
public sealed class RosterStore(WorkflowStorage storage)
{
    private const string VersionColumn = "ListingVersion";

    private static string PersonaColumn(Persona p) => "Is" + p;

    /// <summary>
    /// The person is listed only under the personas they were selected as (and, being on the roster, certified for):
    /// a persona they applied for and were not selected as is never shown, so no listing rests on another's grounds.
    /// </summary>
    public static TableEntity ToEntity(ApplicationEntity application, DateTimeOffset publishedAt)
    {
        var personas = application.SelectedPersonas;
        var profile = JsonSerializer.Deserialize<ApplicantProfile>(application.ProfileJson, Json.Options)!;
        var listing = application.Listing;
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
            publishedAt,
            listing.Tier,
            listing.WorkStyles,
            listing.Regions);
        var entity = new TableEntity(application.PartitionKey, application.RowKey)
        {
            ["RoundId"] = application.RoundId,
            ["Prefecture"] = application.Prefecture,
            ["Listed"] = listing.IsListed,
            ["Public"] = listing.IsPublic,
            [VersionColumn] = application.ListingVersion,
            ["EntryJson"] = JsonSerializer.Serialize(entry, Json.Options),
        };
        foreach (var persona in personas)
        {
            entity[PersonaColumn(persona)] = true;
        }

        return entity;
    }

    /// <summary>
    /// The publication's first write of a shard: inserts only, in batches. A batch that meets a row already there (the
    /// activity run again, or a person who changed their choice the moment the round published) is written row by row
    /// through <see cref="WriteAsync"/>, which keeps the newer choice.
    /// </summary>
    public async Task PublishAsync(IReadOnlyList<ApplicationEntity> certified, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Roster);
        try
        {
            await TableBatches.SubmitAsync(table, certified.Select(a => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(a, at))), cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            foreach (var application in certified)
            {
                await WriteAsync(application, at, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Writes the person's row from <paramref name="application"/> unless the row holds a newer choice already: the
    /// row is replaced only as read (ETag) and only over an older <see cref="ApplicationEntity.ListingVersion"/>, and
    /// read again when someone wrote in between. The publication time stays the first one.
    /// </summary>
    public async Task WriteAsync(ApplicationEntity application, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Roster);
        while (true)
        {
            var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, application.PartitionKey, application.RowKey, cancellationToken);
            try
            {
                if (row is null)
                {
                    await table.AddEntityAsync(ToEntity(application, at), cancellationToken);
                    return;
                }

                if ((row.GetInt32(VersionColumn) ?? 0) > application.ListingVersion)
                {
                    return;
                }

                var publishedAt = JsonSerializer.Deserialize<RosterEntry>(row.GetString("EntryJson")!, Json.Options)!.PublishedAt;
                await table.UpdateEntityAsync(ToEntity(application, publishedAt), row.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Someone wrote the row between the read and the write: read it again and compare versions anew.
            }
        }
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

    /// <summary>One page of the people <paramref name="audience"/> may see, filtered.</summary>
    public async Task<(IReadOnlyList<RosterEntry> Items, string? Continuation)> PageAsync(RosterAudience audience, Persona? persona, string? prefecture, string? roundId, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Roster);
        var filters = new List<string> { audience == RosterAudience.Public ? "Public eq true" : "Listed eq true" };
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

        var filter = string.Join(" and ", filters);
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize))
        {
            return (page.Values.Select(v => JsonSerializer.Deserialize<RosterEntry>(v.GetString("EntryJson")!, Json.Options)!).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>
    /// How many people are listed under each persona in each prefecture, counting everyone listed: the public page
    /// shows the size of the pool without showing the people who chose municipalities only.
    /// </summary>
    public async Task<IReadOnlyList<RosterTotal>> TotalsAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Roster);
        var columns = Enum.GetValues<Persona>().Select(PersonaColumn).Append("Prefecture").ToList();
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, "Listed eq true", columns, cancellationToken);
        return [.. Enum.GetValues<Persona>()
            .SelectMany(p => rows.Where(r => r.GetBoolean(PersonaColumn(p)) == true).GroupBy(r => r.GetString("Prefecture") ?? string.Empty)
                .Select(g => new RosterTotal(p, SkillStandardCatalog.DisplayName(p), g.Key, g.Count())))
            .OrderBy(t => t.Persona).ThenBy(t => Prefectures.IndexOf(t.Prefecture))];
    }
}
