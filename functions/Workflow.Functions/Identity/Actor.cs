namespace Workflow.Functions.Identity;

/// <summary>The roles of the system. Staff roles come from a verified JWT; <see cref="Applicant"/> from an applicant access token.</summary>
public enum ActorRole { Ministry, Operator, Reviewer, Municipality, Auditor, Applicant }

/// <summary>
/// A verified caller, acting in one of its roles. <see cref="Subject"/> is the issuer's opaque id of the person
/// (Entra's object id), never a name, so that it may appear in the business log.
/// </summary>
public sealed record Actor(ActorRole Role, string Subject, IReadOnlySet<string> Rounds, string? MunicipalityCode, string? ApplicationId)
{
    /// <summary>Applicants appear in the business log by role only, whether they hold a token yet or are applying.</summary>
    public const string ApplicantLogName = "applicant";

    /// <summary>The orchestrations' own steps (state changes, deadlines, stalls) appear in the business log as this.</summary>
    public const string SystemLogName = "system";

    /// <summary>How the actor appears in the business log: role, scope and opaque subject; never personal data.</summary>
    public string LogName => Role switch
    {
        ActorRole.Municipality => $"municipality:{MunicipalityCode}:{Subject}",
        ActorRole.Applicant => ApplicantLogName,
        _ => $"{Role.ToString().ToLowerInvariant()}:{Subject}",
    };

    /// <summary>Operators and reviewers reach only the rounds their token names; the ministry and auditors reach all.</summary>
    public bool ReachesRound(string roundId) => Role switch
    {
        ActorRole.Operator or ActorRole.Reviewer => Rounds.Contains(roundId),
        ActorRole.Ministry or ActorRole.Auditor => true,
        _ => false,
    };
}

/// <summary>The Japanese names of the roles, as sign-in and the auditor's timeline show them.</summary>
public static class ActorRoleNames
{
    /// <summary>The name of <see cref="Actor.SystemLogName"/>, which is no role anyone signs in with.</summary>
    public const string System = "システム";

    public static string DisplayName(ActorRole role) => role switch
    {
        ActorRole.Ministry => "総務省",
        ActorRole.Operator => "受託事業者",
        ActorRole.Reviewer => "選定委員",
        ActorRole.Municipality => "自治体",
        ActorRole.Auditor => "監査",
        ActorRole.Applicant => "応募者",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };
}

/// <summary>The claims a staff token carries. In Entra ID: app roles, and optional claims mapped to these names.</summary>
public static class ActorClaims
{
    /// <summary>One or more of ministry, operator, reviewer, municipality, auditor.</summary>
    public const string Roles = "roles";

    /// <summary>The round ids an operator's or reviewer's token is scoped to.</summary>
    public const string Rounds = "rounds";

    /// <summary>A municipality's 6-digit local government code (全国地方公共団体コード).</summary>
    public const string Municipality = "municipality";

    /// <summary>Entra's object id of the user; preferred over <see cref="Subject"/> because it is stable across apps.</summary>
    public const string ObjectId = "oid";

    public const string Subject = "sub";

    public static string RoleValue(ActorRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Only the exact lower-case names count; numbers or the applicant role can never come from a staff token.</summary>
    public static bool TryParseRole(string? value, out ActorRole role)
    {
        foreach (var candidate in StaffRoles)
        {
            if (string.Equals(value, RoleValue(candidate), StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    public static IReadOnlyList<ActorRole> StaffRoles { get; } =
        [ActorRole.Ministry, ActorRole.Operator, ActorRole.Reviewer, ActorRole.Municipality, ActorRole.Auditor];
}
