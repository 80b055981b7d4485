using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Appointments;

/// <summary>A partner municipality as a request names it: its 団体コード and its share in percent (both as sent).</summary>
public sealed record PartnerAsked(string? MunicipalityCode, int? Percent);

/// <summary>
/// One municipality's part of a shared (広域) appointment: its share of the cost and time in percent, and the
/// 特別交付税措置 assessed for it, since each municipality claims on its own share (ADR 0016, Later).
/// </summary>
public sealed record MunicipalityShare(string MunicipalityCode, string MunicipalityName, int Percent, MeasureAssessment Measure);

/// <summary>
/// A shared (広域) appointment: one person serving several municipalities together, typically as a shared CIO補佐官,
/// each municipality bearing a share. The municipality that asks names its partners and their shares; its own share
/// is the rest. It is one job for the person, so it counts once against their commitments (<see cref="Commitments"/>).
/// </summary>
public static class AppointmentShares
{
    /// <summary>Enough for the joint arrangements the ministry's material describes (a handful of neighbours), and it bounds the registry reads.</summary>
    public const int MaxPartners = 10;

    /// <summary>
    /// What is wrong with the partners as asked, field by field in Japanese (<c>partners[i].municipalityCode</c>,
    /// <c>partners[i].percent</c>, <c>partners</c>); empty when they can be asked. <paramref name="registered"/> says
    /// whether a well-formed code is in the registry (the edge reads it).
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(string requesterCode, IReadOnlyList<PartnerAsked> partners, Func<string, bool> registered)
    {
        ArgumentNullException.ThrowIfNull(partners);
        var errors = new List<FieldError>();
        if (partners.Count > MaxPartners)
        {
            errors.Add(new FieldError("partners", $"共同で任用する団体は{MaxPartners}団体までにしてください。"));
            return errors;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < partners.Count; i++)
        {
            var field = $"partners[{i}]";
            var code = partners[i].MunicipalityCode?.Trim() ?? string.Empty;
            if (code.Length == 0)
            {
                errors.Add(new FieldError($"{field}.municipalityCode", "共同で任用する団体の団体コードを入力してください。"));
            }
            else if (!MunicipalityCode.IsValid(code))
            {
                errors.Add(new FieldError($"{field}.municipalityCode", $"団体コード「{code}」は正しい団体コード（6桁、検査数字を含む）ではありません。"));
            }
            else if (code == requesterCode)
            {
                errors.Add(new FieldError($"{field}.municipalityCode", "申し込む団体自身は共同で任用する団体に含めません（申し込む団体の負担割合は、残りの割合です）。"));
            }
            else if (seen.TryGetValue(code, out var first))
            {
                errors.Add(new FieldError($"{field}.municipalityCode", $"団体コード「{code}」が重複しています（{first + 1}番目の団体）。"));
            }
            else if (!registered(code))
            {
                errors.Add(new FieldError($"{field}.municipalityCode", $"団体コード「{code}」の団体は登録されていません。"));
            }

            if (code.Length > 0)
            {
                seen.TryAdd(code, i);
            }

            if (partners[i].Percent is not { } percent)
            {
                errors.Add(new FieldError($"{field}.percent", "負担割合（%）を整数で入力してください。"));
            }
            else if (percent is < 1 or > 99)
            {
                errors.Add(new FieldError($"{field}.percent", "負担割合は1%から99%の整数で入力してください。"));
            }
        }

        var sum = partners.Sum(p => p.Percent is { } percent and >= 1 and <= 99 ? percent : 0);
        if (partners.Count > 0 && partners.All(p => p.Percent is >= 1 and <= 99) && sum >= 100)
        {
            errors.Add(new FieldError("partners",
                $"共同で任用する団体の負担割合の合計が{sum}%です。申し込む団体の負担割合（100%から合計を引いた残り）が1%以上になるようにしてください。"));
        }

        return errors;
    }

    /// <summary>
    /// Every municipality's share, the asking one first with the rest of 100, each with the measure assessed for it
    /// on the same terms and person: the conditions are the appointing body's, so each body is assessed as itself.
    /// Call only with partners that passed <see cref="Validate"/>.
    /// </summary>
    public static IReadOnlyList<MunicipalityShare> Of(string requesterCode, string requesterName, IReadOnlyList<(string Code, string Name, int Percent)> partners,
        AppointmentTerms terms, IReadOnlyCollection<Persona> selectedAs)
    {
        var requester = new MunicipalityShare(requesterCode, requesterName, 100 - partners.Sum(p => p.Percent), SpecialTaxMeasure.Assess(requesterCode, terms, selectedAs));
        return [requester, .. partners.Select(p => new MunicipalityShare(p.Code, p.Name, p.Percent, SpecialTaxMeasure.Assess(p.Code, terms, selectedAs)))];
    }

    /// <summary>The share of <paramref name="code"/> in percent: 100 for an appointment that is not shared, null when the municipality has no part in it.</summary>
    public static int? PercentOf(IReadOnlyList<MunicipalityShare>? shares, string requesterCode, string code) =>
        shares is null or { Count: 0 }
            ? (code == requesterCode ? 100 : null)
            : shares.FirstOrDefault(s => s.MunicipalityCode == code)?.Percent;

    /// <summary>Who shares the appointment, in a line: 〇〇市 60%、△△町 40%.</summary>
    public static string Text(IReadOnlyList<MunicipalityShare> shares) => string.Join("、", shares.Select(s => $"{s.MunicipalityName} {s.Percent}%"));
}
