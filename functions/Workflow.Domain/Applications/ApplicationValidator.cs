using System.Text;
using Workflow.Domain.Municipalities;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Applications;

/// <summary>
/// Validates an application against the round it is sent to. Returns every problem at once so the applicant can fix
/// the whole form in one pass. Tolerates nulls where a JSON deserializer may leave them, reporting them as missing.
/// </summary>
public static class ApplicationValidator
{
    public const int MaxNameLength = 100;
    public const int MaxSummaryLength = 1000;
    public const int MaxFieldNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MinSkillLevel = 1;
    public const int MaxSkillLevel = 7;
    public const int MaxYears = 60;

    /// <param name="standard">The version the round pinned: self-assessments answer its skill items and no others.</param>
    public static IReadOnlyList<FieldError> Validate(ApplicationForm form, IReadOnlyCollection<Persona> personasSought, SkillStandardVersion standard)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(standard);
        personasSought ??= [];
        var errors = new List<FieldError>();

        ValidateFullName(form, errors);
        ValidateKana(form.FullNameKana, errors);
        ValidateEmail(form.Email, errors);
        ValidatePhone(form.Phone, errors);

        if (!Prefectures.IsPrefecture(NormalizeText(form.Prefecture)))
        {
            errors.Add(new("prefecture", "都道府県を選択してください（例: 東京都）。"));
        }

        var chosen = ValidatePersonas(form.Personas ?? [], personasSought, errors);
        ValidateSelfAssessments(form.SelfAssessments ?? [], chosen, standard, errors);
        ValidateQualifications(form.Qualifications ?? [], errors);
        ValidateSkillLevels(form.SkillLevels ?? [], errors);
        ValidateExperiences(form.Experiences ?? [], errors);
        errors.AddRange(form.ListingChoice().Validate());

