using System.Security.Cryptography;
using Workflow.Functions.Apply;
using Workflow.Functions.Identity;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Staff tokens for tests that call triggers directly: a development issuer with a key of this test run, and the
/// same <see cref="AccessGate"/> the hosts use. Actors are written as before: "ministry", "auditor",
/// "operator:R2025-…", "reviewer:R2025-…", "municipality:131016".
/// </summary>
public static class TestSignIn
{
    public const string Subject = "test-user";

    public static SignInSettings Settings { get; } = new("https://tests.local/issuer", "api://workflow-tests", null, RandomNumberGenerator.GetBytes(32));

    public static AccessGate Gate(WorkflowStorage storage) => new(new StaffTokens(Settings), new ApplicationStore(storage));

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
            ActorRole.Operator or ActorRole.Reviewer => DevelopmentTokens.Issue(Settings, role, subject, scope is null ? [] : [scope]),
            ActorRole.Municipality => DevelopmentTokens.Issue(Settings, role, subject, municipalityCode: scope),
            _ => DevelopmentTokens.Issue(Settings, role, subject),
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
