using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// An issuer's OpenID Connect discovery document and JWKS, served from memory to the app's real metadata reader,
/// so that unit tests validate tokens exactly as the app does against Entra ID or the development provider.
/// </summary>
public sealed class InMemoryMetadata(string issuer, params RsaSecurityKey[] keys) : IDocumentRetriever
{
    public const string Address = "https://tests.local/.well-known/openid-configuration";
    private const string JwksAddress = "https://tests.local/jwks";

    public Task<string> GetDocumentAsync(string address, CancellationToken cancel) => Task.FromResult(address switch
    {
        Address => JsonSerializer.Serialize(new { issuer, jwks_uri = JwksAddress, id_token_signing_alg_values_supported = new[] { "RS256" } }),
        JwksAddress => JsonSerializer.Serialize(new
        {
            keys = keys.Select(k => k.Rsa.ExportParameters(false)).Zip(keys, (p, k) => new
            {
                kty = "RSA", use = "sig", alg = "RS256", kid = k.KeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent),
            }),
        }),
        _ => throw new InvalidOperationException($"No document at {address}."),
    });
}
