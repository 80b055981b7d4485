using System.Globalization;
using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Appointments;

/// <summary>
/// What a municipality needs: which persona, the skill items of the pinned standard that matter most, where and how the
/// work is done, for how long and how many days a week.
/// </summary>
/// <param name="KeySkillCodes">One to five skill item codes of the persona, most important first.</param>
/// <param name="Prefecture">Where the work is, for on-site and hybrid work.</param>
public sealed record MunicipalNeed(Persona Persona, IReadOnlyList<string> KeySkillCodes, WorkStyle WorkStyle, string Prefecture, DateOnly StartsOn, DateOnly EndsOn, int DaysPerWeek)
{
    public const int MaxKeySkills = 5;

    /// <summary>What is wrong with a need as described, field by field in Japanese.</summary>
    public static IReadOnlyList<FieldError> Validate(MunicipalNeed need, PersonaProfile persona, DateOnly today)
    {
        var errors = new List<FieldError>();
        var codes = persona.AllSkills.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        if (need.KeySkillCodes.Count is 0 or > MaxKeySkills)
        {
            errors.Add(new FieldError("keySkillCodes", $"重視するスキル項目を1つから{MaxKeySkills}つ選んでください。"));
        }
        else if (need.KeySkillCodes.FirstOrDefault(c => !codes.Contains(c)) is { } unknown)
        {
            errors.Add(new FieldError("keySkillCodes", $"スキル項目「{unknown}」は{persona.Name}のスキル標準にありません。"));
        }
        else if (need.KeySkillCodes.Distinct(StringComparer.Ordinal).Count() != need.KeySkillCodes.Count)
        {
            errors.Add(new FieldError("keySkillCodes", "同じスキル項目が2回選ばれています。"));
        }

        if (!Municipalities.Prefectures.IsPrefecture(need.Prefecture))
        {
            errors.Add(new FieldError("prefecture", "勤務地の都道府県を選んでください。"));
        }

        errors.AddRange(AppointmentTerms.Validate(need.AsTerms(), today));
        return errors;
    }

    /// <summary>The need's period and days as terms, to compare with what a person has already accepted.</summary>
    public AppointmentTerms AsTerms() => new(AppointmentRole.Other, string.Empty, EmploymentForm.Other, StartsOn, EndsOn, DaysPerWeek, WorkStyle);
}

/// <summary>What is known of one person on the roster, as the ranking reads it.</summary>
/// <param name="MeanLevels">
/// The selection panel's mean level (1–4) per skill item of the need's persona; an item no reviewer scored is absent.
/// </param>
/// <param name="Accepted">The terms of the appointments the person has accepted, to see whether they have the days.</param>
/// <param name="Preferences">The work styles and prefectures the person said they would take (null or empty: any).</param>
public sealed record RosterCandidate(string CandidateId, string RoundId, string Name, string Prefecture, IReadOnlyList<Persona> SelectedAs,
    IReadOnlyDictionary<string, double> MeanLevels, IReadOnlyList<AppointmentTerms> Accepted, ListingChoice? Preferences = null);

/// <summary>A candidate in rank order, with every reason for the rank in plain Japanese.</summary>
/// <param name="Score">Points: the panel's levels on the key items (weighted by their order), then place, then days.</param>
/// <param name="Available">Whether the person has the days a week over the need's period.</param>
/// <param name="Suits">Whether the need's work style and prefecture are among those the person said they would take.</param>
public sealed record RankedCandidate(int Rank, string CandidateId, string RoundId, string Name, string Prefecture, double Score, bool Available, IReadOnlyList<string> Reasons,
    bool Suits = true);

/// <summary>
/// Needs → ranked candidates. Only people selected (and trained) as the need's persona are candidates. People who have
/// the days come first, then people whose stated preferences (work style, prefectures) take the need; within those,
/// the selection panel's scores on the skill items the municipality marked (the first marked counts most), then
/// whether the person is in the prefecture where on-site work is; ties go by the roster's id, so the same need always
/// gives the same list.
/// </summary>
public static class CandidateRanking
{
    /// <summary>Weights of the key items by their order: the first counts 5, the fifth 1.</summary>
    private static double Weight(int index) => MunicipalNeed.MaxKeySkills - index;

