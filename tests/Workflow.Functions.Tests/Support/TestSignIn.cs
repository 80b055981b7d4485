using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Workflow.Functions.Apply;
using Workflow.Functions.Identity;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Staff tokens for tests that call triggers directly: an issuer with an RS256 key of this test run whose discovery
/// document and JWKS are served from memory (<see cref="InMemoryMetadata"/>), and the same <see cref="AccessGate"/>
/// the hosts use. Actors are written as before: "ministry", "auditor",
/// "operator:R2025-…", "reviewer:R2025-…", "municipality:131016".
/// </summary>
public static class TestSignIn
{
    public const string Subject = "test-user";

    public static SignInSettings Settings { get; } = new("https://tests.local/issuer", "api://workflow-tests", InMemoryMetadata.Address);

    public static RsaSecurityKey Key { get; } = new(RSA.Create(2048)) { KeyId = "test-key" };

    public static StaffTokenIssuer Issuer { get; } = new(Settings.Issuer, Settings.Audience, new SigningCredentials(Key, SecurityAlgorithms.RsaSha256));

    /// <summary>The app's validation, reading this issuer's keys from its (in-memory) metadata.</summary>
    public static StaffTokens Tokens() => new(Settings, new InMemoryMetadata(Settings.Issuer, Key));

    public static AccessGate Gate(WorkflowStorage storage) => new(Tokens(), new ApplicationStore(storage));

    /// <summary>"role[:scope][@subject]": the subject is <see cref="Subject"/> unless named, so a spec can sign in several reviewers.</summary>
    public static string TokenFor(string actor)
    {
        var (name, subject) = Split(actor);
        var parts = name.Split(':', 2);
        if (!ActorClaims.TryParseRole(parts[0], out var role))
        {
            throw new ArgumentException($"Unknown actor {actor}", nameof(actor));
        }

        var scope = parts.Length > 1 ? parts[1] : null;
        return role switch
        {
            ActorRole.Operator or ActorRole.Reviewer => DevelopmentTokens.Issue(Issuer, role, subject, scope is null ? [] : [scope]),
            ActorRole.Municipality => DevelopmentTokens.Issue(Issuer, role, subject, municipalityCode: scope),
            _ => DevelopmentTokens.Issue(Issuer, role, subject),
        };
    }

    private static (string Name, string Subject) Split(string actor) =>
        actor.IndexOf('@', StringComparison.Ordinal) is var at and >= 0 ? (actor[..at], actor[(at + 1)..]) : (actor, Subject);

    /// <summary>How the business log and raised events name the actor a spec signs in as.</summary>
    public static string LogName(string actor)
    {
        var (name, subject) = Split(actor);
        return name.Split(':')[0] switch
        {
            "municipality" => $"{name}:{subject}",
            var role => $"{role}:{subject}",
        };
    }
}
