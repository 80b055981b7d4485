using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Workflow.Functions.Identity;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Identity;

/// <summary>The app checks staff tokens itself: issuer, audience, signature, lifetime, and the claims it relies on.</summary>
public sealed class StaffTokensTests
{
    private static readonly StaffTokens Tokens = TestSignIn.Tokens();

    private static string Issue(Dictionary<string, object> claims, StaffTokenIssuer? issuer = null, SecurityKey? key = null, DateTime? expires = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        issuer ??= TestSignIn.Issuer;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.Issuer,
            Audience = issuer.Audience,
            IssuedAt = now.AddHours(-2),
            NotBefore = now.AddHours(-2),
            Expires = expires ?? now.AddHours(1),
            Claims = claims,
            SigningCredentials = key is null ? issuer.Credentials : new SigningCredentials(key, algorithm),
        });
    }

    private static byte[] PublicModulus => TestSignIn.Key.Rsa.ExportParameters(false).Modulus!;

    [Fact]
    public async Task A_valid_token_gives_its_subject_roles_rounds_and_municipality()
    {
        var token = Issue(new() { ["sub"] = "user-1", ["roles"] = new[] { "operator", "reviewer" }, ["rounds"] = new[] { "R2025-abcdef12", "../etc" }, ["municipality"] = "131016" });

        var verified = await Tokens.ValidateAsync(token);

        Assert.NotNull(verified);
        Assert.Equal("user-1", verified.Subject);
        Assert.Equal([ActorRole.Operator, ActorRole.Reviewer], verified.Roles.Order());
        Assert.Equal(["R2025-abcdef12"], verified.Rounds);
        Assert.Equal("131016", verified.MunicipalityCode);
    }

    [Fact]
    public async Task Entra_object_id_is_preferred_to_the_subject()
    {
        var verified = await Tokens.ValidateAsync(Issue(new() { ["sub"] = "pairwise", ["oid"] = "00000000-1111-2222-3333-444444444444", ["roles"] = new[] { "auditor" } }));

        Assert.Equal("00000000-1111-2222-3333-444444444444", verified!.Subject);
    }

    public static TheoryData<string, Func<string>> Refused => new()
    {
        { "expired", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, expires: DateTime.UtcNow.AddMinutes(-5)) },
        { "signed by another RSA key under the published key's id", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = TestSignIn.Key.KeyId }) },
        { "signed by a key the metadata does not list", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "foreign" }) },
        { "signed by another key without a key id", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, key: new RsaSecurityKey(RSA.Create(2048))) },
        { "HS256 keyed with the public modulus", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, key: new SymmetricSecurityKey(PublicModulus) { KeyId = TestSignIn.Key.KeyId }, algorithm: SecurityAlgorithms.HmacSha256) },
        { "HS256 with any key", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), algorithm: SecurityAlgorithms.HmacSha256) },
        { "RS512 with the published key", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, key: TestSignIn.Key, algorithm: SecurityAlgorithms.RsaSha512) },
        { "another issuer", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, TestSignIn.Issuer with { Issuer = "https://evil.example/" }) },
        { "another audience", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, TestSignIn.Issuer with { Audience = "api://other" }) },
        { "no role", () => Issue(new() { ["sub"] = "u" }) },
        { "only unknown roles", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "Ministry", "1", "applicant", "admin" } }) },
        { "no subject", () => Issue(new() { ["roles"] = new[] { "ministry" } }) },
        { "municipality without a valid code", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "municipality" }, ["municipality"] = "131017" }) },
        { "unsigned (alg none)", () => Unsigned("""{"iss":"https://tests.local/issuer","aud":"api://workflow-tests","sub":"u","roles":["ministry"],"exp":4102444800}""") },
        { "not a token", () => "ministry" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Tokens_the_app_must_not_accept_are_refused(string why, Func<string> token)
    {
        Assert.True(await Tokens.ValidateAsync(token()) is null, why);
    }

    [Fact]
    public async Task Development_tokens_carry_one_role_and_its_scope()
    {
        var token = DevelopmentTokens.Issue(TestSignIn.Issuer, ActorRole.Municipality, "city-hall", municipalityCode: "131016");

        var verified = await Tokens.ValidateAsync(token);

        Assert.Equal([ActorRole.Municipality], verified!.Roles);
        Assert.Equal("131016", verified.MunicipalityCode);
        Assert.Empty(verified.Rounds);
    }

    [Fact]
    public void Development_tokens_are_not_issued_for_applicants()
    {
        Assert.Throws<ArgumentException>(() => DevelopmentTokens.Issue(TestSignIn.Issuer, ActorRole.Applicant, "x"));
    }

    [Fact]
    public async Task Any_key_the_metadata_lists_is_accepted()
    {
        // Entra ID publishes the next key before it signs with it; a token signed by either one is good.
        var rolled = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rolled" };
        var metadata = new InMemoryMetadata(TestSignIn.Settings.Issuer, TestSignIn.Key, rolled);
        var tokens = new StaffTokens(TestSignIn.Settings, metadata);

        Assert.NotNull(await tokens.ValidateAsync(Issue(new() { ["sub"] = "u", ["roles"] = new[] { "auditor" } }, key: rolled)));
    }

    private static string Unsigned(string payload) =>
        $"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{Base64Url(payload)}.";

    private static string Base64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
