using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Appointments;

/// <summary>One condition of the measure, whether this appointment meets it, and why, in Japanese.</summary>
public sealed record MeasureCondition(string Condition, bool Met, string Explanation);

/// <summary>Whether an appointment falls under the measure, condition by condition.</summary>
public sealed record MeasureAssessment(bool Qualifies, IReadOnlyList<MeasureCondition> Conditions)
{
    /// <summary>措置率: the share of the cost the 特別交付税 covers (自治体DX推進計画, 令和2年12月).</summary>
    public const double Rate = 0.5;

    /// <summary>One line for pages and notices: 対象 or 対象外 with the first unmet condition.</summary>
    public string Summary => Qualifies
        ? $"特別交付税措置の対象（措置率{Rate:0.0}）"
        : $"特別交付税措置の対象外（{Conditions.First(c => !c.Met).Explanation}）";
}

/// <summary>
/// ⑦任用 of the seed: 「CIO補佐官等として任用する場合、特別交付税措置」. Whether an appointment falls under it follows
/// from the facts of the appointment, never from a box someone ticks. The conditions and their sources are in ADR 0016;
/// what could not be confirmed from public material counts as not met, so that no claim rests on a guess.
/// </summary>
public static class SpecialTaxMeasure
{
    public static MeasureAssessment Assess(string municipalityCode, AppointmentTerms terms, IReadOnlyCollection<Persona> selectedAs)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var isPrefecture = municipalityCode.Length == 6 && municipalityCode[2..5] == "000";
        var producer = SkillStandardCatalog.DisplayName(Persona.Producer);
        MeasureCondition[] conditions =
        [
            new("任用する団体が市区町村であること", !isPrefecture,
                isPrefecture ? "都道府県による任用は、公開資料で対象と確認できませんでした" : "市区町村による任用です"),
            new("CIO補佐官等としての任用であること", terms.Post == AppointmentRole.CioAdvisor,
                terms.Post == AppointmentRole.CioAdvisor ? "CIO補佐官等としての任用です" : $"職が「{terms.PostTitle}」で、CIO補佐官等ではありません"),
            new($"{producer}として選定され、研修を修了していること", selectedAs.Contains(Persona.Producer),
                selectedAs.Contains(Persona.Producer) ? $"{producer}として選定・研修修了しています" : $"{producer}として選定されていません"),
            new("特別職非常勤職員としての任用又は業務委託であること", terms.Form is EmploymentForm.SpecialPartTime or EmploymentForm.Contract,
                terms.Form is EmploymentForm.SpecialPartTime or EmploymentForm.Contract
                    ? $"{AppointmentNames.DisplayName(terms.Form)}です"
                    : $"{AppointmentNames.DisplayName(terms.Form)}は、公開資料で対象と確認できた形態ではありません"),
        ];
        return new MeasureAssessment(conditions.All(c => c.Met), conditions);
    }
}
