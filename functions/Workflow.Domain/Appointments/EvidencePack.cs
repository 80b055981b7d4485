using System.Globalization;
using System.Security.Cryptography;
using Workflow.Domain.Signing;

namespace Workflow.Domain.Appointments;

/// <summary>
/// One appointment a municipality claims the 特別交付税措置 for in a fiscal year: who (by the roster's id, their name
/// and 修了証), on what terms, and the part of the term that falls in the year.
/// </summary>
/// <param name="CandidateId">The application, which is also the selection record's reference.</param>
/// <param name="CountedFrom">The term's first day within the fiscal year.</param>
/// <param name="CountedTo">The term's last day within the fiscal year.</param>
/// <param name="SharePercent">
/// The municipality's share of a shared (広域) appointment in percent; 100 for one it holds alone, and for lines of
/// packs made before shares existed.
/// </param>
public sealed record EvidenceLine(
    string AppointmentId,
    string RoundId,
    string CandidateId,
    string PersonName,
    string CertificateId,
    string PostTitle,
    EmploymentForm Form,
    DateOnly StartsOn,
    DateOnly EndsOn,
    int DaysPerWeek,
    DateOnly CountedFrom,
    DateOnly CountedTo,
    DateTimeOffset AcceptedAt,
    int SharePercent = 100);

/// <summary>
/// What a municipality hands in for its 特別交付税 claim of one fiscal year (4月1日 to 3月31日): every accepted
/// appointment that falls under the measure (<see cref="SpecialTaxMeasure"/>) and whose term touches the year. Signed
/// like the 修了証 (ADR 0015, 0016), so that the ministry can check that the pack is the system's, unaltered.
/// </summary>
/// <param name="Format">
/// The version of <see cref="CanonicalBytes"/> the pack was signed in: <see cref="FormatV1"/> when no line is shared
/// (and for packs recorded before the field existed), <see cref="FormatV2"/> when one is (<see cref="FormatFor"/>).
/// </param>
public sealed record EvidencePackFacts(string PackId, string MunicipalityCode, string MunicipalityName, int FiscalYear, DateTimeOffset IssuedAt, IReadOnlyList<EvidenceLine> Lines,
    string Format = EvidencePackFacts.FormatV1)
{
    /// <summary>The first version: a line without a share.</summary>
    public const string FormatV1 = "特別交付税措置の根拠/1";

    /// <summary>Each line also carries the municipality's share in percent (shared appointments, 広域).</summary>
    public const string FormatV2 = "特別交付税措置の根拠/2";

    /// <summary>
    /// The version for these lines. A pack of unshared appointments keeps the first version, so that its number and
    /// signed bytes are what they were before shares existed and asking again for an unchanged year still answers the
    /// pack already handed in.
    /// </summary>
    public static string FormatFor(IReadOnlyList<EvidenceLine> lines) => lines.Any(l => l.SharePercent != 100) ? FormatV2 : FormatV1;

    public static (DateOnly First, DateOnly Last) FiscalYearSpan(int fiscalYear) => (new DateOnly(fiscalYear, 4, 1), new DateOnly(fiscalYear + 1, 3, 31));

    /// <summary>令和8年度 for 2026 (a fiscal year is named by the year it starts in).</summary>
    public static string FiscalYearName(int fiscalYear) =>
        fiscalYear >= 2019 ? (fiscalYear == 2019 ? "令和元年度" : $"令和{fiscalYear - 2018}年度") : $"平成{fiscalYear - 1988}年度";

    /// <summary>
    /// The fiscal year's line for an appointment, or null when it has none: not accepted, not under the measure, or its
    /// term outside the year.
    /// </summary>
    /// <param name="measure">The measure as assessed for this municipality (its own share's, for a shared appointment).</param>
    /// <param name="sharePercent">This municipality's share of the appointment (100 when it is not shared).</param>
    public static EvidenceLine? LineFor(int fiscalYear, string appointmentId, string roundId, string candidateId, string personName, string certificateId,
        AppointmentTerms terms, MeasureAssessment measure, DateTimeOffset? acceptedAt, int sharePercent = 100)
    {
        var (first, last) = FiscalYearSpan(fiscalYear);
        if (acceptedAt is null || !measure.Qualifies || terms.EndsOn < first || terms.StartsOn > last)
        {
            return null;
        }

        return new EvidenceLine(appointmentId, roundId, candidateId, personName, certificateId, terms.PostTitle, terms.Form, terms.StartsOn, terms.EndsOn,
            terms.DaysPerWeek, terms.StartsOn > first ? terms.StartsOn : first, terms.EndsOn < last ? terms.EndsOn : last, acceptedAt.Value, sharePercent);
    }

    /// <summary>
    /// The pack's number: the municipality, the year and what the lines say. The same facts asked for again are the same
    /// pack (issued once, signed once); a change of the appointments makes a new one.
    /// </summary>
    public static string IdFor(string municipalityCode, int fiscalYear, IReadOnlyList<EvidenceLine> lines)
    {
        var format = FormatFor(lines);
        var content = CanonicalFields.Encode(new[] { format, municipalityCode, fiscalYear.ToString(CultureInfo.InvariantCulture) }.Concat(lines.SelectMany(l => LineFields(l, format))));
        return $"EP{fiscalYear}-{municipalityCode}-{Convert.ToHexString(SHA256.HashData(content))[..12]}";
    }

    public byte[] CanonicalBytes() => CanonicalFields.Encode(new[]
    {
        Format,
        PackId,
        MunicipalityCode,
        MunicipalityName,
        FiscalYear.ToString(CultureInfo.InvariantCulture),
        CanonicalFields.Time(IssuedAt),
    }.Concat(Lines.SelectMany(l => LineFields(l, Format))));

    private static IEnumerable<string> LineFields(EvidenceLine l, string format) =>
    [
        l.AppointmentId, l.RoundId, l.CandidateId, l.PersonName, l.CertificateId, l.PostTitle, l.Form.ToString(), CanonicalFields.Day(l.StartsOn),
        CanonicalFields.Day(l.EndsOn), l.DaysPerWeek.ToString(CultureInfo.InvariantCulture), CanonicalFields.Day(l.CountedFrom), CanonicalFields.Day(l.CountedTo),
        CanonicalFields.Time(l.AcceptedAt),
        .. format == FormatV1 ? Array.Empty<string>() : [l.SharePercent.ToString(CultureInfo.InvariantCulture)],
    ];
}
