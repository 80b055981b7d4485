using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Workflow.Domain.Applications;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Apply;

public enum SubmitOutcome { Accepted, DuplicateEmail }

public sealed record SubmittedApplication(SubmitOutcome Outcome, string? ApplicationId, string? AccessToken);

/// <summary>Applications and their résumés. Every write of one application is one transaction or none.</summary>
public sealed class ApplicationStore(WorkflowStorage storage)
{
    private const string EmailClaimPrefix = "~email-";

    public static string ResumeBlobName(string applicationId) => $"resumes/{applicationId}.pdf";

    /// <summary>The row that holds an e-mail address's place in a round: a hash, so the key itself is not the address.</summary>
    private static string ClaimKey(string normalizedEmail) => EmailClaimPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));

    /// <summary>
    /// Stores the résumé, then the application and its e-mail claim in one transaction. A second application
    /// with the same e-mail to the same round fails the transaction, and the résumé uploaded for it is removed.
    /// </summary>
    public async Task<SubmittedApplication> SubmitAsync(string roundId, ApplicationForm form, Stream resume, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var email = ApplicationValidator.NormalizeEmail(form.Email);
        var shard = ApplicationShards.Of(email);
        var applicationId = ApplicationIds.New(roundId, shard);
        var accessToken = ApplicantTokens.New(applicationId);
        var partition = ApplicationShards.PartitionKey(roundId, shard);
        var table = await storage.TableAsync(Tables.Applications);
        var claimKey = ClaimKey(email);

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
            ConsentToPublication = form.ConsentToPublication,
            ResumeBlob = blob.Name,
            AccessTokenHash = ApplicantTokens.Hash(accessToken),
            SubmittedAt = now,
        };
        var claim = new TableEntity(partition, claimKey) { ["ApplicationId"] = applicationId };
        try
        {
            await table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, entity), new TableTransactionAction(TableTransactionActionType.Add, claim)],
                cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            return new SubmittedApplication(SubmitOutcome.DuplicateEmail, null, null);
        }
        catch
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }

        return new SubmittedApplication(SubmitOutcome.Accepted, applicationId, accessToken);
    }

    /// <summary>Takes back a submission that arrived as the window closed: rows and résumé together.</summary>
    public async Task WithdrawSubmissionAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var entity = await GetAsync(applicationId, cancellationToken);
        if (entity is null)
        {
            return;
        }

        await DeleteAsync(entity, cancellationToken);
        var documents = await storage.DocumentsAsync();
        await documents.GetBlobClient(entity.ResumeBlob).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Deletes the application row and its e-mail claim in one transaction.</summary>
    public async Task DeleteAsync(ApplicationEntity entity, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        var claimKey = ClaimKey(entity.Email);
        await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(entity.PartitionKey, entity.RowKey), ETag.All),
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(entity.PartitionKey, claimKey), ETag.All),
            ],
            cancellationToken);
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

    /// <summary>Every application of one shard (not the e-mail claims).</summary>
    public async Task<List<ApplicationEntity>> ReadShardAsync(string roundId, int shard, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        var partition = ApplicationShards.PartitionKey(roundId, shard);
        return await TableBatches.QueryAllAsync<ApplicationEntity>(
            table, TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {EmailClaimPrefix}"), cancellationToken: cancellationToken);
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
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {EmailClaimPrefix}");
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

    public async Task MergeAsync(IEnumerable<TableEntity> changes, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        await TableBatches.SubmitAsync(table, changes.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateMerge, c, ETag.All)), cancellationToken);
    }

    public async Task MergeOneAsync(TableEntity change, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Applications);
        await table.UpdateEntityAsync(change, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}
