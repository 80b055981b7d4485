using Microsoft.AspNetCore.Http;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;

namespace Workflow.Functions.Identity;

/// <summary>What a request is about, from its route: the gate checks the caller's scope against it.</summary>
public sealed record AccessScope(string? RoundId = null, string? MunicipalityCode = null, string? ApplicationId = null)
{
    public static AccessScope None { get; } = new();

    public static AccessScope Round(string roundId) => new(RoundId: roundId);

    public static AccessScope Application(string applicationId) => new(ApplicationId: applicationId);

    public static AccessScope Municipality(string code) => new(MunicipalityCode: code);
}

/// <summary>
/// Decides who is calling and whether they may: the same code under the Functions host and the local host.
/// Staff identity comes only from the Authorization header's JWT, checked here; an applicant's from its access token
/// in <see cref="ApplicantTokenHeader"/> (not Authorization, which the platform's sign-in in front may claim for
/// itself). X-Actor and X-MS-CLIENT-PRINCIPAL grant nothing.
/// </summary>
public sealed class AccessGate(StaffTokens staffTokens, ApplicationStore applications)
{
    public const string ApplicantTokenHeader = "X-Applicant-Token";

    public async Task<(Actor? Actor, JsonBodyResult? Denied)> AuthorizeAsync(HttpRequest request, string functionName, AccessScope? scope = null)
    {
        if (!AccessTable.Routes.TryGetValue(functionName, out var access))
        {
            // Fail closed: a function nobody put in the table is reachable by nobody.
            throw new InvalidOperationException($"{functionName} is not in {nameof(AccessTable)}.");
        }

        if (access.Public)
        {
            return (null, null);
        }

        var applicantCredential = ApplicantCredential(request);
        var credential = applicantCredential ?? BearerCredential(request);
        if (credential is null)
        {
            return (null, Unauthorized("サインインが必要です。",
                access.Allows(ActorRole.Applicant)
                    ? $"応募時に発行されたアクセスキーを {ApplicantTokenHeader} ヘッダーで送信してください。"
                    : "Authorization ヘッダーでアクセストークン（Bearer）を送信してください。",
                "Bearer"));
        }

        var candidates = applicantCredential is not null
            ? await IdentifyApplicantAsync(applicantCredential, access, request.HttpContext.RequestAborted)
            : await IdentifyStaffAsync(credential, access);
        if (candidates is null)
        {
            return (null, Unauthorized("アクセストークンが無効です。", "有効期限切れ、署名の不一致、または発行元・対象が異なります。もう一度サインインしてください。",
                "Bearer error=\"invalid_token\""));
        }

        foreach (var actor in candidates)
        {
            if (InScope(actor, scope ?? AccessScope.None))
            {
                return (actor, null);
            }
        }

        return (null, Forbidden());
    }

    public static JsonBodyResult Forbidden() => ApiResults.Problem(StatusCodes.Status403Forbidden, "この操作を行う権限がありません。");

    /// <summary>
    /// The caller in each of its roles the route allows, or null when the credential is not valid. An empty list
    /// means valid but not allowed here. Applicant tokens are checked against storage only where applicants may go.
    /// </summary>
    private async Task<IReadOnlyList<Actor>?> IdentifyApplicantAsync(string credential, RouteAccess access, CancellationToken cancellationToken)
    {
        if (!ApplicantTokens.TryReadApplicationId(credential, out var applicationId))
        {
            return null;
        }

        if (!access.Allows(ActorRole.Applicant))
        {
            return [];
        }

        var application = await applications.GetAsync(applicationId, cancellationToken);
        return application is not null && ApplicantTokens.Matches(credential, application.AccessTokenHash)
            ? [new Actor(ActorRole.Applicant, Actor.ApplicantLogName, new HashSet<string>(), null, applicationId)]
            : null;
    }

    private async Task<IReadOnlyList<Actor>?> IdentifyStaffAsync(string credential, RouteAccess access)
    {
        var token = await staffTokens.ValidateAsync(credential);
        return token is null
            ? null
            : access.Roles.Where(token.Roles.Contains).Select(role => new Actor(role, token.Subject, token.Rounds, token.MunicipalityCode, null)).ToList();
    }

    private static bool InScope(Actor actor, AccessScope scope)
    {
        if (actor.Role == ActorRole.Applicant)
        {
            return scope.ApplicationId is null || string.Equals(scope.ApplicationId, actor.ApplicationId, StringComparison.Ordinal);
        }

        var roundId = scope.RoundId;
        if (roundId is null && scope.ApplicationId is not null && ApplicationIds.TryParse(scope.ApplicationId, out var ofApplication, out _))
        {
            roundId = ofApplication;
        }

        if (roundId is not null && !actor.ReachesRound(roundId) && actor.Role != ActorRole.Municipality)
        {
            return false;
        }

        return scope.MunicipalityCode is null || actor.Role != ActorRole.Municipality
            || string.Equals(scope.MunicipalityCode, actor.MunicipalityCode, StringComparison.Ordinal);
    }

    private static string? ApplicantCredential(HttpRequest request)
    {
        var header = request.Headers[ApplicantTokenHeader];
        if (header.Count == 0)
        {
            return null;
        }

        // Anything in this header is an applicant token or nothing: it never falls through to the staff path.
        var value = header.Count == 1 ? header[0]?.Trim() : null;
        return value is { Length: > 0 } && ApplicantTokens.LooksLikeApplicantToken(value) ? value : ApplicantTokens.Prefix;
    }

    private static string? BearerCredential(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var credential = value["Bearer ".Length..].Trim();
        return credential.Length is > 0 and <= 16 * 1024 ? credential : null;
    }

    private static JsonBodyResult Unauthorized(string title, string detail, string challenge)
    {
        var result = ApiResults.Problem(StatusCodes.Status401Unauthorized, title, detail);
        result.Headers["WWW-Authenticate"] = challenge;
        return result;
    }
}
