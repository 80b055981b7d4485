using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Workflow.Domain.Applications;
using Workflow.Domain.Privacy;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Apply;

public enum SubmitOutcome
{
    /// <summary>Stored now.</summary>
    Accepted,

    /// <summary>The address already applied to the round, under another key or none.</summary>
    DuplicateEmail,

    /// <summary>This key already stored this request: its receipt again, as it was.</summary>
    Replayed,

    /// <summary>This key already stored a different request.</summary>
    KeyUsedForOtherContent,

    /// <summary>This key's application has since been withdrawn or erased.</summary>
    Gone,
}

/// <param name="GoneBecause">Why a <see cref="SubmitOutcome.Gone"/> application is gone.</param>
public sealed record SubmittedApplication(
    SubmitOutcome Outcome,
    string? ApplicationId,
    string? AccessToken,
    DateTimeOffset SubmittedAt = default,
    ErasureReason? GoneBecause = null);

/// <summary>The Idempotency-Key a submission came with, and the fingerprint of the request it came in.</summary>
public sealed record SubmissionKey(IdempotencyKey Key, string Fingerprint);

/// <summary>Applications and their résumés. Every write of one application is one transaction or none.</summary>
/// <remarks>
/// A shard's partition holds the applications and, from <see cref="BookkeepingFrom"/> on, what keeps them unique:
/// the e-mail claims and the records of the Idempotency-Keys they were submitted with.
/// </remarks>
public sealed partial class ApplicationStore(WorkflowStorage storage)
{
    /// <summary>Row keys from here on are not applications (application ids begin with their round id).</summary>
    private const string BookkeepingFrom = "~";

    private const string EmailClaimPrefix = "~email-";

    private const string SubmissionPrefix = "~submission-";

    private const string ResumeFolder = "resumes/";

    private const string ResumeExtension = ".pdf";

    public static string ResumeBlobName(string applicationId) => ResumeFolder + applicationId + ResumeExtension;

