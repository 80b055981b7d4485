using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Http;

/// <summary>
/// A client's Idempotency-Key (a command id) within the scope that may share it: the function and, for staff, the
/// caller. What is kept about a keyed request is found by <see cref="Hash"/>, never by the key itself, and its
/// answer is sealed (AES-GCM) with a key derived from the client's key, so storage never holds a readable copy of
/// an answer such as an applicant's access token: only whoever holds the key can open it.
/// </summary>
public sealed class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>How long a key is remembered; afterwards the same key starts a new request.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly string _value;

    private IdempotencyKey(string value, string scope)
    {
        _value = value;
        Scope = scope;
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + value)));
    }

    public string Scope { get; }

    /// <summary>What storage knows the key by.</summary>
    public string Hash { get; }

    /// <summary>The request's key: none, one, or a 400 naming the header when it is malformed or repeated.</summary>
    public static (IdempotencyKey? Key, JsonBodyResult? Error) FromHeader(HttpRequest request, string scope)
    {
        var values = request.Headers[Header];
        return values.Count switch
        {
            0 => (null, null),
            1 => From(values[0], scope),
            _ => (null, Malformed()),
        };
    }

    /// <summary>A key given some other way than the header (a form's hidden command id).</summary>
    public static (IdempotencyKey? Key, JsonBodyResult? Error) From(string? value, string scope) =>
        value is null || value.Length is < 8 or > 200 || !value.All(c => c is >= '!' and <= '~')
            ? (null, Malformed())
            : (new IdempotencyKey(value, scope), null);

    private static JsonBodyResult Malformed() =>
        ApiResults.Validation([new FieldError(Header, "Idempotency-Key は8〜200文字の半角英数記号1つで指定してください。")]);

    /// <summary>The answer to a key sent again with a request that is not the one it was first sent with.</summary>
    public static JsonBodyResult UsedForOtherContent() =>
        ApiResults.Problem(StatusCodes.Status422UnprocessableEntity, "この Idempotency-Key は別の内容のリクエストで使われています。",
            "内容を変えて送り直す場合は、新しい Idempotency-Key を使ってください。");

    public byte[] Seal(byte[] plain)
    {
        using var aes = new AesGcm(DerivedKey(), AesGcm.TagByteSizes.MaxSize);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        aes.Encrypt(nonce, plain, cipher, tag);
        return [.. nonce, .. tag, .. cipher];
    }

    public byte[] Open(byte[] sealedBytes)
    {
        using var aes = new AesGcm(DerivedKey(), AesGcm.TagByteSizes.MaxSize);
        var nonce = sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = sealedBytes.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
        var cipher = sealedBytes.AsSpan(nonce.Length + tag.Length);
        var plain = new byte[cipher.Length];
        aes.Decrypt(nonce, cipher, tag, plain);
        return plain;
    }

    private byte[] DerivedKey() =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(_value), 32, Encoding.UTF8.GetBytes(Scope), "workflow idempotent answer"u8.ToArray());

    /// <summary>
    /// What makes two requests "the same": method, path, media type and content. A form is hashed by its parts, not
    /// its bytes, because a client sending the same form again chooses a new multipart boundary.
    /// </summary>
    public static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
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

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        request.EnableBuffering();
        await AppendAsync(hash, request.Body, cancellationToken);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
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
}