        return errors;
    }

    /// <summary>
    /// NFKC, trim, lower-case: an address typed with full-width characters (ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ, common with
    /// Japanese IMEs) is the same address as the half-width one, and duplicates must be detected across both.
    /// </summary>
    public static string NormalizeEmail(string email) => NormalizeText(email).ToLowerInvariant();

    /// <summary>NFKC + trim, so half-width katakana and full-width ASCII compare and count as people expect.</summary>
    public static string NormalizeText(string text) => (text ?? string.Empty).Normalize(NormalizationForm.FormKC).Trim();

    /// <summary>The phone number with full-width digits folded and hyphens removed, for storage and comparison.</summary>
    public static string NormalizePhone(string phone) => NormalizeText(phone).Replace("-", string.Empty, StringComparison.Ordinal);

    /// <summary>A deliberately plain syntax check (dot-atom local part, dotted host name); delivery proves the rest.</summary>
    public static bool IsValidEmail(string email)
    {
        var value = NormalizeEmail(email);
        if (value.Length is 0 or > MaxEmailLength)
        {
            return false;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return false;
        }

        var local = value[..at];
        var domain = value[(at + 1)..];
        if (local.Length > 64 || !DotSeparated(local, c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~-".Contains(c)))
        {
            return false;
        }

        if (!DotSeparated(domain, c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return false;
        }

        var labels = domain.Split('.');
        return labels.Length >= 2
            && labels.All(l => l[0] != '-' && l[^1] != '-' && l.Length <= 63)
            && labels[^1].Length >= 2 && labels[^1].All(char.IsAsciiLetter);
    }

    /// <summary>
    /// Length as a reader counts it: a name like 𠮷田 is two characters although 𠮷 takes two UTF-16 code units.
    /// </summary>
    public static int TextLength(string text) => new System.Globalization.StringInfo(text ?? string.Empty).LengthInTextElements;

    private static bool DotSeparated(string value, Func<char, bool> allowed) =>
        value.Split('.').All(part => part.Length > 0 && part.All(allowed));

    private static void ValidateFullName(ApplicationForm form, List<FieldError> errors)
    {
        var name = NormalizeText(form.FullName);
        if (TextLength(name) == 0)
        {
            errors.Add(new("fullName", "氏名を入力してください。"));
        }
        else if (TextLength(name) > MaxNameLength)
        {
            errors.Add(new("fullName", $"氏名は{MaxNameLength}文字以内で入力してください。"));
        }
    }

    private static void ValidateKana(string? kana, List<FieldError> errors)
    {
        if (kana is null)
        {
            return;
        }

        var value = NormalizeText(kana);
        if (TextLength(value) > MaxNameLength)
        {
            errors.Add(new("fullNameKana", $"フリガナは{MaxNameLength}文字以内で入力してください。"));
        }
        else if (!value.All(c => c is (>= '\u3041' and <= '\u3096') or (>= '\u30A1' and <= '\u30FA') or 'ー' or '・' or ' ' or '\u3000'))
        {
            // Hiragana is accepted as well as katakana: forms in the wild ask for either, and both read the same.
            errors.Add(new("fullNameKana", "フリガナはカタカナ又はひらがなで入力してください。"));
        }
    }

    private static void ValidateEmail(string email, List<FieldError> errors)
    {
        if (NormalizeEmail(email).Length == 0)
        {
            errors.Add(new("email", "メールアドレスを入力してください。"));
        }
        else if (!IsValidEmail(email))
        {
            errors.Add(new("email", "メールアドレスの形式が正しくありません。"));
        }
    }

    private static void ValidatePhone(string phone, List<FieldError> errors)
    {
        var value = NormalizeText(phone);
        if (value.Length == 0)
        {
            errors.Add(new("phone", "電話番号を入力してください。"));
            return;
        }

        var digits = value.Count(char.IsAsciiDigit);
        if (!value.All(c => char.IsAsciiDigit(c) || c == '-') || digits is < 10 or > 11)
        {
            errors.Add(new("phone", "電話番号は数字とハイフンで、数字10桁又は11桁で入力してください（例: 03-1234-5678）。"));
        }
    }

    private static List<Persona> ValidatePersonas(IReadOnlyList<Persona> personas, IReadOnlyCollection<Persona> sought, List<FieldError> errors)
    {
        var chosen = new List<Persona>();
        if (personas.Count == 0)
        {
            errors.Add(new("personas", "応募する人材像を1つ以上選択してください。"));
            return chosen;
        }

        for (var i = 0; i < personas.Count; i++)
        {
            var persona = personas[i];
            if (!Enum.IsDefined(persona))
            {
                errors.Add(new($"personas[{i}]", "人材像が正しくありません。"));
            }
            else if (chosen.Contains(persona))
            {
                errors.Add(new($"personas[{i}]", $"人材像「{SkillStandardCatalog.DisplayName(persona)}」が重複しています。"));
            }
            else
            {
                chosen.Add(persona);
                if (!sought.Contains(persona))
                {
                    errors.Add(new($"personas[{i}]", $"今回の公募では「{SkillStandardCatalog.DisplayName(persona)}」は募集していません。"));
                }
            }
        }

        return chosen;
    }

    private static void ValidateSelfAssessments(IReadOnlyList<SelfAssessment> assessments, List<Persona> chosen, SkillStandardVersion standard, List<FieldError> errors)
    {
        var expected = chosen.SelectMany(p => standard.For(p).AllSkills.Select(s => (Persona: p, Skill: s))).ToList();
        var expectedCodes = expected.Select(e => e.Skill.Code).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < assessments.Count; i++)
        {
            var assessment = assessments[i];
            var code = assessment?.SkillCode ?? string.Empty;
            if (assessment is null || !expectedCodes.Contains(code))
            {
                errors.Add(new($"selfAssessments[{i}].skillCode", "応募する人材像に含まれないスキル項目です。"));
                continue;
            }

            if (!seen.Add(code))
            {
                errors.Add(new($"selfAssessments[{i}].skillCode", "同じスキル項目の自己評価が重複しています。"));
                continue;
            }

            if (assessment.Level is < SelfAssessmentScale.Min or > SelfAssessmentScale.Max)
            {
                errors.Add(new($"selfAssessments[{i}].level", $"自己評価は{SelfAssessmentScale.Min}から{SelfAssessmentScale.Max}の範囲で選択してください。"));
            }
        }

        foreach (var (persona, skill) in expected.Where(e => !seen.Contains(e.Skill.Code)))
        {
            errors.Add(new("selfAssessments", $"{SkillStandardCatalog.DisplayName(persona)}のスキル項目「{skill.Name}」の自己評価を選択してください。"));
        }
    }

    private static void ValidateQualifications(IReadOnlyList<Qualification> qualifications, List<FieldError> errors)
    {
        var seen = new HashSet<Qualification>();
        for (var i = 0; i < qualifications.Count; i++)
        {
            if (!Enum.IsDefined(qualifications[i]))
            {
                errors.Add(new($"qualifications[{i}]", "資格が正しくありません。"));
            }
            else if (!seen.Add(qualifications[i]))
            {
                errors.Add(new($"qualifications[{i}]", $"資格「{SkillStandardCatalog.DisplayName(qualifications[i])}」が重複しています。"));
            }
        }
    }

    private static void ValidateSkillLevels(IReadOnlyList<SkillLevelClaim> claims, List<FieldError> errors)
    {
        var seen = new HashSet<(SkillFramework, string)>();
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i];
            if (claim is null)
            {
                errors.Add(new($"skillLevels[{i}]", "スキルレベルを入力してください。"));
                continue;
            }

            var field = NormalizeText(claim.Field);
            if (!Enum.IsDefined(claim.Framework))
            {
                errors.Add(new($"skillLevels[{i}].framework", "スキル標準の種類が正しくありません。"));
            }

            if (field.Length == 0)
            {
                errors.Add(new($"skillLevels[{i}].field", "分野を入力してください。"));
            }
            else if (TextLength(field) > MaxFieldNameLength)
            {
                errors.Add(new($"skillLevels[{i}].field", $"分野は{MaxFieldNameLength}文字以内で入力してください。"));
            }
            else if (!seen.Add((claim.Framework, field)))
            {
                errors.Add(new($"skillLevels[{i}].field", $"分野「{field}」のスキルレベルが重複しています。"));
            }

            if (claim.Level is < MinSkillLevel or > MaxSkillLevel)
            {
                errors.Add(new($"skillLevels[{i}].level", $"スキルレベルは{MinSkillLevel}から{MaxSkillLevel}の範囲で入力してください。"));
            }
        }
    }

    private static void ValidateExperiences(IReadOnlyList<ExperienceClaim> claims, List<FieldError> errors)
    {
        var seen = new HashSet<ExperienceKind>();
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i];
            if (claim is null)
            {
                errors.Add(new($"experiences[{i}]", "経験を入力してください。"));
                continue;
            }

            if (!Enum.IsDefined(claim.Kind))
            {
                errors.Add(new($"experiences[{i}].kind", "経験の種類が正しくありません。"));
            }
            else if (!seen.Add(claim.Kind))
            {
                errors.Add(new($"experiences[{i}].kind", $"経験「{SkillStandardCatalog.DisplayName(claim.Kind)}」が重複しています。"));
            }

            if (claim.Years is < 0 or > MaxYears)
            {
                errors.Add(new($"experiences[{i}].years", $"経験年数は0から{MaxYears}の範囲で入力してください。"));
            }

            if (TextLength(NormalizeText(claim.Summary)) > MaxSummaryLength)
            {
                errors.Add(new($"experiences[{i}].summary", $"経験の概要は{MaxSummaryLength}文字以内で入力してください。"));
            }
        }
    }
}