    public static IReadOnlyList<RankedCandidate> Rank(MunicipalNeed need, PersonaProfile persona, IEnumerable<RosterCandidate> roster, int maxDaysPerWeek)
    {
        var names = persona.AllSkills.ToDictionary(s => s.Code, s => s.Name, StringComparer.Ordinal);
        var scored = roster.Where(c => c.SelectedAs.Contains(need.Persona)).Select(c => Score(need, names, c, maxDaysPerWeek)).ToList();
        return [.. scored
            .OrderByDescending(s => s.Available)
            .ThenByDescending(s => s.Suits)
            .ThenByDescending(s => s.Score)
            .ThenBy(s => s.Candidate.CandidateId, StringComparer.Ordinal)
            .Select((s, i) => new RankedCandidate(i + 1, s.Candidate.CandidateId, s.Candidate.RoundId, s.Candidate.Name, s.Candidate.Prefecture,
                Math.Round(s.Score, 2), s.Available, s.Reasons, s.Suits))];
    }

    private static (RosterCandidate Candidate, double Score, bool Available, bool Suits, List<string> Reasons) Score(MunicipalNeed need, IReadOnlyDictionary<string, string> names,
        RosterCandidate candidate, int maxDaysPerWeek)
    {
        var reasons = new List<string>();
        double skill = 0, weights = 0;
        var scoredItems = new List<string>();
        for (var i = 0; i < need.KeySkillCodes.Count; i++)
        {
            var code = need.KeySkillCodes[i];
            weights += Weight(i);
            if (candidate.MeanLevels.TryGetValue(code, out var level))
            {
                skill += Weight(i) * level;
                scoredItems.Add($"{names.GetValueOrDefault(code, code)} {level.ToString("0.0", CultureInfo.InvariantCulture)}");
            }
        }

        // The weighted mean level on the key items, 0–4, as 0–400 points: it decides before anything else.
        var skillPoints = weights > 0 ? skill / weights * 100 : 0;
        reasons.Add(scoredItems.Count == 0
            ? "重視するスキル項目について、選定委員会の評価の記録がありません。"
            : $"重視するスキル項目の選定委員会の評価（4段階の平均）: {string.Join("、", scoredItems)}。");

        var place = 0;
        if (need.WorkStyle == WorkStyle.Remote)
        {
            reasons.Add("リモート勤務のため、居住地は順位に影響しません。");
        }
        else if (candidate.Prefecture == need.Prefecture)
        {
            place = need.WorkStyle == WorkStyle.OnSite ? 50 : 25;
            reasons.Add($"勤務地と同じ都道府県（{candidate.Prefecture}）の方です。");
        }
        else
        {
            reasons.Add($"勤務地（{need.Prefecture}）とは別の都道府県（{candidate.Prefecture}）の方です。");
        }

        var preferences = candidate.Preferences ?? new ListingChoice(ListingTier.Municipalities, [], []);
        var style = preferences.Accepts(need.WorkStyle);
        var region = preferences.Covers(need.Prefecture);
        reasons.Add((style, region) switch
        {
            (true, true) when preferences.WorkStyles.Count == 0 && preferences.Regions.Count == 0 => "働き方・地域の希望は特にありません。",
            (true, true) => $"希望（{preferences.PreferencesText()}）に合っています。",
            (false, true) => $"希望する働き方（{string.Join("・", preferences.WorkStyles.Select(AppointmentNames.DisplayName))}）に{AppointmentNames.DisplayName(need.WorkStyle)}が含まれないため、順位を下げています。",
            (true, false) => $"希望する地域（{string.Join("・", preferences.Regions)}）に{need.Prefecture}が含まれないため、順位を下げています。",
            _ => $"希望（{preferences.PreferencesText()}）に{AppointmentNames.DisplayName(need.WorkStyle)}・{need.Prefecture}が含まれないため、順位を下げています。",
        });

        var peak = Commitments.PeakDaysPerWeek(need.AsTerms(), candidate.Accepted);
        var available = peak <= maxDaysPerWeek;
        reasons.Add(available
            ? (candidate.Accepted.Any(need.AsTerms().Overlaps)
                ? $"希望の期間に、既に承諾した任用と合わせて週{peak}日となり、上限（週{maxDaysPerWeek}日）の範囲内です。"
                : "希望の期間に、承諾済みの任用はありません。")
            : $"希望の期間には既に承諾した任用があり、週{need.DaysPerWeek}日を加えると上限（週{maxDaysPerWeek}日）を超えるため、順位を下げています。");
        return (candidate, skillPoints + place, available, style && region, reasons);
    }
}
