using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Appointments;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Appoint;

/// <summary>The request as stored, with the ETag an answer is written against.</summary>
public sealed record StoredContact(ContactRequest Request, ETag ETag);

/// <summary>
/// Contact requests (連絡の申出), one row per person and municipality: partitioned by the person so that the status
/// page reads theirs with one query and the erasure removes them with one; the municipality's code is the row key,
/// so a second request by the same municipality meets the first instead of making another. Asked again after a
/// withdrawal, the row is the new request (its <c>Asked</c> counts the askings).
/// </summary>
public sealed class ContactStore(WorkflowStorage storage)
{
    /// <summary>Stores a new request; if this municipality has asked this person already, the request already stored and false.</summary>
    public async Task<(ContactRequest Request, bool Recorded)> RequestAsync(ContactRequest request, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Contacts);
        try
        {
            await table.AddEntityAsync(ToEntity(request), cancellationToken);
            return (request, true);
        }
        catch (RequestFailedException e) when (TableBatches.IsConflict(e))
        {
            var stored = await GetAsync(request.CandidateId, request.MunicipalityCode, cancellationToken)
                ?? throw new InvalidOperationException("A contact request conflicted with one that is no longer there.", e);
            return (stored.Request, false);
        }
    }

    public async Task<StoredContact?> GetAsync(string candidateId, string municipalityCode, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Contacts);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, candidateId, municipalityCode, cancellationToken);
        return row is null ? null : new StoredContact(ToRequest(row), row.ETag);
    }

    /// <summary>Records the person's answer if the request is still as read; false when it was answered or withdrawn meanwhile.</summary>
    public Task<bool> RecordAnswerAsync(StoredContact read, ContactRequest answered, CancellationToken cancellationToken = default) =>
        ReplaceAsync(read, answered, cancellationToken);

    /// <summary>Records the request made again after a withdrawal, if the row is still as read; false when it changed meanwhile.</summary>
    public Task<bool> RecordAskedAgainAsync(StoredContact read, ContactRequest askedAgain, CancellationToken cancellationToken = default) =>
        ReplaceAsync(read, askedAgain, cancellationToken);

    /// <summary>Records the municipality's withdrawal if the request is still as read; false when it was answered meanwhile.</summary>
    public Task<bool> RecordWithdrawalAsync(StoredContact read, ContactRequest withdrawn, CancellationToken cancellationToken = default) =>
        ReplaceAsync(read, withdrawn, cancellationToken);

    private async Task<bool> ReplaceAsync(StoredContact read, ContactRequest next, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Tables.Contacts);
        try
        {
            await table.UpdateEntityAsync(ToEntity(next), read.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ContactRequest>> ForCandidateAsync(string candidateId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Contacts);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, TableClient.CreateQueryFilter($"PartitionKey eq {candidateId}"), cancellationToken: cancellationToken);
        return [.. rows.Select(ToRequest).OrderByDescending(c => c.RequestedAt)];
    }

    /// <summary>A municipality's requests across people: a scan by row key, which the table's size (one row per request) keeps cheap.</summary>
    public async Task<IReadOnlyList<ContactRequest>> ForMunicipalityAsync(string municipalityCode, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Contacts);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, TableClient.CreateQueryFilter($"RowKey eq {municipalityCode}"), cancellationToken: cancellationToken);
        return [.. rows.Select(ToRequest).OrderByDescending(c => c.RequestedAt)];
    }

    /// <summary>The erasure: every request to the person goes with them.</summary>
    public async Task DeleteForCandidateAsync(string candidateId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Contacts);
        await TableBatches.DeleteWhereAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {candidateId}"), cancellationToken);
    }

    private static TableEntity ToEntity(ContactRequest c) => new(c.CandidateId, c.MunicipalityCode)
    {
        ["MunicipalityName"] = c.MunicipalityName,
        ["Message"] = c.Message,
        ["Status"] = c.Status.ToString(),
        ["RequestedAt"] = c.RequestedAt,
        ["AnsweredAt"] = c.AnsweredAt,
        ["WithdrawnAt"] = c.WithdrawnAt,
        ["Asked"] = c.Asked,
    };

    private static ContactRequest ToRequest(TableEntity row) => new(
        row.PartitionKey,
        row.RowKey,
        row.GetString("MunicipalityName") ?? string.Empty,
        row.GetString("Message") ?? string.Empty,
        Enum.TryParse<ContactStatus>(row.GetString("Status"), out var status) ? status : ContactStatus.Requested,
        row.GetDateTimeOffset("RequestedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("AnsweredAt"),
        row.GetDateTimeOffset("WithdrawnAt"),
        row.GetInt32("Asked") ?? 1);
}
