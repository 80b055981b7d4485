using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;
using Workflow.Functions.Identity;
using Workflow.LocalHost.Identity;

namespace Workflow.LocalHost.Tests.Identity;

/// <summary>The local stand-in for Entra ID issues tokens the app's own validation accepts, and only sensible ones.</summary>
public sealed class DevelopmentSignInTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [SettingNames.SignInIssuer] = SignInSettings.DevelopmentIssuer,
        [SettingNames.SignInAudience] = "api://workflow-local",
        [SettingNames.SignInDevelopmentKey] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 3)).ToArray()),
    }).Build();

    private static readonly SignInSettings Settings = SignInSettings.FromConfiguration(Configuration, runningInAzure: false);

    [Fact]
    public async Task The_token_command_prints_a_token_the_app_accepts_with_its_scope()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = DevelopmentSignIn.RunCommand(["token", "--role", "operator", "--round", "R2026-1a2b3c4d", "--subject", "op-1"], Configuration, output, error);

        Assert.Equal(0, exit);
        Assert.Empty(error.ToString());
        var verified = await new StaffTokens(Settings).ValidateAsync(output.ToString().Trim());
        Assert.NotNull(verified);
        Assert.Equal([ActorRole.Operator], verified.Roles);
        Assert.Equal(["R2026-1a2b3c4d"], verified.Rounds);
        Assert.Equal("op-1", verified.Subject);
    }

    [Theory]
    [InlineData("admin", null, null, "role は")]
    [InlineData("applicant", null, null, "role は")]
    [InlineData("operator", null, null, "担当する公募ラウンド")]
    [InlineData("reviewer", "../etc", null, "round の形式")]
    [InlineData("municipality", null, "131017", "団体コード")]
    public void Requests_that_could_not_sign_anyone_in_are_refused_in_Japanese(string role, string? round, string? municipality, string message)
    {
        var (token, _, problem) = DevelopmentSignIn.Issue(Settings, new DevelopmentTokenRequest(role, round is null ? [] : [round], municipality, null), DateTimeOffset.UtcNow);

        Assert.Null(token);
        Assert.Contains(message, problem);
    }

    [Fact]
    public void Unknown_arguments_are_refused_with_the_usage()
    {
        var error = new StringWriter();
        Assert.Equal(2, DevelopmentSignIn.RunCommand(["token", "--role"], Configuration, new StringWriter(), error));
        Assert.Contains("usage: token", error.ToString());
    }

    [Fact]
    public void A_development_key_is_refused_where_Azure_runs_the_app()
    {
        Assert.Throws<InvalidOperationException>(() => SignInSettings.FromConfiguration(Configuration, runningInAzure: true));
    }
}
