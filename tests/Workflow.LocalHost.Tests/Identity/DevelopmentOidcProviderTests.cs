using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;
using Workflow.Functions.Configuration;
using Workflow.Functions.Identity;
using Workflow.LocalHost.Identity;

namespace Workflow.LocalHost.Tests.Identity;

/// <summary>
/// The development provider's authorization code flow as MSAL.js drives it: a code for the chosen role, redeemed
/// once with the right PKCE verifier, client and redirect; anything else is refused.
/// </summary>
public sealed class DevelopmentOidcProviderTests : IAsyncLifetime
{
    private const string ClientId = "workflow-local-pages";
    private const string RedirectUri = "http://127.0.0.1:7071/staff";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "workflow-oidc-" + Guid.NewGuid().ToString("N"));
    private IConfiguration _configuration = null!;
    private DevelopmentOidcProvider _provider = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.SignInIssuer] = "https://workflow.localhost/dev-oidc",
            [SettingNames.SignInAudience] = "api://workflow-local",
            [SettingNames.SignInClientId] = ClientId,
            [DevelopmentSignInKeys.KeyFolderSetting] = _folder,
            [DevelopmentOidcProvider.PortSetting] = "0",
        }).Build();
        var keys = DevelopmentSignInKeys.Load(_configuration);
        _provider = await DevelopmentOidcProvider.StartAsync(_configuration, keys);

        // Exactly the provider's certificate, as the app trusts it.
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString(HashAlgorithmName.SHA256) == keys.CertificateThumbprint,
        };
        _http = new HttpClient(handler) { BaseAddress = _provider.Authority };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _provider.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_code_for_the_chosen_role_is_redeemed_once_for_a_token_the_app_accepts()
    {
        var (verifier, code) = await AuthorizeAsync("role=municipality&municipality=131016&subject=city-hall");

        using var answer = await RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        var settings = SignInSettings.FromConfiguration(new ConfigurationBuilder().AddConfiguration(_configuration).AddInMemoryCollection(_provider.AppSettings()).Build(), runningInAzure: false);
        var verified = await new StaffTokens(settings).ValidateAsync(body.GetProperty("access_token").GetString()!);
        Assert.NotNull(verified);
        Assert.Equal([ActorRole.Municipality], verified.Roles);
        Assert.Equal("131016", verified.MunicipalityCode);
        Assert.Equal("city-hall", verified.Subject);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("id_token").GetString()));

        using var again = await RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_code_with_the_wrong_verifier_client_or_redirect_is_refused_and_spent()
    {
        var (verifier, code) = await AuthorizeAsync("role=auditor");
        using var wrongVerifier = await RedeemAsync(code, verifier + "x");
        using var afterwards = await RedeemAsync(code, verifier);

        Assert.Equal(HttpStatusCode.BadRequest, wrongVerifier.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, afterwards.StatusCode);

        var (verifier2, code2) = await AuthorizeAsync("role=auditor");
        using var wrongClient = await RedeemAsync(code2, verifier2, clientId: "someone-else");
        Assert.Equal(HttpStatusCode.BadRequest, wrongClient.StatusCode);

        var (verifier3, code3) = await AuthorizeAsync("role=auditor");
        using var wrongRedirect = await RedeemAsync(code3, verifier3, redirectUri: "http://127.0.0.1:7071/elsewhere");
        Assert.Equal(HttpStatusCode.BadRequest, wrongRedirect.StatusCode);
    }

    [Theory]
    [InlineData("client_id=someone-else", "client_id")]
    [InlineData("redirect_uri=https%3A%2F%2Fevil.example%2Fstaff", "redirect_uri")]
    [InlineData("code_challenge_method=plain", "PKCE")]
    public async Task An_authorization_request_from_another_client_or_without_PKCE_gets_no_redirect(string change, string message)
    {
        using var answer = await _http.GetAsync("authorize?" + Query(Challenge(NewVerifier()), change));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(message, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_discovery_document_names_the_issuer_and_its_RS256_keys()
    {
        var discovery = JsonDocument.Parse(await _http.GetStringAsync(".well-known/openid-configuration")).RootElement;
        var jwks = JsonDocument.Parse(await _http.GetStringAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!))).RootElement;

        Assert.Equal("https://workflow.localhost/dev-oidc", discovery.GetProperty("issuer").GetString());
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.False(key.TryGetProperty("d", out _));
    }

    private async Task<(string Verifier, string Code)> AuthorizeAsync(string choice)
    {
        var verifier = NewVerifier();
        using var form = new StringContent(Query(Challenge(verifier), null) + "&" + choice, Encoding.ASCII, "application/x-www-form-urlencoded");
        using var answer = await _http.PostAsync("authorize", form);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!.ToString();
        Assert.StartsWith(RedirectUri + "#", location, StringComparison.Ordinal);
        var fragment = location[(location.IndexOf('#', StringComparison.Ordinal) + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("state-1", fragment["state"]);
        return (verifier, fragment["code"]);
    }

    private Task<HttpResponseMessage> RedeemAsync(string code, string verifier, string clientId = ClientId, string redirectUri = RedirectUri) =>
        _http.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
        }));

    private static string Query(string challenge, string? change)
    {
        var parameters = new Dictionary<string, string>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = "api://workflow-local/access_as_user openid profile",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "state-1",
            ["nonce"] = "nonce-1",
        };
        if (change is not null)
        {
            var (name, value) = (change.Split('=', 2)[0], Uri.UnescapeDataString(change.Split('=', 2)[1]));
            parameters[name] = value;
        }

        return string.Join("&", parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
    }

    private static string NewVerifier() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
