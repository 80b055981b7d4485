using System.Text.Json;
using Workflow.Domain.Municipalities;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.LocalHost.Identity;

/// <summary>What a development token is for: one staff role and its scopes.</summary>
public sealed record DevelopmentTokenRequest(string? Role, List<string>? Rounds, string? Municipality, string? Subject);

/// <summary>
/// The local stand-in for Entra ID: `token` on the command line (./workflow token) and POST /dev/token for the
/// demo and the pages' development sign-in. Both exist only where a development signing key is configured.
/// </summary>
public static class DevelopmentSignIn
{
    public const string Route = "/dev/token";

    /// <summary>Checks a request and issues the token; the error says in Japanese what is wrong.</summary>
    public static (string? Token, DateTimeOffset ExpiresAt, string? Error) Issue(SignInSettings settings, DevelopmentTokenRequest request, DateTimeOffset now)
    {
        if (!ActorClaims.TryParseRole(request.Role, out var role))
        {
            return (null, default, "role は ministry / operator / reviewer / municipality / auditor のいずれかです。");
        }

        var rounds = request.Rounds ?? [];
        if (rounds.Any(r => !RoundIds.IsWellFormed(r)))
        {
            return (null, default, "round の形式が正しくありません（例: R2026-1a2b3c4d）。");
        }

        if (role is ActorRole.Operator or ActorRole.Reviewer && rounds.Count == 0)
        {
            return (null, default, "operator と reviewer には担当する公募ラウンドが必要です。");
        }

        if (role == ActorRole.Municipality && (request.Municipality is null || !MunicipalityCode.IsValid(request.Municipality)))
        {
            return (null, default, "municipality には検査数字つき6桁の団体コード（例: 131016）が必要です。");
        }

        var subject = string.IsNullOrWhiteSpace(request.Subject) ? $"dev-{ActorClaims.RoleValue(role)}" : request.Subject.Trim();
        var token = DevelopmentTokens.Issue(settings, role, subject, rounds, role == ActorRole.Municipality ? request.Municipality : null, now);
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

        var (token, _, problem) = Issue(SignInSettings.FromConfiguration(configuration), request, DateTimeOffset.UtcNow);
        if (token is null)
        {
            error.WriteLine(problem);
            return 2;
        }

        output.WriteLine(token);
        return 0;
    }

    public static void MapDevelopmentSignIn(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<SignInSettings>();
        if (!settings.IsDevelopment)
        {
            return;
        }

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
                : Issue(settings, request, DateTimeOffset.UtcNow);
            var result = token is null
                ? ApiResults.Problem(StatusCodes.Status400BadRequest, "開発用トークンを発行できません。", problem)
                : ApiResults.Ok(new { accessToken = token, tokenType = "Bearer", expiresAt });
            await result.ExecuteResultAsync(new Microsoft.AspNetCore.Mvc.ActionContext { HttpContext = context });
        });
    }
}
