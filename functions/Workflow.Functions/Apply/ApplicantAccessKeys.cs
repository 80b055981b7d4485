using Azure;
using Azure.Data.Tables;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Apply;

/// <summary>
/// An applicant's access key, given anew when the old one is lost. The request only writes a notice (one per
/// application and hour, which is the limit per address); the new key is made when its mail is sent and exists only in
/// that mail: the application keeps its hash, and from then on the old key opens nothing. A mail retried after a
/// failure makes another key, so the key in the mail that arrives is always the one that works.
/// </summary>
public sealed class ApplicantAccessKeys(WorkflowStorage storage)
{
    public const string ReissueKind = "AccessKeyReissued";

    /// <summary>The notice of one request, keyed by the hour: asking again within it changes nothing.</summary>
    public static TableEntity ReissueNotice(string applicationId, DateTimeOffset at) =>
        NotificationStore.ForApplicant(applicationId, $"{ReissueKind}_{at.UtcDateTime:yyyyMMddHH}", "アクセスキー再発行のお知らせ",
            "ご依頼により、新しいアクセスキーを発行してメールでお送りしました。以前のアクセスキーは使えなくなりました。" +
            "お心当たりのない場合は、このメールのアクセスキーで応募状況を確認のうえ、事務局にご連絡ください。", at);

    /// <summary>
    /// Makes a new key for the application and stores its hash in place of the old one; null when the application
    /// is gone (erased or withdrawn with its data).
    /// </summary>
    public async Task<string?> RotateAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        if (!ApplicationIds.TryParse(applicationId, out var roundId, out var shard))
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.Applications);
        var token = ApplicantTokens.New(applicationId);
        var change = new TableEntity(ApplicationShards.PartitionKey(roundId, shard), applicationId)
        {
            [nameof(ApplicationEntity.AccessTokenHash)] = ApplicantTokens.Hash(token),
        };
        // On the row as read, so that an erasure in between is not undone; a decision or attendance written in
        // between is read again, once.
        for (var attempt = 1; ; attempt++)
        {
            var row = await TableBatches.GetOrDefaultAsync<ApplicationEntity>(table, change.PartitionKey, applicationId, cancellationToken);
            if (row is null || string.IsNullOrEmpty(row.AccessTokenHash))
            {
                return null;
            }

            try
            {
                await table.UpdateEntityAsync(change, row.ETag, TableUpdateMode.Merge, cancellationToken);
                return token;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412 && attempt < 2)
            {
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="accessKey"/> still opens the application: a receipt's mail sent after the key was
    /// reissued must not carry the old one.
    /// </summary>
    public async Task<bool> IsCurrentAsync(string applicationId, string accessKey, CancellationToken cancellationToken = default)
    {
        if (!ApplicationIds.TryParse(applicationId, out var roundId, out var shard))
        {
            return false;
        }

        var table = await storage.TableAsync(Tables.Applications);
        var row = await TableBatches.GetOrDefaultAsync<ApplicationEntity>(table, ApplicationShards.PartitionKey(roundId, shard), applicationId, cancellationToken);
        return row is { AccessTokenHash.Length: > 0 } && string.Equals(row.AccessTokenHash, ApplicantTokens.Hash(accessKey), StringComparison.Ordinal);
    }
}
