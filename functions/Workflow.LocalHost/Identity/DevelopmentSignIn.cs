using System.Text.Json;
using Workflow.Domain.Municipalities;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.LocalHost.Identity;

/// <summary>What a development token is for: one staff role and its scopes.</summary>
public sealed record DevelopmentTokenRequest(string? Role, List<string>? Rounds, string? Municipality, string? Subject);

/// <summary>A checked <see cref="DevelopmentTokenRequest"/>.</summary>
public sealed record DevelopmentGrant(ActorRole Role, IReadOnlyList<string> Rounds, string? Municipality, string Subject);

/// <summary>
/// Tokens without a browser, for the demo, the bench and tests: `token` on the command line (./workflow token) and
/// POST /dev/token. Both sign with the development provider's RS256 key under its issuer (ADR 0023), so the app
/// checks them exactly as it checks the ones the provider's sign-in page issues. Neither exists in Azure.
/// </summary>
public static class DevelopmentSignIn
{
    public const string Route = "/dev/token";

    /// <summary>Checks what a token is asked for; the error says in Japanese what is wrong.</summary>
    public static (DevelopmentGrant? Grant, string? Error) Check(DevelopmentTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ActorClaims.TryParseRole(request.Role, out var role) || role == ActorRole.Applicant)
        {
            return (null, "role は ministry / operator / reviewer / municipality / auditor のいずれかです。");
        }

        var rounds = request.Rounds ?? [];
        if (rounds.Any(r => !RoundIds.IsWellFormed(r)))
        {
            return (null, "round の形式が正しくありません（例: R2026-1a2b3c4d）。");
        }

        if (role is ActorRole.Operator or ActorRole.Reviewer && rounds.Count == 0)
        {
            return (null, "operator と reviewer には担当する公募ラウンドが必要です。");
        }

        if (role == ActorRole.Municipality && (request.Municipality is null || !MunicipalityCode.IsValid(request.Municipality)))
        {
            return (null, "municipality には検査数字つき6桁の団体コード（例: 131016）が必要です。");
        }

        var subject = string.IsNullOrWhiteSpace(request.Subject) ? $"dev-{ActorClaims.RoleValue(role)}" : request.Subject.Trim();
        return (new DevelopmentGrant(role, rounds, role == ActorRole.Municipality ? request.Municipality : null, subject), null);
    }

    /// <summary>Checks a request and issues the token; the error says in Japanese what is wrong.</summary>
    public static (string? Token, DateTimeOffset ExpiresAt, string? Error) Issue(StaffTokenIssuer issuer, DevelopmentTokenRequest request, DateTimeOffset now)
    {
        var (grant, error) = Check(request);
        if (grant is null)
        {
            return (null, default, error);
        }

        var token = DevelopmentTokens.Issue(issuer, grant.Role, grant.Subject, grant.Rounds, grant.Municipality, now);
        return (token, now + DevelopmentTokens.DefaultLifetime, null);
    }

    /// <summary>`token --role auditor`, `token --role operator --round R…`, `token --role municipality --municipality 131016`.</summary>
    public static int RunCommand(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var request = new DevelopmentTokenRequest(null, [], null, null);
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--role" when value is not null:
                    request = request with { Role = value };
                    i++;
                    break;
                case "--round" when value is not null:
                    request.Rounds!.Add(value);
                    i++;
                    break;
                case "--municipality" when value is not null:
                    request = request with { Municipality = value };
                    i++;
                    break;
                case "--subject" when value is not null:
                    request = request with { Subject = value };
                    i++;
                    break;
                default:
                    error.WriteLine($"unknown argument: {args[i]}");
                    error.WriteLine("usage: token --role ministry|operator|reviewer|municipality|auditor [--round ID]... [--municipality CODE] [--subject ID]");
                    return 2;
            }
        }

        // No host needs to run: the key is the one every local host of this user signs and publishes with.
        var issuer = DevelopmentSignInKeys.Load(configuration).Issuer(configuration);
        var (token, _, problem) = Issue(issuer, request, DateTimeOffset.UtcNow);
        if (token is null)
        {
            error.WriteLine(problem);
            return 2;
        }

        output.WriteLine(token);
        return 0;
    }

    public static void MapDevelopmentSignIn(this WebApplication app, DevelopmentSignInKeys? keys)
    {
        var settings = app.Services.GetRequiredService<SignInSettings>();
        if (keys is null || !settings.IsDevelopment)
        {
            return;
        }

        var issuer = keys.Issuer(settings);
        app.MapPost(Route, async (HttpContext context) =>
        {
            DevelopmentTokenRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<DevelopmentTokenRequest>(context.Request.Body, Json.Options, context.RequestAborted);
            }
            catch (JsonException)
            {
                request = null;
            }

            var (token, expiresAt, problem) = request is null
                ? (null, default, "JSON で role などを指定してください。")
                : Issue(issuer, request, DateTimeOffset.UtcNow);
            var result = token is null
                ? ApiResults.Problem(StatusCodes.Status400BadRequest, "開発用トークンを発行できません。", problem)
                : ApiResults.Ok(new { accessToken = token, tokenType = "Bearer", expiresAt });
            await result.ExecuteResultAsync(new Microsoft.AspNetCore.Mvc.ActionContext { HttpContext = context });
        });
    }
}
