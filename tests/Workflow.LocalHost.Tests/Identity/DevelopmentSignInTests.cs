using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;
using Workflow.Functions.Configuration;
using Workflow.Functions.Identity;
using Workflow.LocalHost.Identity;

namespace Workflow.LocalHost.Tests.Identity;

/// <summary>
/// The local stand-in for Entra ID issues RS256 tokens the app's own validation accepts from the provider's
/// metadata, and only sensible ones; its key is kept, not made anew at each start.
/// </summary>
public sealed class DevelopmentSignInTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "workflow-sign-in-" + Guid.NewGuid().ToString("N"));
    private readonly IConfiguration _configuration;

    public DevelopmentSignInTests()
    {
        _configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.SignInIssuer] = "https://workflow.localhost/dev-oidc",
            [SettingNames.SignInAudience] = "api://workflow-local",
            [SettingNames.SignInClientId] = "workflow-local-pages",
            [DevelopmentSignInKeys.KeyFolderSetting] = _folder,
            [DevelopmentOidcProvider.PortSetting] = "0",
        }).Build();
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_token_command_prints_a_token_the_app_accepts_from_the_running_providers_metadata()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = DevelopmentSignIn.RunCommand(["token", "--role", "operator", "--round", "R2026-1a2b3c4d", "--subject", "op-1"], _configuration, output, error);

        Assert.Equal(0, exit);
        Assert.Empty(error.ToString());
        await using var provider = await DevelopmentOidcProvider.StartAsync(_configuration, DevelopmentSignInKeys.Load(_configuration));
        var settings = SignInSettings.FromConfiguration(new ConfigurationBuilder().AddConfiguration(_configuration).AddInMemoryCollection(provider.AppSettings()).Build(), runningInAzure: false);
        var verified = await new StaffTokens(settings).ValidateAsync(output.ToString().Trim());
        Assert.NotNull(verified);
        Assert.Equal([ActorRole.Operator], verified.Roles);
        Assert.Equal(["R2026-1a2b3c4d"], verified.Rounds);
        Assert.Equal("op-1", verified.Subject);
    }

    [Fact]
    public void The_key_and_certificate_are_made_once_and_kept()
    {
        var first = DevelopmentSignInKeys.Load(_folder);
        var again = DevelopmentSignInKeys.Load(_folder);

        Assert.Equal(first.SigningKey.KeyId, again.SigningKey.KeyId);
        Assert.Equal(first.CertificateThumbprint, again.CertificateThumbprint);
        Assert.Equal(2048, first.SigningKey.Rsa.KeySize);
        Assert.True(first.Certificate.HasPrivateKey);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in Directory.GetFiles(_folder))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
    }

    [Fact]
    public async Task The_app_refuses_the_providers_metadata_behind_any_other_certificate()
    {
        await using var provider = await DevelopmentOidcProvider.StartAsync(_configuration, DevelopmentSignInKeys.Load(_configuration));
        var token = DevelopmentTokens.Issue(DevelopmentSignInKeys.Load(_folder).Issuer(_configuration), ActorRole.Auditor, "a");
        var pinnedElsewhere = new SignInSettings("https://workflow.localhost/dev-oidc", "api://workflow-local", provider.MetadataAddress, new string('A', 64));

        Assert.Null(await new StaffTokens(pinnedElsewhere).ValidateAsync(token));
    }

    [Theory]
    [InlineData("admin", null, null, "role は")]
    [InlineData("applicant", null, null, "role は")]
    [InlineData("operator", null, null, "担当する公募ラウンド")]
    [InlineData("reviewer", "../etc", null, "round の形式")]
    [InlineData("municipality", null, "131017", "団体コード")]
    public void Requests_that_could_not_sign_anyone_in_are_refused_in_Japanese(string role, string? round, string? municipality, string message)
    {
        var issuer = new StaffTokenIssuer("https://workflow.localhost/dev-oidc", "api://workflow-local", DevelopmentSignInKeys.Load(_folder).Credentials);
        var (token, _, problem) = DevelopmentSignIn.Issue(issuer, new DevelopmentTokenRequest(role, round is null ? [] : [round], municipality, null), DateTimeOffset.UtcNow);

        Assert.Null(token);
        Assert.Contains(message, problem);
    }

    [Fact]
    public void Unknown_arguments_are_refused_with_the_usage()
    {
        var error = new StringWriter();
        Assert.Equal(2, DevelopmentSignIn.RunCommand(["token", "--role"], _configuration, new StringWriter(), error));
        Assert.Contains("usage: token", error.ToString());
    }

    [Fact]
    public void Development_sign_in_settings_are_refused_where_Azure_runs_the_app()
    {
        var development = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.SignInIssuer] = "https://workflow.localhost/dev-oidc",
            [SettingNames.SignInAudience] = "api://workflow-local",
            [SettingNames.SignInMetadataAddress] = "https://127.0.0.1:7443/oidc/.well-known/openid-configuration",
            [SettingNames.SignInDevelopmentCertificate] = new string('A', 64),
        }).Build();

        Assert.True(SignInSettings.FromConfiguration(development, runningInAzure: false).IsDevelopment);
        Assert.Throws<InvalidOperationException>(() => SignInSettings.FromConfiguration(development, runningInAzure: true));
    }

    [Fact]
    public void Metadata_over_plain_http_is_refused()
    {
        var plain = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.SignInIssuer] = "https://workflow.localhost/dev-oidc",
            [SettingNames.SignInAudience] = "api://workflow-local",
            [SettingNames.SignInMetadataAddress] = "http://127.0.0.1:7443/oidc/.well-known/openid-configuration",
        }).Build();

        Assert.Throws<InvalidOperationException>(() => SignInSettings.FromConfiguration(plain, runningInAzure: false));
    }
}
