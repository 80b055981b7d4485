using Microsoft.AspNetCore.Http;
using Workflow.Domain.Municipalities;

namespace Workflow.Functions.Http;

public enum ActorRole { Ministry, Operator, Applicant, Municipality, Auditor }

/// <summary>Who is calling. For now named by the X-Actor header; real sign-in replaces <see cref="Actors.Identify"/> only.</summary>
public sealed record Actor(ActorRole Role, string? MunicipalityCode)
{
    /// <summary>How the actor appears in the business log: a role, never a person's name.</summary>
    public string LogName => MunicipalityCode is null ? Role.ToString().ToLowerInvariant() : $"municipality:{MunicipalityCode}";
}

public static class Actors
{
    public const string Header = "X-Actor";

    public static Actor? Identify(HttpRequest request)
    {
        var value = request.Headers[Header].ToString().Trim();
        if (value.StartsWith("municipality:", StringComparison.OrdinalIgnoreCase))
        {
            var code = value["municipality:".Length..];
            return MunicipalityCode.IsValid(code) ? new Actor(ActorRole.Municipality, code) : null;
        }

        return value.ToLowerInvariant() switch
        {
            "ministry" => new Actor(ActorRole.Ministry, null),
            "operator" => new Actor(ActorRole.Operator, null),
            "applicant" => new Actor(ActorRole.Applicant, null),
            "auditor" => new Actor(ActorRole.Auditor, null),
            _ => null,
        };
    }

    /// <summary>The caller if it has one of the roles; otherwise the 401/403 answer to return.</summary>
    public static (Actor? Actor, JsonBodyResult? Denied) Require(HttpRequest request, params ActorRole[] roles)
    {
        var actor = Identify(request);
        if (actor is null)
        {
            return (null, ApiResults.Problem(StatusCodes.Status401Unauthorized, "利用者を確認できません。", $"{Header} ヘッダーで利用者を指定してください。"));
        }

        return roles.Contains(actor.Role)
            ? (actor, null)
            : (null, ApiResults.Problem(StatusCodes.Status403Forbidden, "この操作を行う権限がありません。"));
    }
}
