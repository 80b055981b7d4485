using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Panel;

/// <summary>A member of a round's 選定委員会, named by the operator: the sign-in subject and how colleagues know them.</summary>
public sealed record PanelMember(string Subject, string Name);

/// <summary>One reviewer's level for one skill item of the standard, with a reason where the level is at either end.</summary>
/// <param name="Level">On <see cref="SelfAssessmentScale"/>, so the panel and the applicant speak the same scale.</param>
public sealed record ItemScore(string Code, int Level, string? Reason);

/// <summary>One reviewer's scoring of one application for one persona: every skill item of that persona.</summary>
public sealed record ReviewerScores(string Reviewer, Persona Persona, IReadOnlyList<ItemScore> Items, string? Comment, DateTimeOffset ScoredAt)
{
    /// <summary>The reviewer's overall level: the mean of the items, each item counting once.</summary>
    public double Mean => Items.Count == 0 ? 0 : Items.Average(i => i.Level);
}

/// <summary>The panel's result for one application and persona, as the operator sees it before deciding.</summary>
/// <param name="Scored">How many members' scores count (members without a declared conflict).</param>
/// <param name="Quorum">How many are needed; see <see cref="PanelRules.QuorumFor"/>.</param>
/// <param name="Mean">The mean of the counted reviewers' means, or null before anyone scored.</param>
/// <param name="ItemMeans">Per skill item, the mean of the counted levels.</param>
/// <param name="Spread">The highest reviewer mean less the lowest.</param>
/// <param name="Disagreement">Whether the spread or one item's spread is wide enough to discuss before deciding.</param>
public sealed record PanelResult(
    Persona Persona,
    int Scored,
    int Quorum,
    double? Mean,
    IReadOnlyDictionary<string, double> ItemMeans,
    double Spread,
    bool Disagreement)
{
    public bool QuorumMet => Scored >= Quorum;
}

/// <summary>
/// The 選定委員会's rules (ADR 0009): at least <see cref="MinimumMembers"/> members; each scores every skill item of the
/// persona on the standard's level scale, independently; a result counts once <see cref="QuorumFor"/> members without a
/// conflict of interest have scored; a wide spread is flagged for discussion. The operator decides with the result in
/// front of them, and cannot decide before the quorum.
/// </summary>
public static class PanelRules
{
    public const int MinimumMembers = 3;
    public const int MaximumMembers = 15;
    public const int MaxNameLength = 50;
    public const int MaxReasonLength = 200;
    public const int MaxCommentLength = 1000;

    /// <summary>Reviewer means further apart than this (on a 4-step scale) are flagged for discussion.</summary>
    public const double MeanSpreadToDiscuss = 1.0;

    /// <summary>One item scored this far apart by two reviewers is flagged too: "can teach it" against "knows of it".</summary>
    public const int ItemSpreadToDiscuss = 2;

    /// <summary>
    /// Three scores, or every member who may score when conflicts leave fewer than three, but never fewer than two:
    /// one person's view is not a panel's.
    /// </summary>
    public static int QuorumFor(int membersWithoutConflict) => Math.Max(2, Math.Min(MinimumMembers, membersWithoutConflict));

