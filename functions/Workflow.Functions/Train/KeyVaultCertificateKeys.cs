using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;

namespace Workflow.Functions.Train;

/// <summary>
/// 修了証 signatures made by a Key Vault key (EC P-256) through the vault's REST API, as the app's identity: the
/// private key never leaves the vault. The Key Vault SDK for keys is not served by the feed the build machines
/// reach, and the two calls needed here are small, so they are made directly.
/// </summary>
public sealed class KeyVaultCertificateKeys : ICertificateKeys
{
    public const string ApiVersion = "7.4";

    private const string Algorithm = "ES256";
    private const int SignatureLength = 64;
    private const int CoordinateLength = 32;

    private readonly HttpClient _http;
    private readonly TokenCredential _credential;
    private readonly string _keyUri;
    private readonly string _vaultHost;
    private readonly string _keyName;
    private readonly string[] _scopes;

    // A key version's public key never changes, so once fetched it is kept for the life of the process: checking a
    // certificate then costs no call to the vault. ECDsa instances are not documented as safe for concurrent use,
    // hence the lock around each verification.
    private readonly ConcurrentDictionary<string, ECDsa> _publicKeys = new(StringComparer.Ordinal);

    /// <param name="keyUri">The key without a version (https://{vault}.vault.azure.net/keys/{name}): signing uses its current version.</param>
    public KeyVaultCertificateKeys(HttpClient http, TokenCredential credential, Uri keyUri)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(keyUri);
        var segments = keyUri.IsAbsoluteUri ? keyUri.AbsolutePath.Trim('/').Split('/') : [];
        if (!keyUri.IsAbsoluteUri || keyUri.Scheme != Uri.UriSchemeHttps || !keyUri.IsDefaultPort
            || keyUri.Query.Length > 0 || keyUri.Fragment.Length > 0 || keyUri.UserInfo.Length > 0
            || segments is not ["keys", var name] || !IsPlainSegment(name))
        {
            throw new ArgumentException(
                $"The certificate key must be a Key Vault key without a version (https://<vault>.vault.azure.net/keys/<name>), not {keyUri}.",
                nameof(keyUri));
        }

        _http = http;
        _credential = credential;
        _vaultHost = keyUri.IdnHost;
        _keyName = segments[1];
        _keyUri = $"https://{_vaultHost}/keys/{_keyName}";

