using Workflow.Testing;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Workflow.Functions.Identity;

namespace Workflow.IntegrationTests;

/// <summary>
/// Staff tokens as the local host under test trusts them: issued with the development key from the host's own
/// appsettings.json, plus the ones it must refuse (expired, signed with another key).
/// </summary>
public static class TestSignIn
{
    public static SignInSettings Settings { get; } = SignInSettings.FromConfiguration(new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Path.GetDirectoryName(LocalHostProcess.LocalHostDll())!, "appsettings.json"))
        .Build());

    public static string Token(ActorRole role, IEnumerable<string>? rounds = null, string? municipality = null, string subject = "test-user") =>
        DevelopmentTokens.Issue(Settings, role, subject, rounds, municipality);

    public static string Expired(ActorRole role) =>
        DevelopmentTokens.Issue(Settings, role, "test-user", now: DateTimeOffset.UtcNow.AddHours(-3), lifetime: TimeSpan.FromHours(1));

    public static string WrongSignature(ActorRole role) =>
        DevelopmentTokens.Issue(Settings, role, "test-user", signingKey: RandomNumberGenerator.GetBytes(32));

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
