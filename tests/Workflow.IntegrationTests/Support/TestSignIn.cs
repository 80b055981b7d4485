using Workflow.Testing;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Workflow.Functions.Identity;
using Workflow.LocalHost.Identity;

namespace Workflow.IntegrationTests;

/// <summary>
/// Staff tokens as the local host under test trusts them: signed with the development provider's RS256 key (the
/// one every local host of this user publishes in its JWKS, ADR 0023) under the issuer of the host's own
/// appsettings.json, plus the ones it must refuse (expired, signed by another key, HS256).
/// </summary>
public static class TestSignIn
{
    private static readonly IConfiguration HostSettings = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Path.GetDirectoryName(LocalHostProcess.LocalHostDll())!, "appsettings.json"))
        .Build();

    private static readonly DevelopmentSignInKeys Keys = DevelopmentSignInKeys.Load(HostSettings);

    public static StaffTokenIssuer Issuer { get; } = Keys.Issuer(HostSettings);

    public static string Token(ActorRole role, IEnumerable<string>? rounds = null, string? municipality = null, string subject = "test-user") =>
        DevelopmentTokens.Issue(Issuer, role, subject, rounds, municipality);

    public static string Expired(ActorRole role) =>
        DevelopmentTokens.Issue(Issuer, role, "test-user", now: DateTimeOffset.UtcNow.AddHours(-3), lifetime: TimeSpan.FromHours(1));

    /// <summary>Signed by another RSA key that even claims the real key's id: its signature cannot match.</summary>
    public static string WrongSignature(ActorRole role) =>
        DevelopmentTokens.Issue(Issuer with { Credentials = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = Keys.SigningKey.KeyId }, SecurityAlgorithms.RsaSha256) }, role, "test-user");

    /// <summary>Signed by a key the provider never published, under a key id of its own.</summary>
    public static string ForeignKey(ActorRole role) =>
        DevelopmentTokens.Issue(Issuer with { Credentials = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "foreign" }, SecurityAlgorithms.RsaSha256) }, role, "test-user");

    /// <summary>
    /// HS256 with the provider's public modulus as the shared secret, under the real key's id: the key confusion a
    /// verifier that let the token pick its algorithm would accept.
    /// </summary>
    public static string Hs256(ActorRole role)
    {
        var modulus = Keys.SigningKey.Rsa.ExportParameters(false).Modulus!;
        return DevelopmentTokens.Issue(Issuer with { Credentials = new SigningCredentials(new SymmetricSecurityKey(modulus) { KeyId = Keys.SigningKey.KeyId }, SecurityAlgorithms.HmacSha256) }, role, "test-user");
    }

    public static HttpRequestMessage WithToken(this HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public static HttpRequestMessage WithApplicantToken(this HttpRequestMessage request, string token)
    {
        request.Headers.Add(AccessGate.ApplicantTokenHeader, token);
        return request;
    }
}
