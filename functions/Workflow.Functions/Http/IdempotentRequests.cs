using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Http;

/// <summary>
/// Checks a replay against the present: given the body of the stored answer, the answer to give instead when what
/// it names has since been removed (a 410), or null to replay it as it was.
/// </summary>
public delegate Task<JsonBodyResult?> GoneCheck(JsonElement storedBody, CancellationToken cancellationToken);

/// <summary>
/// POSTs that create something accept an Idempotency-Key header: the same key with the same request creates one
/// thing and answers the same each time, sealed as <see cref="IdempotencyKey"/> says. Only successful answers are
/// kept: a refused request leaves nothing behind and may be corrected and sent again. A submission of an
/// application does not come through here: its key is kept in the application's own transaction
/// (<see cref="Apply.ApplicationStore.SubmitAsync"/>), which no crash can separate from what it created.
/// </summary>
public sealed class IdempotentRequests(WorkflowStorage storage, TimeProvider clock)
{
    /// <summary>A request still marked as running after this long is taken to have died with its process.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(15);

    /// <param name="scope">Who may share a key: the function and, for staff, the caller; anonymous callers share by route.</param>
    /// <param name="gone">For what can be removed after it was created: a replay for it then says it is gone.</param>
    public async Task<IActionResult> RunAsync(HttpRequest request, string scope, Func<Task<IActionResult>> handle, GoneCheck? gone = null)
    {
        var (key, malformed) = IdempotencyKey.FromHeader(request, scope);
        if (malformed is not null)
        {
            return malformed;
        }

        if (key is null)
        {
            return await handle();
        }

        // Fingerprinting reads the whole body before the handler does: it must stop at the route's limit too.
        BodyLimits.Ensure(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        string fingerprint;
        try
        {
            fingerprint = await IdempotencyKey.FingerprintAsync(request, cancellationToken);
        }
        catch (Exception e) when (BodyLimits.IsTooLarge(e))
        {
            return BodyLimits.TooLarge(request);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            // A body that cannot be read is refused by the handler; nothing is remembered for it.
            return await handle();
        }

        var table = await storage.TableAsync(Tables.Idempotency);
        var partition = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)));
        var rowKey = key.Hash;
        var now = clock.GetUtcNow();
        var pending = new TableEntity(partition, rowKey) { ["Fingerprint"] = fingerprint, ["StartedAt"] = now, ["State"] = "Pending" };

        try
        {
            await table.AddEntityAsync(pending, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await TableBatches.GetOrDefaultAsync<TableEntity>(table, partition, rowKey, cancellationToken);
            if (existing is not null && now - (existing.GetDateTimeOffset("StartedAt") ?? now) < IdempotencyKey.Retention)
            {
                if (existing.GetString("Fingerprint") != fingerprint)
                {
                    return IdempotencyKey.UsedForOtherContent();
                }

                if (existing.GetString("State") == "Completed")
                {
                    return await ReplayAsync(existing, key, gone, cancellationToken);
                }

                if (now - (existing.GetDateTimeOffset("StartedAt") ?? now) < AbandonedAfter)
                {
                    var busy = ApiResults.Conflict("同じリクエストを処理しています。", "しばらくしてから同じ Idempotency-Key で送り直してください。");
                    busy.Headers["Retry-After"] = "2";
                    return busy;
                }
            }

            // Expired, or abandoned by a process that died: take the key over, unless another request just did.
            try
            {
                if (existing is null)
                {
                    await table.AddEntityAsync(pending, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(pending, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                }
            }
            catch (RequestFailedException again) when (again.Status is 409 or 412)
            {
                return ApiResults.Conflict("同じリクエストを処理しています。", "しばらくしてから同じ Idempotency-Key で送り直してください。");
            }
        }

        IActionResult result;
        try
        {
            result = await handle();
        }
        catch
        {
            await table.DeleteEntityAsync(partition, rowKey, ETag.All, CancellationToken.None);
            throw;
        }

        if (result is JsonBodyResult { StatusCode: >= 200 and < 300 } success)
        {
            var body = success.Body is null ? null
                : success.Body as string ?? JsonSerializer.Serialize(success.Body, success.Body.GetType(), Json.Options);
            var sealedAnswer = key.Seal(JsonSerializer.SerializeToUtf8Bytes(new StoredAnswer(success.StatusCode, success.ContentType, body, new Dictionary<string, string>(success.Headers))));
            await table.UpsertEntityAsync(new TableEntity(partition, rowKey)
            {
                ["Fingerprint"] = fingerprint,
                ["StartedAt"] = now,
                ["State"] = "Completed",
                ["Answer"] = sealedAnswer,
            }, TableUpdateMode.Replace, CancellationToken.None);
        }
        else
        {
            await table.DeleteEntityAsync(partition, rowKey, ETag.All, CancellationToken.None);
        }

        return result;
    }

    private sealed record StoredAnswer(int Status, string ContentType, string? Body, Dictionary<string, string> Headers);

    private static async Task<JsonBodyResult> ReplayAsync(TableEntity row, IdempotencyKey key, GoneCheck? gone, CancellationToken cancellationToken)
    {
        var answer = JsonSerializer.Deserialize<StoredAnswer>(key.Open(row.GetBinary("Answer")!))!;
        if (gone is not null && answer.Body is not null && await gone(JsonDocument.Parse(answer.Body).RootElement, cancellationToken) is { } instead)
        {
            return instead;
        }

        var result = new JsonBodyResult(answer.Status, answer.Body, answer.ContentType);
        foreach (var (name, value) in answer.Headers)
        {
            result.Headers[name] = value;
        }

        result.Headers["Idempotent-Replayed"] = "true";
        return result;
    }
}