    /// <summary>The row that holds an e-mail address's place in a round: a hash, so the key itself is not the address.</summary>
    private static string ClaimKey(string normalizedEmail) => EmailClaimPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));

    private static string SubmissionRowKey(string keyHash) => SubmissionPrefix + keyHash;

    /// <summary>
    /// Stores the résumé, then the application, its e-mail claim and the record of its Idempotency-Key in one
    /// transaction. A second application with the same e-mail to the same round fails the transaction, and the
    /// résumé uploaded for it is removed. When it failed because <paramref name="key"/> already stored this
    /// request — a retry whose first answer was lost, even with the process that sent it — the first receipt is
    /// answered again: the record went in with the application, so one cannot exist without the other.
    /// </summary>
    public async Task<SubmittedApplication> SubmitAsync(string roundId, ApplicationForm form, Stream resume, DateTimeOffset now, SubmissionKey? key = null, CancellationToken cancellationToken = default)
    {
        var email = ApplicationValidator.NormalizeEmail(form.Email);
        var shard = ApplicationShards.Of(email);
        var applicationId = ApplicationIds.New(roundId, shard);
        var accessToken = ApplicantTokens.New(applicationId);
        var partition = ApplicationShards.PartitionKey(roundId, shard);
        var table = await storage.TableAsync(Tables.Applications);

        // No read first: the transaction below refuses a duplicate, and a duplicate's résumé is removed again. Duplicates
        // are rare; a read before every upload would cost every applicant one more request.
        var documents = await storage.DocumentsAsync();
        var blob = documents.GetBlobClient(ResumeBlobName(applicationId));
        await blob.UploadAsync(resume, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" } }, cancellationToken);
        Platform.CrashPoints.Reach(Platform.CrashPoints.ResumeUploaded);

        var profile = new ApplicantProfile(form.SelfAssessments, form.Qualifications, form.SkillLevels, form.Experiences);
        var entity = new ApplicationEntity
        {
            PartitionKey = partition,
            RowKey = applicationId,
            RoundId = roundId,
            Shard = shard,
            FullName = ApplicationValidator.NormalizeText(form.FullName),
            FullNameKana = form.FullNameKana is null ? null : ApplicationValidator.NormalizeText(form.FullNameKana),
            Email = email,
            Phone = ApplicationValidator.NormalizeText(form.Phone),
            Prefecture = ApplicationValidator.NormalizeText(form.Prefecture),
            Personas = string.Join(',', form.Personas.Distinct()),
            ProfileJson = JsonSerializer.Serialize(profile, Json.Options),
            ConsentToPublication = form.ListingChoice().IsPublic,
            ListingJson = ApplicationEntity.ListingColumn(form.ListingChoice()),
            ResumeBlob = blob.Name,
            AccessTokenHash = ApplicantTokens.Hash(accessToken),
            SubmissionKeyHash = key?.Key.Hash,
            SubmittedAt = now,
        };
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Add, entity),
            new(TableTransactionActionType.Add, new TableEntity(partition, ClaimKey(email)) { ["ApplicationId"] = applicationId }),
        ];
        if (key is not null)
        {
            // The token is sealed with the client's key: only the retry that holds the key can read it back.
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, SubmissionRowKey(key.Key.Hash))
            {
                ["Fingerprint"] = key.Fingerprint,
                ["ApplicationId"] = applicationId,
                ["SubmittedAt"] = now,
                ["AccessToken"] = key.Key.Seal(Encoding.UTF8.GetBytes(accessToken)),
            }));
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            return key is not null && await FindSubmissionAsync(roundId, email, key, now, cancellationToken) is { } earlier
                ? earlier
                : new SubmittedApplication(SubmitOutcome.DuplicateEmail, null, null);
        }
        catch
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }

        return new SubmittedApplication(SubmitOutcome.Accepted, applicationId, accessToken, now);
    }

    /// <summary>
    /// What <paramref name="key"/> stored for this address in this round, as it stands now: the receipt to answer
    /// again (within <see cref="IdempotencyKey.Retention"/>), a different request, or an application since gone.
    /// Null when the key stored nothing here.
    /// </summary>
    public async Task<SubmittedApplication?> FindSubmissionAsync(string roundId, string normalizedEmail, SubmissionKey key, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        var partition = ApplicationShards.PartitionKey(roundId, ApplicationShards.Of(normalizedEmail));
        var record = await TableBatches.GetOrDefaultAsync<TableEntity>(table, partition, SubmissionRowKey(key.Key.Hash), cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (Enum.TryParse<ErasureReason>(record.GetString("Gone"), out var reason))
        {
            return new SubmittedApplication(SubmitOutcome.Gone, null, null, GoneBecause: reason);
        }

        var submittedAt = record.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.MinValue;
        if (now - submittedAt >= IdempotencyKey.Retention)
        {
            return null;
        }

        return record.GetString("Fingerprint") != key.Fingerprint
            ? new SubmittedApplication(SubmitOutcome.KeyUsedForOtherContent, null, null)
            : new SubmittedApplication(SubmitOutcome.Replayed, record.GetString("ApplicationId"), Encoding.UTF8.GetString(key.Key.Open(record.GetBinary("AccessToken")!)), submittedAt);
    }

    /// <summary>
    /// Takes back a submission that arrived as the window closed: rows, key record and résumé together. Its answer
    /// was a refusal, so a retry with its key is a new request (and meets the closed window).
    /// </summary>
    public async Task WithdrawSubmissionAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var entity = await GetAsync(applicationId, cancellationToken);
        if (entity is null)
        {
            return;
        }

        await DeleteAsync(entity, gone: null, cancellationToken);
        var documents = await storage.DocumentsAsync();
        await documents.GetBlobClient(entity.ResumeBlob).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Deletes the application row and its e-mail claim in one transaction. The record of the key it was submitted
    /// with becomes a tombstone that keeps the key's hash and <paramref name="reason"/> only, so a retry of the
    /// submission learns that it is gone instead of getting a receipt for nothing; nothing of the person stays.
    /// </summary>
    public Task EraseAsync(ApplicationEntity entity, ErasureReason reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        DeleteAsync(entity, (reason, at), cancellationToken);

    private async Task DeleteAsync(ApplicationEntity entity, (ErasureReason Reason, DateTimeOffset At)? gone, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Tables.Applications);
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Delete, new TableEntity(entity.PartitionKey, entity.RowKey), ETag.All),
            new(TableTransactionActionType.Delete, new TableEntity(entity.PartitionKey, ClaimKey(entity.Email)), ETag.All),
        ];
        if (entity.SubmissionKeyHash is { } keyHash)
        {
            var row = SubmissionRowKey(keyHash);
            actions.Add(gone is { } tombstone
                ? new(TableTransactionActionType.UpsertReplace, new TableEntity(entity.PartitionKey, row) { ["Gone"] = tombstone.Reason.ToString(), ["At"] = tombstone.At })
                : new(TableTransactionActionType.Delete, new TableEntity(entity.PartitionKey, row), ETag.All));
        }

        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>
    /// Removes the résumés of one shard that no application names and that were last written before
    /// <paramref name="writtenBefore"/>: what a submission leaves when its process dies between the upload and the
    /// transaction. Returns how many it removed.
    /// </summary>
    public async Task<int> RemoveOrphanResumesAsync(string roundId, int shard, DateTimeOffset writtenBefore, CancellationToken cancellationToken = default)
    {
        // Résumés first, rows second: a résumé whose application is stored between the two reads is seen with its row.
        var documents = await storage.DocumentsAsync();
        var candidates = new List<string>();
        await foreach (var blob in documents.GetBlobsAsync(new GetBlobsOptions { Prefix = ResumeFolder + ApplicationIds.PrefixOf(roundId, shard) }, cancellationToken))
        {
            if (blob.Properties.LastModified < writtenBefore)
            {
                candidates.Add(blob.Name);
            }
        }

        if (candidates.Count == 0)
        {
            return 0;
        }

        var table = await storage.TableAsync(Tables.Applications);
        var partition = ApplicationShards.PartitionKey(roundId, shard);
        var stored = (await TableBatches.QueryAllAsync<TableEntity>(table,
                TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {BookkeepingFrom}"), [nameof(ApplicationEntity.ResumeBlob)], cancellationToken))
            .Select(r => r.GetString(nameof(ApplicationEntity.ResumeBlob)))
            .ToHashSet(StringComparer.Ordinal);
        var orphans = candidates.Where(name => !stored.Contains(name)).ToList();
        foreach (var orphan in orphans)
        {
            await documents.GetBlobClient(orphan).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }

        return orphans.Count;
    }

    /// <summary>The résumé's ETag, read before its scan verdict so that a replacement is written only onto the file judged; null when there is none.</summary>
    public async Task<ETag?> ResumeETagAsync(ApplicationEntity application, CancellationToken cancellationToken = default)
    {
        var documents = await storage.DocumentsAsync();
        try
        {
            return (await documents.GetBlobClient(application.ResumeBlob).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Puts another file in place of the applicant's résumé, whose scan verdict goes with the old file; false when
    /// the file is no longer the one read (<paramref name="read"/>): replaced by another request meanwhile, or deleted by
    /// a withdrawal or erasure, which a new file must never undo.
    /// </summary>
    public async Task<bool> ReplaceResumeAsync(ApplicationEntity application, Stream pdf, ETag read, CancellationToken cancellationToken = default)
    {
        var documents = await storage.DocumentsAsync();
        try
        {
            await documents.GetBlobClient(application.ResumeBlob).UploadAsync(pdf, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" },
                Conditions = new BlobRequestConditions { IfMatch = read },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>The applicant's résumé as uploaded; null if it is not there (erased, or never stored).</summary>
    public async Task<byte[]?> ReadResumeAsync(ApplicationEntity application, CancellationToken cancellationToken = default)
    {
        var documents = await storage.DocumentsAsync();
        try
        {
            return (await documents.GetBlobClient(application.ResumeBlob).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The application a normalized e-mail address made to a round, found through its claim row.</summary>
    public async Task<string?> FindByEmailAsync(string roundId, string normalizedEmail, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        var claimKey = ClaimKey(normalizedEmail);
        var claim = await TableBatches.GetOrDefaultAsync<TableEntity>(table, ApplicationShards.PartitionKey(roundId, ApplicationShards.Of(normalizedEmail)), claimKey, cancellationToken);
        return claim?.GetString("ApplicationId");
    }

    public async Task<ApplicationEntity?> GetAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        if (!ApplicationIds.TryParse(applicationId, out var roundId, out var shard))
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.Applications);
        return await TableBatches.GetOrDefaultAsync<ApplicationEntity>(table, ApplicationShards.PartitionKey(roundId, shard), applicationId, cancellationToken);
    }

    /// <summary>
    /// The named applications of <paramref name="roundId"/> that exist (ids of other rounds are left out), with only
    /// <paramref name="columns"/> read: one range query per shard in parallel instead of one point read per person.
    /// </summary>
    public async Task<Dictionary<string, ApplicationEntity>> GetManyAsync(string roundId, IEnumerable<string> applicationIds, IReadOnlyList<string> columns, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        var wanted = applicationIds
            .Select(id => (Id: id, Ok: ApplicationIds.TryParse(id, out var round, out var shard) && round == roundId, Shard: shard))
            .Where(x => x.Ok)
            .GroupBy(x => x.Shard)
            .ToList();
        var select = columns.Concat(["PartitionKey", "RowKey"]).Distinct(StringComparer.Ordinal).ToList();
        var shards = await Task.WhenAll(wanted.Select(async group =>
        {
            var ids = group.Select(x => x.Id).ToHashSet(StringComparer.Ordinal);
            var partition = ApplicationShards.PartitionKey(roundId, group.Key);
            var from = ids.Min(StringComparer.Ordinal)!;
            var to = ids.Max(StringComparer.Ordinal)!;
            var rows = await TableBatches.QueryAllAsync<ApplicationEntity>(table,
                TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey le {to}"), select, cancellationToken);
            return rows.Where(r => ids.Contains(r.RowKey));
        }));
        return shards.SelectMany(rows => rows).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
    }

    /// <summary>Every application of one shard (not its bookkeeping rows).</summary>
    public async Task<List<ApplicationEntity>> ReadShardAsync(string roundId, int shard, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        var partition = ApplicationShards.PartitionKey(roundId, shard);
        return await TableBatches.QueryAllAsync<ApplicationEntity>(
            table, TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {BookkeepingFrom}"), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// What the panel's overview needs of every application of a round, and nothing personal: ids, status, screening,
    /// decisions and outcomes. All shards at once.
    /// </summary>
    public async Task<List<ApplicationEntity>> ForPanelOverviewAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        string[] select = [nameof(ApplicationEntity.PartitionKey), nameof(ApplicationEntity.RowKey), nameof(ApplicationEntity.Status), nameof(ApplicationEntity.ScreeningJson),
            nameof(ApplicationEntity.DecisionsJson), nameof(ApplicationEntity.OutcomesJson), nameof(ApplicationEntity.Personas)];
        var shards = await Task.WhenAll(Enumerable.Range(0, ApplicationShards.Count).Select(shard => TableBatches.QueryAllAsync<ApplicationEntity>(table,
            TableClient.CreateQueryFilter($"PartitionKey eq {ApplicationShards.PartitionKey(roundId, shard)} and RowKey lt {BookkeepingFrom}"), select, cancellationToken)));
        return shards.SelectMany(rows => rows).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every application of a round in full, all shards at once, in id order: for an export.</summary>
    public async Task<List<ApplicationEntity>> ForExportAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, ApplicationShards.Count).Select(shard => ReadShardAsync(roundId, shard, cancellationToken)));
        return shards.SelectMany(rows => rows).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
    }

    /// <summary>One page of a round's applications, shard after shard; the token says where to go on.</summary>
    public async Task<(List<ApplicationEntity> Items, string? Continuation)> ListPageAsync(string roundId, int pageSize, string? continuation, string? status, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        var shard = 0;
        string? tableToken = null;
        if (!string.IsNullOrEmpty(continuation))
        {
            var sep = continuation.IndexOf('.', StringComparison.Ordinal);
            if (sep < 0 || !int.TryParse(continuation[..sep], out shard) || shard is < 0 or >= ApplicationShards.Count)
            {
                throw new FormatException("Bad continuation token.");
            }

            tableToken = continuation[(sep + 1)..];
            tableToken = tableToken.Length == 0 ? null : Encoding.UTF8.GetString(Convert.FromBase64String(tableToken));
        }

        var items = new List<ApplicationEntity>();
        while (shard < ApplicationShards.Count && items.Count < pageSize)
        {
            var partition = ApplicationShards.PartitionKey(roundId, shard);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {BookkeepingFrom}");
            if (status is not null)
            {
                filter += " and " + TableClient.CreateQueryFilter($"Status eq {status}");
            }

            var page = await table.QueryAsync<ApplicationEntity>(filter, maxPerPage: pageSize - items.Count, cancellationToken: cancellationToken)
                .AsPages(tableToken, pageSize - items.Count)
                .FirstOrDefaultAsync(cancellationToken);
            items.AddRange(page?.Values ?? []);
            tableToken = page?.ContinuationToken;
            if (tableToken is null)
            {
                shard++;
            }
        }

        if (shard >= ApplicationShards.Count)
        {
            return (items, null);
        }

        var encoded = tableToken is null ? string.Empty : Convert.ToBase64String(Encoding.UTF8.GetBytes(tableToken));
        return (items, $"{shard}.{encoded}");
    }

    /// <summary>
    /// Applies <paramref name="decide"/> to every application of a shard and writes each change only if the row is
    /// still as read (ETag), in transactions of up to 100. A row that changed meanwhile (a decision, a withdrawal) or
    /// vanished makes its transaction fail; the shard is then read again and decided anew, so what is written, and
    /// the results returned (one per application that still exists), always follow from the rows as they stand.
    /// <paramref name="decide"/> must return no change for a row already in the state it would write.
    /// </summary>
    public async Task<List<T>> UpdateShardAsync<T>(string roundId, int shard, Func<ApplicationEntity, (TableEntity? Change, T Result)> decide, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        for (var attempt = 1; ; attempt++)
        {
            var rows = await ReadShardAsync(roundId, shard, cancellationToken);
            var decided = rows.Select(row => (Row: row, Decision: decide(row))).ToList();
            var actions = decided.Where(d => d.Decision.Change is not null)
                .Select(d => new TableTransactionAction(TableTransactionActionType.UpdateMerge, d.Decision.Change!, d.Row.ETag));
            try
            {
                await TableBatches.SubmitAsync(table, actions, cancellationToken);
                return decided.Select(d => d.Decision.Result).ToList();
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 412 && attempt < MaxShardAttempts)
            {
                // A row moved on or was withdrawn between the read and the write: decide again on what is there now.
            }
        }
    }

    private const int MaxShardAttempts = 10;

    /// <summary>
    /// Records a panel decision on one persona if the application is still as <paramref name="read"/> (no outcome, no
    /// new conflict declaration, no withdrawal since); false when it changed, so the caller decides again on the new row.
    /// </summary>
    public async Task<bool> RecordDecisionAsync(ApplicationEntity read, PersonaDecision decision, CancellationToken cancellationToken = default)
    {
        var change = new TableEntity(read.PartitionKey, read.RowKey)
        {
            [nameof(ApplicationEntity.DecisionsJson)] = ApplicationEntity.DecisionsColumn(read.Lifecycle.WithDecision(decision)),
        };
        return await MergeIfUnchangedAsync(change, read.ETag, cancellationToken);
    }

    /// <summary>
    /// The commit point of a withdrawal: marks the application withdrawn if it is still as <paramref name="read"/>, so a
    /// conclusion that read it before must read it again and will skip it. The erasure that follows may run again.
    /// </summary>
    public async Task<bool> MarkWithdrawnAsync(ApplicationEntity read, CancellationToken cancellationToken = default) =>
        await MergeIfUnchangedAsync(new TableEntity(read.PartitionKey, read.RowKey) { [nameof(ApplicationEntity.Status)] = nameof(ApplicationStatus.Withdrawn) },
            read.ETag, cancellationToken);

    /// <summary>
    /// Records the person's new listing choice if the application is still as <paramref name="read"/>, one version on
    /// from it; false when it changed meanwhile (a publication, another change), so the caller decides again.
    /// </summary>
    public async Task<bool> RecordListingAsync(ApplicationEntity read, ListingChoice choice, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await MergeIfUnchangedAsync(new TableEntity(read.PartitionKey, read.RowKey)
        {
            [nameof(ApplicationEntity.ListingJson)] = ApplicationEntity.ListingColumn(choice),
            [nameof(ApplicationEntity.ConsentToPublication)] = choice.IsPublic,
            [nameof(ApplicationEntity.ListingVersion)] = read.ListingVersion + 1,
            [nameof(ApplicationEntity.ListingChangedAt)] = at,
        }, read.ETag, cancellationToken);

    /// <summary>Records one session's attendance for people read with their ETags; false if any of them changed meanwhile.</summary>
    public async Task<bool> RecordAttendanceAsync(IReadOnlyList<ApplicationEntity> read, int session, IReadOnlyDictionary<string, bool> attended, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        try
        {
            await TableBatches.SubmitAsync(table, read.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(r.PartitionKey, r.RowKey) { [ApplicationEntity.AttendedColumn(session)] = attended[r.RowKey] }, r.ETag)), cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    private async Task<bool> MergeIfUnchangedAsync(TableEntity change, ETag etag, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Tables.Applications);
        try
        {
            await table.UpdateEntityAsync(change, etag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }
}
