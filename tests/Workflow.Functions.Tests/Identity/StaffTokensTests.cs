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
    private static readonly StaffTokens Tokens = new(TestSignIn.Settings);

    private static string Issue(Dictionary<string, object> claims, SignInSettings? settings = null, byte[]? key = null, DateTime? expires = null, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        settings ??= TestSignIn.Settings;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.AddHours(-2),
            NotBefore = now.AddHours(-2),
            Expires = expires ?? now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? settings.DevelopmentSigningKey!), algorithm),
        });
    }

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
        { "signed with another key", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, key: RandomNumberGenerator.GetBytes(32)) },
        { "another issuer", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, TestSignIn.Settings with { Issuer = "https://evil.example/" }) },
        { "another audience", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, TestSignIn.Settings with { Audience = "api://other" }) },
        { "no role", () => Issue(new() { ["sub"] = "u" }) },
        { "only unknown roles", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "Ministry", "1", "applicant", "admin" } }) },
        { "no subject", () => Issue(new() { ["roles"] = new[] { "ministry" } }) },
        { "municipality without a valid code", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "municipality" }, ["municipality"] = "131017" }) },
        { "HS512 instead of HS256", () => Issue(new() { ["sub"] = "u", ["roles"] = new[] { "ministry" } }, key: TestSignIn.Settings.DevelopmentSigningKey!.Concat(TestSignIn.Settings.DevelopmentSigningKey!).ToArray(), algorithm: SecurityAlgorithms.HmacSha512) },
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
        var token = DevelopmentTokens.Issue(TestSignIn.Settings, ActorRole.Municipality, "city-hall", municipalityCode: "131016");

        var verified = await Tokens.ValidateAsync(token);

        Assert.Equal([ActorRole.Municipality], verified!.Roles);
        Assert.Equal("131016", verified.MunicipalityCode);
        Assert.Empty(verified.Rounds);
    }

    [Fact]
    public void Development_tokens_are_not_issued_for_applicants_or_without_a_key()
    {
        Assert.Throws<ArgumentException>(() => DevelopmentTokens.Issue(TestSignIn.Settings, ActorRole.Applicant, "x"));
        Assert.Throws<InvalidOperationException>(() => DevelopmentTokens.Issue(TestSignIn.Settings with { DevelopmentSigningKey = null }, ActorRole.Auditor, "x"));
    }

    private static string Unsigned(string payload) =>
        $"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{Base64Url(payload)}.";

    private static string Base64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
