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
/// POSTs that create something accept an Idempotency-Key header: the same key with the same request creates one
/// thing and answers the same each time. The stored answer is encrypted with a key derived from the client's
/// Idempotency-Key, so storage never holds a readable copy of it (an applicant's access token, for instance).
/// Only successful answers are kept: a refused request leaves nothing behind and may be corrected and sent again.
/// </summary>
public sealed class IdempotentRequests(WorkflowStorage storage, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";

    /// <summary>How long a key is remembered; afterwards the same key starts a new request.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A request still marked as running after this long is taken to have died with its process.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(15);

    /// <param name="scope">Who may share a key: the function and, for staff, the caller; anonymous callers share by route.</param>
    public async Task<IActionResult> RunAsync(HttpRequest request, string scope, Func<Task<IActionResult>> handle)
    {
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return await handle();
        }

        var key = values.Count == 1 ? values[0] : null;
        if (key is null || key.Length is < 8 or > 200 || !key.All(c => c is >= '!' and <= '~'))
        {
            return ApiResults.Validation([new Domain.Applications.FieldError(Header, "Idempotency-Key は8〜200文字の半角英数記号1つで指定してください。")]);
        }

        // Fingerprinting reads the whole body before the handler does: it must stop at the route's limit too.
        BodyLimits.Ensure(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        string fingerprint;
        try
        {
            fingerprint = await FingerprintAsync(request, cancellationToken);
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
        var partition = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(scope)));
        var rowKey = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key)));
        var now = clock.GetUtcNow();
        var pending = new TableEntity(partition, rowKey) { ["Fingerprint"] = fingerprint, ["StartedAt"] = now, ["State"] = "Pending" };

        try
        {
            await table.AddEntityAsync(pending, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await TableBatches.GetOrDefaultAsync<TableEntity>(table, partition, rowKey, cancellationToken);
            if (existing is not null && now - (existing.GetDateTimeOffset("StartedAt") ?? now) < Retention)
            {
                if (existing.GetString("Fingerprint") != fingerprint)
                {
                    return ApiResults.Problem(StatusCodes.Status422UnprocessableEntity, "この Idempotency-Key は別の内容のリクエストで使われています。",
                        "内容を変えて送り直す場合は、新しい Idempotency-Key を使ってください。");
                }

                if (existing.GetString("State") == "Completed")
                {
                    return Replay(existing, key, scope);
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
            var sealedAnswer = Seal(key, scope, JsonSerializer.SerializeToUtf8Bytes(new StoredAnswer(success.StatusCode, success.ContentType, body, new Dictionary<string, string>(success.Headers))));
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

    private static JsonBodyResult Replay(TableEntity row, string key, string scope)
    {
        var answer = JsonSerializer.Deserialize<StoredAnswer>(Open(key, scope, row.GetBinary("Answer")!))!;
        var result = new JsonBodyResult(answer.Status, answer.Body, answer.ContentType);
        foreach (var (name, value) in answer.Headers)
        {
            result.Headers[name] = value;
        }

        result.Headers["Idempotent-Replayed"] = "true";
        return result;
    }

    /// <summary>
    /// What makes two requests "the same": method, path, media type and content. A form is hashed by its parts, not
    /// its bytes, because a client sending the same form again chooses a new multipart boundary.
    /// </summary>
    private static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var mediaType = (request.ContentType ?? string.Empty).Split(';', 2)[0].Trim().ToLowerInvariant();
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString} {mediaType}\n"));
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (name, values) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"field {name.Length}:{name} {values.Count}\n"));
                foreach (var value in values)
                {
                    var bytes = Encoding.UTF8.GetBytes(value ?? string.Empty);
                    hash.AppendData(Encoding.UTF8.GetBytes($"{bytes.Length}:"));
                    hash.AppendData(bytes);
                }
            }

            foreach (var file in form.Files)
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"file {file.Name.Length}:{file.Name} {file.ContentType} {file.Length}\n"));
                await using var content = file.OpenReadStream();
                await AppendAsync(hash, content, cancellationToken);
            }

            return Hex(hash.GetHashAndReset());
        }

        request.EnableBuffering();
        await AppendAsync(hash, request.Body, cancellationToken);
        request.Body.Position = 0;
        return Hex(hash.GetHashAndReset());
    }

    private static async Task AppendAsync(IncrementalHash hash, Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }

    private static byte[] DeriveKey(string key, string scope) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key), 32, Encoding.UTF8.GetBytes(scope), "workflow idempotent answer"u8.ToArray());

    private static byte[] Seal(string key, string scope, byte[] plain)
    {
        using var aes = new AesGcm(DeriveKey(key, scope), AesGcm.TagByteSizes.MaxSize);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        aes.Encrypt(nonce, plain, cipher, tag);
        return [.. nonce, .. tag, .. cipher];
    }

    private static byte[] Open(string key, string scope, byte[] sealedAnswer)
    {
        using var aes = new AesGcm(DeriveKey(key, scope), AesGcm.TagByteSizes.MaxSize);
        var nonce = sealedAnswer.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = sealedAnswer.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
        var cipher = sealedAnswer.AsSpan(nonce.Length + tag.Length);
        var plain = new byte[cipher.Length];
        aes.Decrypt(nonce, cipher, tag, plain);
        return plain;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