        // The vault's DNS suffix is its token audience: https://vault.azure.net in the public cloud, vault.azure.cn or
        // vault.usgovcloudapi.net in the others the template can be deployed to.
        _scopes = [$"https://{_vaultHost[(_vaultHost.IndexOf('.', StringComparison.Ordinal) + 1)..]}/.default"];
    }

    public async Task<CertificateSignature> SignAsync(byte[] data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_keyUri}/sign?api-version={ApiVersion}")
        {
            Content = JsonContent.Create(new SignRequest(Algorithm, Base64Url.EncodeToString(SHA256.HashData(data)))),
        };
        using var response = await SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await VaultErrorAsync("sign", response, cancellationToken);
        }

        var result = await response.Content.ReadFromJsonAsync<SignResponse>(cancellationToken)
            ?? throw new InvalidOperationException("Key Vault answered sign with an empty body.");

        // The certificate keeps the kid so that it is checked against the version that signed it after a rotation;
        // a kid this class would later refuse to verify must not end up in a certificate.
        if (result.Kid is null || ParseVersion(result.Kid) is null)
        {
            throw new InvalidOperationException($"Key Vault signed with '{result.Kid}', which is not a version of {_keyUri}.");
        }

        var signature = result.Value is null ? [] : Base64Url.DecodeFromChars(result.Value);
        if (signature.Length != SignatureLength)
        {
            throw new InvalidOperationException($"Key Vault returned a {signature.Length}-byte signature; {Algorithm} has {SignatureLength}.");
        }

        return new CertificateSignature(result.Kid, signature);
    }

    public async Task<bool> VerifyAsync(string keyId, byte[] data, byte[] signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(signature);

        // The verification page is public and the key id comes with the certificate: only a version of the configured
        // key is ever fetched, so that nobody can make the app request an address of their choosing.
        if (keyId is null || ParseVersion(keyId) is not { } version || signature.Length != SignatureLength)
        {
            return false;
        }

        var versionUri = $"{_keyUri}/{version}";
        if (!_publicKeys.TryGetValue(versionUri, out var publicKey))
        {
            var fetched = await FetchPublicKeyAsync(versionUri, cancellationToken);
            if (fetched is null)
            {
                return false;
            }

            publicKey = _publicKeys.GetOrAdd(versionUri, fetched);
            if (!ReferenceEquals(publicKey, fetched))
            {
                fetched.Dispose();
            }
        }

        lock (publicKey)
        {
            return publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    /// <summary>
    /// The version named by <paramref name="keyId"/> when it is https://{the configured vault}/keys/{the configured
    /// name}/{version}; null for anything else. Vault host names and key names are case-insensitive in Key Vault.
    /// </summary>
    private string? ParseVersion(string keyId)
    {
        if (!Uri.TryCreate(keyId, UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttps || !uri.IsDefaultPort
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            || !string.Equals(uri.IdnHost, _vaultHost, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // The raw path, not the unescaped one: an escaped slash or dot must not turn into another path on the vault.
        return uri.AbsolutePath.Split('/') is ["", "keys", var name, var version]
               && string.Equals(name, _keyName, StringComparison.OrdinalIgnoreCase)
               && IsPlainSegment(version)
            ? version
            : null;
    }

    /// <summary>Key Vault names keys with letters, digits and dashes, and versions with hex digits.</summary>
    private static bool IsPlainSegment(string segment) =>
        segment.Length is > 0 and <= 127 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The public key of a key version; null when the vault has no such version.</summary>
    private async Task<ECDsa?> FetchPublicKeyAsync(string versionUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{versionUri}?api-version={ApiVersion}");
        using var response = await SendAsync(request, cancellationToken);

        // Only "no such key version" means the signature is not ours. Throttling, a missing role or an outage says
        // nothing about the certificate, so it fails the check instead of calling a genuine certificate forged.
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await VaultErrorAsync("get key", response, cancellationToken);
        }

        var bundle = await response.Content.ReadFromJsonAsync<KeyBundle>(cancellationToken);
        if (bundle?.Key is not { Kty: "EC" or "EC-HSM", Crv: "P-256", X: { } x, Y: { } y })
        {
            // Not a P-256 key: it cannot have made an ES256 signature.
            return null;
        }

        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Coordinate(x), Y = Coordinate(y) },
        });
    }

    /// <summary>A JWK coordinate, left-padded to the curve's size in case an encoder dropped leading zero bytes.</summary>
    private static byte[] Coordinate(string base64Url)
    {
        var bytes = Base64Url.DecodeFromChars(base64Url);
        if (bytes.Length > CoordinateLength)
        {
            throw new InvalidOperationException($"Key Vault returned a {bytes.Length}-byte P-256 coordinate.");
        }

        if (bytes.Length == CoordinateLength)
        {
            return bytes;
        }

        var padded = new byte[CoordinateLength];
        bytes.CopyTo(padded, CoordinateLength - bytes.Length);
        return padded;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Asked for every request: the credential caches the token and renews it before it expires.
        var token = await _credential.GetTokenAsync(new TokenRequestContext(_scopes), cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await _http.SendAsync(request, cancellationToken);
    }

    /// <summary>The vault's own error code and message, which say what to fix (a missing role, a disabled key, throttling).</summary>
    private async Task<HttpRequestException> VaultErrorAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string detail;
        try
        {
            var error = JsonSerializer.Deserialize<ErrorResponse>(body)?.Error;
            detail = error is null ? Truncate(body) : $"{error.Code}: {error.Message}";
        }
        catch (JsonException)
        {
            detail = Truncate(body);
        }

        return new HttpRequestException(
            $"Key Vault {operation} on {_keyUri} answered {(int)response.StatusCode} ({response.StatusCode}): {detail}",
            null,
            response.StatusCode);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];

    private sealed record SignRequest(
        [property: JsonPropertyName("alg")] string Alg,
        [property: JsonPropertyName("value")] string Value);

    private sealed record SignResponse(
        [property: JsonPropertyName("kid")] string? Kid,
        [property: JsonPropertyName("value")] string? Value);

    private sealed record KeyBundle([property: JsonPropertyName("key")] JsonWebKey? Key);

    private sealed record JsonWebKey(
        [property: JsonPropertyName("kid")] string? Kid,
        [property: JsonPropertyName("kty")] string? Kty,
        [property: JsonPropertyName("crv")] string? Crv,
        [property: JsonPropertyName("x")] string? X,
        [property: JsonPropertyName("y")] string? Y);

    private sealed record ErrorResponse([property: JsonPropertyName("error")] VaultError? Error);

    private sealed record VaultError(
        [property: JsonPropertyName("code")] string? Code,
        [property: JsonPropertyName("message")] string? Message);
}
