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

    public static string TokenFor(string actor)
    {
        var parts = actor.Split(':', 2);
        if (!ActorClaims.TryParseRole(parts[0], out var role))
        {
            throw new ArgumentException($"Unknown actor {actor}", nameof(actor));
        }

        var scope = parts.Length > 1 ? parts[1] : null;
        return role switch
        {
            ActorRole.Operator or ActorRole.Reviewer => DevelopmentTokens.Issue(Settings, role, Subject, scope is null ? [] : [scope]),
            ActorRole.Municipality => DevelopmentTokens.Issue(Settings, role, Subject, municipalityCode: scope),
            _ => DevelopmentTokens.Issue(Settings, role, Subject),
        };
    }

    /// <summary>How the business log and raised events name the actor a spec signs in as.</summary>
    public static string LogName(string actor) => actor.Split(':')[0] switch
    {
        "municipality" => $"{actor}:{Subject}",
        var role => $"{role}:{Subject}",
    };
}
