using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Workflow.Domain.Panel;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Http;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Select;

/// <summary>
/// A round's 選定委員会: its members, and each member's scores per application and persona. Both live in one partition
/// per round, so the operator's overview reads a round's scores in one query and an assignment is one transaction.
/// </summary>
public sealed class PanelStore(WorkflowStorage storage)
{
    /// <summary>The business log and declarations name a reviewer this way; so do the scores.</summary>
    public static string ReviewerLogName(string subject) => $"reviewer:{subject}";

    /// <summary>Subjects are opaque and may hold characters a row key may not: their hash keys the rows.</summary>
    private static string Key(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..24];

    private static string ScoreKey(string applicationId, Persona persona, string reviewer) => $"{applicationId}_{persona}_{Key(reviewer)}";

    public async Task<IReadOnlyList<PanelMember>> MembersAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.PanelMembers);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey lt {HeadKey}"), cancellationToken: cancellationToken);
        return rows.OrderBy(r => r.GetInt32("Order") ?? 0).Select(r => new PanelMember(r.GetString("Subject")!, r.GetString("Name")!)).ToList();
    }

    /// <summary>
    /// Replaces the membership in one transaction: who is removed stops counting, their scores are kept for the record.
    /// The transaction also rewrites the panel's head row on the ETag it was read with, so of two operators naming
    /// panels at once the later fails (409 or 412), reads the membership the earlier one wrote and replaces it: the last
    /// one stands whole, never a mix of the two.
    /// </summary>
    public async Task AssignAsync(string roundId, IReadOnlyList<PanelMember> members, string assignedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.PanelMembers);
        for (var attempt = 1; ; attempt++)
        {
            var rows = await TableBatches.QueryAllAsync<TableEntity>(table, TableClient.CreateQueryFilter($"PartitionKey eq {roundId}"), ["PartitionKey", "RowKey"], cancellationToken);
            var head = rows.FirstOrDefault(r => r.RowKey == HeadKey);
            var keep = members.Select(m => Key(m.Subject)).ToHashSet(StringComparer.Ordinal);
            var newHead = new TableEntity(roundId, HeadKey) { ["AssignedBy"] = assignedBy, ["AssignedAt"] = at, ["Members"] = members.Count };
            List<TableTransactionAction> actions =
            [
                head is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, newHead)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, head.ETag),
                .. rows.Where(r => r.RowKey != HeadKey && !keep.Contains(r.RowKey)).Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)),
                .. members.Select((m, i) => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(roundId, Key(m.Subject))
                {
                    ["Subject"] = m.Subject,
                    ["Name"] = m.Name,
                    ["Order"] = i,
                    ["AssignedBy"] = assignedBy,
                    ["AssignedAt"] = at,
                })),
            ];
            try
            {
                await TableBatches.SubmitAsync(table, actions, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412 && attempt < AssignAttempts)
            {
            }
        }
    }

    /// <summary>The panel's head row: sorts after every member's key (hex) and changes with every assignment.</summary>
    private const string HeadKey = "~head";

    private const int AssignAttempts = 5;

    /// <summary>A member's scoring of one application for one persona, in place of their earlier one.</summary>
    public async Task RecordScoresAsync(string roundId, string applicationId, ReviewerScores scores, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.PanelScores);
        await table.UpsertEntityAsync(new TableEntity(roundId, ScoreKey(applicationId, scores.Persona, scores.Reviewer))
        {
            ["ApplicationId"] = applicationId,
            ["Persona"] = scores.Persona.ToString(),
            ["Reviewer"] = scores.Reviewer,
            ["ItemsJson"] = JsonSerializer.Serialize(scores.Items, Json.Options),
            ["Comment"] = scores.Comment,
            ["ScoredAt"] = scores.ScoredAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Every member's scores of one application, all personas.</summary>
    public async Task<IReadOnlyList<ReviewerScores>> ForApplicationAsync(string roundId, string applicationId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.PanelScores);
        return (await TableBatches.QueryAllAsync<TableEntity>(table,
                TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey gt {applicationId + "_"} and RowKey lt {applicationId + "_~"}"), cancellationToken: cancellationToken))
            .Select(Parse).ToList();
    }

    /// <summary>
    /// The scores of the named reviewers for one persona of one application, one point read each: what a decision
    /// counts. Point reads rather than the application's range, because Azurite evaluates a query over the whole table
    /// (three rows per application-persona at 10,000 applicants: ~24,000).
    /// </summary>
    public async Task<IReadOnlyList<ReviewerScores>> OfReviewersAsync(string roundId, string applicationId, Persona persona, IEnumerable<string> reviewers, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.PanelScores);
        var rows = await Task.WhenAll(reviewers.Distinct(StringComparer.Ordinal).Select(r =>
            TableBatches.GetOrDefaultAsync<TableEntity>(table, roundId, ScoreKey(applicationId, persona, r), cancellationToken)));
        return rows.OfType<TableEntity>().Select(Parse).ToList();
    }

    /// <summary>Every score of a round, by application: what the operator's overview and its distribution are made of.</summary>
    public async Task<ILookup<string, ReviewerScores>> ForRoundAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.PanelScores);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, TableClient.CreateQueryFilter($"PartitionKey eq {roundId}"), cancellationToken: cancellationToken);
        return rows.ToLookup(r => r.GetString("ApplicationId")!, Parse, StringComparer.Ordinal);
    }

    /// <summary>Erasure: what reviewers wrote about a person goes with the person.</summary>
    public async Task DeleteForApplicationAsync(string roundId, string applicationId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.PanelScores);
        await TableBatches.DeleteWhereAsync(table,
            TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey gt {applicationId + "_"} and RowKey lt {applicationId + "_~"}"), cancellationToken);
    }

    private static ReviewerScores Parse(TableEntity r) => new(
        r.GetString("Reviewer")!,
        Enum.Parse<Persona>(r.GetString("Persona")!),
        JsonSerializer.Deserialize<List<ItemScore>>(r.GetString("ItemsJson")!, Json.Options)!,
        r.GetString("Comment"),
        r.GetDateTimeOffset("ScoredAt")!.Value);
}
