using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Screening;

/// <param name="Reasons">Japanese sentences: the verdict first, then what was met and what was missing.</param>
public sealed record ScreeningResult(Persona Persona, bool Eligible, IReadOnlyList<string> Reasons);

/// <param name="Eligible">True when eligible for at least one persona applied for.</param>
public sealed record ApplicationScreening(bool Eligible, IReadOnlyList<ScreeningResult> PerPersona);

/// <summary>
/// ④スキル標準に基づく選定, first stage. The seed asks for "以下のいずれかのスキルレベル又は資格" AND "以下のいずれかの経験",
/// so a candidate needs one level-or-qualification and one kind of experience. Where the seed has ―― (サービスデザイナー)
/// there is nothing to meet, and experience alone decides. This is a mechanical filter on self-declared facts; the
/// panel review that follows judges substance.
/// </summary>
public static class ScreeningRules
{
    /// <summary>What <see cref="Screen(PersonaProfile, IReadOnlyList{Qualification}, IReadOnlyList{SkillLevelClaim}, IReadOnlyList{ExperienceClaim})"/> requires of this persona, worded for applicants.</summary>
    public static EligibilityRequirement Requirement(PersonaProfile profile)
    {
        var levelOrQualification = profile.DesiredSkillLevels
            .Select(r => $"{SkillStandardCatalog.DisplayName(r.Framework)}の{string.Join("、", r.Fields)}のいずれかの分野におけるレベル{r.MinimumLevel}相当以上")
            .ToList();
        if (profile.DesiredQualifications.Count > 0)
        {
            levelOrQualification.Add($"資格：{Alternatives(profile.DesiredQualifications.Select(SkillStandardCatalog.DisplayName).ToList())}");
        }

        var experience = profile.DesiredExperience.Select(Describe).ToList();
        return new EligibilityRequirement(
            levelOrQualification.Count == 0 ? EligibilityRequirement.ExperienceAloneSummary : EligibilityRequirement.BothSummary,
            levelOrQualification,
            experience);
    }

    public static ScreeningResult Screen(
        PersonaProfile profile,
        IReadOnlyList<Qualification> qualifications,
        IReadOnlyList<SkillLevelClaim> skillLevels,
        IReadOnlyList<ExperienceClaim> experiences)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var persona = profile.Persona;
        var requirement = Requirement(profile);
        qualifications ??= [];
        skillLevels = (skillLevels ?? []).Where(c => c is not null).ToList();
        experiences = (experiences ?? []).Where(c => c is not null).ToList();

        var details = new List<string>();
        var levelOrQualificationMet = ScreenLevelOrQualification(profile, requirement, qualifications, skillLevels, details);
        var experienceMet = ScreenExperience(profile, requirement, experiences, details);

        var eligible = levelOrQualificationMet && experienceMet;
        var verdict = eligible
            ? $"{profile.Name}の望ましい要件を満たしています。"
            : $"{profile.Name}の望ましい要件を満たしていません。";
        return new ScreeningResult(persona, eligible, [verdict, .. details]);
    }

    /// <param name="standard">The version the round pinned.</param>
    public static ApplicationScreening Screen(
        SkillStandardVersion standard,
        IReadOnlyList<Persona> personas,
        IReadOnlyList<Qualification> qualifications,
        IReadOnlyList<SkillLevelClaim> skillLevels,
        IReadOnlyList<ExperienceClaim> experiences)
    {
        ArgumentNullException.ThrowIfNull(standard);
        var results = (personas ?? []).Distinct().Select(p => Screen(standard.For(p), qualifications, skillLevels, experiences)).ToList();
        return new ApplicationScreening(results.Any(r => r.Eligible), results);
    }

    private static bool ScreenLevelOrQualification(
        PersonaProfile profile,
        EligibilityRequirement requirement,
        IReadOnlyList<Qualification> qualifications,
        IReadOnlyList<SkillLevelClaim> skillLevels,
        List<string> details)
    {
        if (requirement.ExperienceAlone)
        {
            details.Add($"{profile.Name}には望ましいスキルレベル・資格の定めがないため、経験により判断します。");
            return true;
        }

        var metLevels = new List<string>();
        var belowLevels = new List<string>();
        foreach (var claim in skillLevels)
        {
            var field = ApplicationValidator.NormalizeText(claim.Field);
            // Only a field the seed lists for this persona, in the framework it lists it under, counts: the same word
            // can name different roles in ITSS and UISS.
            var desired = profile.DesiredSkillLevels.FirstOrDefault(r =>
                r.Framework == claim.Framework && r.Fields.Any(f => string.Equals(ApplicationValidator.NormalizeText(f), field, StringComparison.Ordinal)));
            if (desired is null)
            {
                continue;
            }

            var label = $"{SkillStandardCatalog.DisplayName(claim.Framework)} {field} レベル{claim.Level}";
            if (claim.Level >= desired.MinimumLevel)
            {
                metLevels.Add(label);
            }
            else
            {
                belowLevels.Add($"{label}は、望ましいレベル（レベル{desired.MinimumLevel}相当以上）に達していません。");
            }
        }

        var metQualifications = profile.DesiredQualifications.Where(qualifications.Contains).Select(SkillStandardCatalog.DisplayName).ToList();

        if (metLevels.Count > 0)
        {
            details.Add($"望ましいスキルレベルを有しています（{string.Join("、", metLevels)}）。");
        }

        if (metQualifications.Count > 0)
        {
            details.Add($"望ましい資格を有しています（{string.Join("、", metQualifications)}）。");
        }

        if (metLevels.Count > 0 || metQualifications.Count > 0)
        {
            return true;
        }

        details.AddRange(belowLevels);
        details.Add($"望ましいスキルレベル又は資格が確認できません（{string.Join("、又は", requirement.LevelOrQualification)}）。");
        return false;
    }

    private static bool ScreenExperience(PersonaProfile profile, EligibilityRequirement requirement, IReadOnlyList<ExperienceClaim> experiences, List<string> details)
    {
        var met = new List<string>();
        var shortfalls = new List<string>();
        foreach (var desired in profile.DesiredExperience)
        {
            foreach (var claim in experiences.Where(c => c.Kind == desired.Kind))
            {
                var label = SkillStandardCatalog.DisplayName(claim.Kind);
                if (claim.Years >= desired.MinimumYears)
                {
                    met.Add($"{label}：{claim.Years}年");
                }
                else
                {
                    shortfalls.Add($"{label}は{desired.MinimumYears}年以上が望ましいところ、{claim.Years}年です。");
                }
            }
        }

        if (met.Count > 0)
        {
            details.Add($"望ましい経験を有しています（{string.Join("、", met)}）。");
            return true;
        }

        details.AddRange(shortfalls);
        details.Add($"望ましい経験が確認できません（{string.Join("、又は", requirement.Experience)}）。");
        return false;
    }

    /// <summary>
    /// The seed's sentence, with the duration screening counts where there is one. "N年程度" is read as a floor
    /// (see <see cref="ExperienceRequirement.MinimumYears"/>), so the page says so rather than leave "程度" to guess.
    /// </summary>
    private static string Describe(ExperienceRequirement requirement)
    {
        var sentence = requirement.Description.TrimEnd('。');
        return requirement.MinimumYears > 0 ? $"{sentence}（{requirement.MinimumYears}年以上）" : sentence;
    }

    /// <summary>"A、B又はC": one of them.</summary>
    private static string Alternatives(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : $"{string.Join("、", names.Take(names.Count - 1))}又は{names[^1]}";
}
