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
    public static ScreeningResult Screen(
        Persona persona,
        IReadOnlyList<Qualification> qualifications,
        IReadOnlyList<SkillLevelClaim> skillLevels,
        IReadOnlyList<ExperienceClaim> experiences)
    {
        var profile = SkillStandardCatalog.For(persona);
        qualifications ??= [];
        skillLevels = (skillLevels ?? []).Where(c => c is not null).ToList();
        experiences = (experiences ?? []).Where(c => c is not null).ToList();

        var details = new List<string>();
        var levelOrQualificationMet = ScreenLevelOrQualification(profile, qualifications, skillLevels, details);
        var experienceMet = ScreenExperience(profile, experiences, details);

        var eligible = levelOrQualificationMet && experienceMet;
        var verdict = eligible
            ? $"{profile.Name}の望ましい要件を満たしています。"
            : $"{profile.Name}の望ましい要件を満たしていません。";
        return new ScreeningResult(persona, eligible, [verdict, .. details]);
    }

    public static ApplicationScreening Screen(
        IReadOnlyList<Persona> personas,
        IReadOnlyList<Qualification> qualifications,
        IReadOnlyList<SkillLevelClaim> skillLevels,
        IReadOnlyList<ExperienceClaim> experiences)
    {
        var results = (personas ?? []).Distinct().Select(p => Screen(p, qualifications, skillLevels, experiences)).ToList();
        return new ApplicationScreening(results.Any(r => r.Eligible), results);
    }

    private static bool ScreenLevelOrQualification(
        PersonaProfile profile,
        IReadOnlyList<Qualification> qualifications,
        IReadOnlyList<SkillLevelClaim> skillLevels,
        List<string> details)
    {
        if (profile.DesiredSkillLevels.Count == 0 && profile.DesiredQualifications.Count == 0)
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
            var requirement = profile.DesiredSkillLevels.FirstOrDefault(r =>
                r.Framework == claim.Framework && r.Fields.Any(f => string.Equals(ApplicationValidator.NormalizeText(f), field, StringComparison.Ordinal)));
            if (requirement is null)
            {
                continue;
            }

            var label = $"{SkillStandardCatalog.DisplayName(claim.Framework)} {field} レベル{claim.Level}";
            if (claim.Level >= requirement.MinimumLevel)
            {
                metLevels.Add(label);
            }
            else
            {
                belowLevels.Add($"{label}は、望ましいレベル（レベル{requirement.MinimumLevel}相当以上）に達していません。");
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
        details.Add($"望ましいスキルレベル又は資格が確認できません（{DescribeLevelOrQualification(profile)}）。");
        return false;
    }

    private static bool ScreenExperience(PersonaProfile profile, IReadOnlyList<ExperienceClaim> experiences, List<string> details)
    {
        var met = new List<string>();
        var shortfalls = new List<string>();
        foreach (var requirement in profile.DesiredExperience)
        {
            foreach (var claim in experiences.Where(c => c.Kind == requirement.Kind))
            {
                var label = SkillStandardCatalog.DisplayName(claim.Kind);
                if (claim.Years >= requirement.MinimumYears)
                {
                    met.Add($"{label}：{claim.Years}年");
                }
                else
                {
                    shortfalls.Add($"{label}は{requirement.MinimumYears}年程度以上が望ましいところ、{claim.Years}年です。");
                }
            }
        }

        if (met.Count > 0)
        {
            details.Add($"望ましい経験を有しています（{string.Join("、", met)}）。");
            return true;
        }

        details.AddRange(shortfalls);
        details.Add("望ましい経験が確認できません。");
        return false;
    }

    private static string DescribeLevelOrQualification(PersonaProfile profile)
    {
        var parts = profile.DesiredSkillLevels
            .Select(r => $"{SkillStandardCatalog.DisplayName(r.Framework)}の{string.Join("、", r.Fields)}のいずれかの分野におけるレベル{r.MinimumLevel}相当以上")
            .ToList();
        if (profile.DesiredQualifications.Count > 0)
        {
            parts.Add($"資格：{string.Join("、", profile.DesiredQualifications.Select(SkillStandardCatalog.DisplayName))}");
        }

        return string.Join("、又は", parts);
    }
}