    /// <summary>What is wrong with a membership the operator submits (Japanese, addressed by JSON path).</summary>
    public static IReadOnlyList<FieldError> ValidateMembers(IReadOnlyList<PanelMember?>? members)
    {
        var errors = new List<FieldError>();
        members ??= [];
        if (members.Count < MinimumMembers)
        {
            errors.Add(new FieldError("members", $"選定委員は{MinimumMembers}人以上指名してください。"));
        }

        if (members.Count > MaximumMembers)
        {
            errors.Add(new FieldError("members", $"選定委員は{MaximumMembers}人以内にしてください。"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            if (string.IsNullOrWhiteSpace(member?.Subject) || member.Subject.Length > 128 || member.Subject.Any(char.IsControl))
            {
                errors.Add(new FieldError($"members[{i}].subject", "選定委員のID（サインインしたときに表示されるID）を入力してください。"));
            }
            else if (!seen.Add(member.Subject.Trim()))
            {
                errors.Add(new FieldError($"members[{i}].subject", "同じ選定委員が2回指名されています。"));
            }

            if (string.IsNullOrWhiteSpace(member?.Name) || member.Name.Trim().Length > MaxNameLength || member.Name.Any(char.IsControl))
            {
                errors.Add(new FieldError($"members[{i}].name", $"選定委員の呼び名を{MaxNameLength}文字以内で入力してください。"));
            }
        }

        return errors;
    }

    /// <summary>
    /// What is wrong with one reviewer's scoring against the persona's skill items of the round's standard: every item
    /// once, nothing else, levels on the scale, and a reason where the level is the lowest or the highest.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateScores(PersonaProfile persona, IReadOnlyList<ItemScore?>? items, string? comment)
    {
        var errors = new List<FieldError>();
        items ??= [];
        var expected = persona.AllSkills.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item?.Code is null || !expected.Contains(item.Code))
            {
                errors.Add(new FieldError($"items[{i}].code", $"{persona.Name}のスキル項目ではありません。"));
                continue;
            }

            if (!seen.Add(item.Code))
            {
                errors.Add(new FieldError($"items[{i}].code", "同じスキル項目が2回採点されています。"));
            }

            if (item.Level is < SelfAssessmentScale.Min or > SelfAssessmentScale.Max)
            {
                errors.Add(new FieldError($"items[{i}].level", $"レベルは{SelfAssessmentScale.Min}から{SelfAssessmentScale.Max}で選んでください。"));
            }
            else if (ReasonRequired(item.Level) && string.IsNullOrWhiteSpace(item.Reason))
            {
                errors.Add(new FieldError($"items[{i}].reason", $"レベル{item.Level}（{SelfAssessmentScale.DisplayName(item.Level)}）とする場合は、理由を入力してください。"));
            }

            if (item.Reason is { } reason && (reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not '\n')))
            {
                errors.Add(new FieldError($"items[{i}].reason", $"理由は{MaxReasonLength}文字以内で入力してください。"));
            }
        }

        foreach (var missing in persona.AllSkills.Where(s => !seen.Contains(s.Code)))
        {
            errors.Add(new FieldError("items", $"「{missing.Name}」が採点されていません。全てのスキル項目を採点してください。"));
        }

        if (comment is { Length: > MaxCommentLength })
        {
            errors.Add(new FieldError("comment", $"所見は{MaxCommentLength}文字以内で入力してください。"));
        }

        return errors;
    }

    /// <summary>The ends of the scale need a reason: they are what the discussion and the applicant's explanation rest on.</summary>
    public static bool ReasonRequired(int level) => level is SelfAssessmentScale.Min or SelfAssessmentScale.Max;

    /// <summary>
    /// The panel's result from the scores of members who may score this application (the caller leaves out anyone who
    /// declared a conflict and anyone no longer a member).
    /// </summary>
    public static PanelResult Aggregate(Persona persona, IReadOnlyList<ReviewerScores> counted, int membersWithoutConflict)
    {
        var scores = counted.Where(s => s.Persona == persona).ToList();
        var quorum = QuorumFor(membersWithoutConflict);
        if (scores.Count == 0)
        {
            return new PanelResult(persona, 0, quorum, null, new Dictionary<string, double>(), 0, false);
        }

        var itemMeans = scores.SelectMany(s => s.Items).GroupBy(i => i.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Math.Round(g.Average(i => i.Level), 2), StringComparer.Ordinal);
        var means = scores.Select(s => s.Mean).ToList();
        var spread = means.Max() - means.Min();
        var itemSpread = scores.SelectMany(s => s.Items).GroupBy(i => i.Code, StringComparer.Ordinal).Select(g => g.Max(i => i.Level) - g.Min(i => i.Level)).DefaultIfEmpty(0).Max();
        return new PanelResult(persona, scores.Count, quorum, Math.Round(means.Average(), 2), itemMeans, Math.Round(spread, 2),
            spread > MeanSpreadToDiscuss || itemSpread >= ItemSpreadToDiscuss);
    }

    /// <summary>Why the operator may not decide yet, or null: a decision rests on a panel that has met its quorum.</summary>
    public static string? RefuseDecision(PanelResult result) => result.QuorumMet ? null
        : $"選定委員の採点が定足数に達していないため、決定を記録できません（採点済み{result.Scored}人／定足数{result.Quorum}人）。";
}
