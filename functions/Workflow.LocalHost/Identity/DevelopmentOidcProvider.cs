using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Primitives;
using Workflow.Functions.Configuration;
using Workflow.Functions.Identity;

namespace Workflow.LocalHost.Identity;

/// <summary>
/// The local stand-in for Entra ID (ADR 0023): an OpenID Connect provider on its own https port of the local host,
/// with a discovery document, a JWKS of its RS256 key, an authorization endpoint whose page lets the developer or
/// tester choose a staff role and its scopes, and a token endpoint for the authorization code with PKCE (S256).
/// The sign-in page's MSAL.js talks to it exactly as it talks to Entra ID in Azure, and the app reads its keys
/// from its metadata exactly as it reads Entra ID's.
/// </summary>
public sealed class DevelopmentOidcProvider : IAsyncDisposable
{
    /// <summary>The https port of the provider: 7443 for ./workflow up, 0 (any free one) for test hosts.</summary>
    public const string PortSetting = "Workflow:DevelopmentSignIn:Port";

    public const string PathBase = "/oidc";
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    private readonly WebApplication _app;
    private readonly DevelopmentSignInKeys _keys;
    private readonly StaffTokenIssuer _issuer;
    private readonly string _clientId;
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);

    private DevelopmentOidcProvider(WebApplication app, DevelopmentSignInKeys keys, StaffTokenIssuer issuer, string clientId)
    {
        _app = app;
        _keys = keys;
        _issuer = issuer;
        _clientId = clientId;
    }

    /// <summary>Where MSAL.js is sent: the provider's base address, https://127.0.0.1:&lt;port&gt;/oidc/.</summary>
    public Uri Authority { get; private set; } = null!;

    public string MetadataAddress => new Uri(Authority, ".well-known/openid-configuration").ToString();

    /// <summary>The settings that point the app at this provider, added to the host's configuration.</summary>
    public IEnumerable<KeyValuePair<string, string?>> AppSettings() =>
    [
        new(SettingNames.SignInMetadataAddress, MetadataAddress),
        new(SettingNames.SignInAuthority, Authority.ToString()),
        new(SettingNames.SignInDevelopmentCertificate, _keys.CertificateThumbprint),
    ];

    public static async Task<DevelopmentOidcProvider> StartAsync(IConfiguration configuration, DevelopmentSignInKeys keys)
    {
        var port = configuration.GetValue(PortSetting, 7443);
        var clientId = configuration[SettingNames.SignInClientId] ?? throw new InvalidOperationException($"{SettingNames.SignInClientId} is not set.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(keys.Certificate)));
        var app = builder.Build();
        var provider = new DevelopmentOidcProvider(app, keys, keys.Issuer(configuration), clientId);
        provider.Map();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        provider.Authority = new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), PathBase + "/");
        return provider;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private void Map()
    {
        // The sign-in page runs on the local host's http origin and fetches the metadata and the token from here.
        _app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Origin is [{ } origin] && IsLoopback(origin))
            {
                context.Response.Headers.AccessControlAllowOrigin = origin;
                context.Response.Headers.Vary = "Origin";
                if (HttpMethods.IsOptions(context.Request.Method))
                {
                    context.Response.Headers.AccessControlAllowMethods = "GET, POST";
                    context.Response.Headers.AccessControlAllowHeaders = context.Request.Headers.AccessControlRequestHeaders;
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                }
            }

            await next(context);
        });

        _app.MapGet(PathBase + "/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _issuer.Issuer,
            ["authorization_endpoint"] = new Uri(Authority, "authorize").ToString(),
            ["token_endpoint"] = new Uri(Authority, "token").ToString(),
            ["jwks_uri"] = new Uri(Authority, "jwks").ToString(),
            ["end_session_endpoint"] = new Uri(Authority, "logout").ToString(),
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query", "fragment" },
            ["grant_types_supported"] = new[] { "authorization_code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[] { "openid", "profile", "offline_access" },
        }));
        _app.MapGet(PathBase + "/jwks", () => Results.Json(_keys.Jwks()));
        _app.MapGet(PathBase + "/authorize", (HttpRequest request) => Authorize(request.Query, null, null));
        _app.MapPost(PathBase + "/authorize", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            return Authorize(form, form, DevelopmentSignIn.Check(new DevelopmentTokenRequest(
                form["role"], [.. form["rounds"].ToString().Split([',', '、', '，', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                form["municipality"].ToString().Trim() is { Length: > 0 } code ? code : null, form["subject"])));
        }).DisableAntiforgery();
        _app.MapPost(PathBase + "/token", async (HttpRequest request) => Token(await request.ReadFormAsync()));
        _app.MapGet(PathBase + "/logout", (HttpRequest request) =>
            request.Query["post_logout_redirect_uri"].ToString() is { Length: > 0 } back && IsLoopback(back)
                ? Results.Redirect(back)
                : Results.Content(Page("サインアウトしました", "<p>サインアウトしました。</p>"), "text/html; charset=utf-8"));
    }

    /// <summary>The authorization request, checked before anything is shown: a bad client or redirect gets no redirect.</summary>
    private IResult Authorize(IEnumerable<KeyValuePair<string, StringValues>> parameters, IFormCollection? form, (DevelopmentGrant? Grant, string? Error)? answer)
    {
        var query = parameters.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        string Get(string name) => query.TryGetValue(name, out var value) ? value : string.Empty;
        var redirect = Get("redirect_uri");
        if (Get("client_id") != _clientId || !IsLoopback(redirect))
        {
            return Results.Content(Page("サインインできません", "<p>client_id または redirect_uri が、この開発用の認証サーバーに登録されたものと一致しません。</p>"), "text/html; charset=utf-8", statusCode: 400);
        }

        if (Get("response_type") != "code" || Get("code_challenge").Length < 43 || Get("code_challenge_method") != "S256" || !Get("scope").Split(' ').Contains("openid"))
        {
            return Results.Content(Page("サインインできません", "<p>認可コードと PKCE（S256）、scope の openid が必要です。</p>"), "text/html; charset=utf-8", statusCode: 400);
        }

        if (answer is { Grant: { } grant })
        {
            var code = Base64Url(RandomNumberGenerator.GetBytes(32));
            _codes[code] = new PendingCode(grant, Get("client_id"), redirect, Get("code_challenge"), Get("nonce"), Get("scope"), DateTimeOffset.UtcNow + CodeLifetime);
            var reply = $"code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(Get("state"))}";
            return Results.Redirect(redirect + (Get("response_mode") == "query" ? (redirect.Contains('?', StringComparison.Ordinal) ? "&" : "?") : "#") + reply);
        }

        return Results.Content(Page("職員のサインイン（開発用）", SignInForm(query, form, answer?.Error)), "text/html; charset=utf-8");
    }

    private IResult Token(IFormCollection form)
    {
        if (form["grant_type"] != "authorization_code")
        {
            return TokenError("unsupported_grant_type");
        }

        // A code is used once, whatever the outcome.
        if (!_codes.TryRemove(form["code"].ToString(), out var pending) || pending.ExpiresAt < DateTimeOffset.UtcNow
            || form["client_id"] != pending.ClientId || form["redirect_uri"] != pending.RedirectUri
            || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != pending.CodeChallenge)
        {
            return TokenError("invalid_grant");
        }

        var now = DateTimeOffset.UtcNow;
        var grant = pending.Grant;
        var accessToken = DevelopmentTokens.Issue(_issuer, grant.Role, grant.Subject, grant.Rounds, grant.Municipality, now);
        var idClaims = new Dictionary<string, object>
        {
            [ActorClaims.Subject] = grant.Subject,
            ["oid"] = grant.Subject,
            ["name"] = grant.Subject,
            ["preferred_username"] = grant.Subject,
            [ActorClaims.Roles] = new[] { ActorClaims.RoleValue(grant.Role) },
        };
        if (pending.Nonce.Length > 0)
        {
            idClaims["nonce"] = pending.Nonce;
        }

        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["access_token"] = accessToken,
            ["id_token"] = DevelopmentTokens.Sign(_issuer, pending.ClientId, idClaims, now),
            ["expires_in"] = (int)DevelopmentTokens.DefaultLifetime.TotalSeconds,
            ["scope"] = pending.Scope,
        });
    }

    private static IResult TokenError(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);

    private static string SignInForm(Dictionary<string, string> query, IFormCollection? form, string? error)
    {
        string Value(string name) => WebUtility.HtmlEncode(form?[name].ToString() ?? string.Empty);
        var hidden = string.Concat(query.Where(p => p.Key is not ("role" or "rounds" or "municipality" or "subject"))
            .Select(p => $"""<input type="hidden" name="{WebUtility.HtmlEncode(p.Key)}" value="{WebUtility.HtmlEncode(p.Value)}">"""));
        var role = form?["role"].ToString();
        var options = string.Concat(new[] { ("ministry", "総務省"), ("operator", "受託事業者"), ("reviewer", "選定委員"), ("municipality", "自治体"), ("auditor", "監査") }
            .Select(r => $"""<option value="{r.Item1}"{(r.Item1 == role ? " selected" : string.Empty)}>{r.Item2}</option>"""));
        return $"""
            <p>開発用の認証サーバーです（本番では Microsoft Entra ID がこの画面の代わりになります）。役割と、その役割の範囲を選んでください。</p>
            {(error is null ? string.Empty : $"""<p class="error" role="alert" id="error">{WebUtility.HtmlEncode(error)}</p>""")}
            <form method="post" action="authorize">
              {hidden}
              <p><label for="role">役割</label><br><select id="role" name="role" required><option value="">選択してください</option>{options}</select></p>
              <p><label for="rounds">担当する公募ラウンドID（受託事業者・選定委員は必須。複数は「,」で区切る）</label><br><input id="rounds" name="rounds" value="{Value("rounds")}" autocomplete="off"></p>
              <p><label for="municipality">団体コード（自治体は必須。検査数字つき6桁）</label><br><input id="municipality" name="municipality" value="{Value("municipality")}" inputmode="numeric" maxlength="6" autocomplete="off"></p>
              <p><label for="subject">利用者ID（省略可）</label><br><input id="subject" name="subject" value="{Value("subject")}" autocomplete="off"></p>
              <p><button type="submit">サインイン</button></p>
            </form>
            """;
    }

    private static string Page(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.7}input,select{font-size:1rem;padding:.3rem;min-width:20rem}.error{color:#c00;font-weight:bold}</style>
        </head><body><h1>{{WebUtility.HtmlEncode(title)}}</h1>{{body}}</body></html>
        """;

    /// <summary>Redirects and cross-origin callers are only ever the local host's pages on this machine.</summary>
    private static bool IsLoopback(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.IsLoopback && string.IsNullOrEmpty(uri.UserInfo);

    private static string Base64Url(byte[] bytes) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(bytes);

    private sealed record PendingCode(DevelopmentGrant Grant, string ClientId, string RedirectUri, string CodeChallenge, string Nonce, string Scope, DateTimeOffset ExpiresAt);
}
