using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;

namespace Workflow.Domain.Applications;

/// <summary>
/// Who may see a certified person on the roster (人材リスト). The person chooses when applying and can change it on
/// the status page at any time: the roster follows the latest choice.
/// </summary>
public enum ListingTier
{
    /// <summary>Not on the roster at all: no municipality and no member of the public sees the person.</summary>
    NotListed,

    /// <summary>Municipalities signed in to the system see the full profile; the public page counts the person only.</summary>
    Municipalities,

    /// <summary>As <see cref="Municipalities"/>, and the public page shows the fewest fields (name, persona, prefecture).</summary>
    Public,
}

/// <summary>
/// The person's listing choice and the preferences a municipality reads in the full profile (and the ranking of a
/// need weighs): which work styles they would take, and where. Empty lists mean "any".
/// </summary>
public sealed record ListingChoice(ListingTier Tier, IReadOnlyList<WorkStyle> WorkStyles, IReadOnlyList<string> Regions)
{
    public const int MaxRegions = 47;

    /// <summary>A choice as a person states it: regions as typed (full-width, spaces) read as prefecture names.</summary>
    public static ListingChoice From(ListingTier tier, IEnumerable<WorkStyle>? workStyles, IEnumerable<string?>? regions) =>
        new(tier, workStyles?.ToList() ?? [], regions?.Select(r => ApplicationValidator.NormalizeText(r ?? string.Empty)).ToList() ?? []);

    /// <summary>What an application submitted before tiers existed chose: its one checkbox meant the public roster.</summary>
    public static ListingChoice FromConsent(bool consentToPublication) => new(consentToPublication ? ListingTier.Public : ListingTier.NotListed, [], []);

    public bool IsListed => Tier != ListingTier.NotListed;

    public bool IsPublic => Tier == ListingTier.Public;

    /// <summary>Whether the person would take work in this style (no preference takes any).</summary>
    public bool Accepts(WorkStyle style) => WorkStyles.Count == 0 || WorkStyles.Contains(style);

    /// <summary>Whether the person would work for a body in this prefecture (no preference takes anywhere).</summary>
    public bool Covers(string prefecture) => Regions.Count == 0 || Regions.Contains(prefecture, StringComparer.Ordinal);

    /// <summary>The choice with duplicates removed and regions in the official order, so that equal choices compare equal.</summary>
    public ListingChoice Normalized() => this with
    {
        WorkStyles = WorkStyles.Distinct().Order().ToList(),
        Regions = Prefectures.All.Where(p => Regions.Contains(p, StringComparer.Ordinal)).ToList(),
    };

    /// <summary>Whether two choices say the same (lists compared by content, after <see cref="Normalized"/>).</summary>
    public bool SameAs(ListingChoice other)
    {
        var (a, b) = (Normalized(), other.Normalized());
        return a.Tier == b.Tier && a.WorkStyles.SequenceEqual(b.WorkStyles) && a.Regions.SequenceEqual(b.Regions, StringComparer.Ordinal);
    }

    /// <summary>Field errors in Japanese, named as the API's request names them.</summary>
    public IReadOnlyList<FieldError> Validate(string prefix = "")
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(Tier))
        {
            errors.Add(new FieldError(prefix + "listing", "人材リストへの掲載について、選択肢から選んでください。"));
        }

        if (WorkStyles.Any(s => !Enum.IsDefined(s)))
        {
            errors.Add(new FieldError(prefix + "workStyles", "希望する働き方は、選択肢から選んでください。"));
        }

        var unknown = Regions.Where(r => !Prefectures.IsPrefecture(r)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError(prefix + "regions", $"希望する地域は都道府県名で指定してください（{string.Join("、", unknown.Take(3))}）。"));
        }
        else if (Regions.Count > MaxRegions)
        {
            errors.Add(new FieldError(prefix + "regions", "希望する地域が多すぎます。"));
        }

        return errors;
    }

    /// <summary>The preferences in one line for a profile or a notice.</summary>
    public string PreferencesText() =>
        $"働き方: {(WorkStyles.Count == 0 ? "問わない" : string.Join("・", WorkStyles.Select(AppointmentNames.DisplayName)))}／地域: {(Regions.Count == 0 ? "全国" : string.Join("・", Regions))}";
}

public static class ListingNames
{
    public static string DisplayName(ListingTier tier) => tier switch
    {
        ListingTier.NotListed => "掲載しない",
        ListingTier.Municipalities => "ログインした自治体にのみ掲載する",
        ListingTier.Public => "自治体に掲載し、一般向けの人材リストにも公開する",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown listing tier."),
    };

    /// <summary>What each choice means, for the form and the status page.</summary>
    public static string Explanation(ListingTier tier) => tier switch
    {
        ListingTier.NotListed => "人材リストに載りません。自治体からの任用の申込みも届きません。",
        ListingTier.Municipalities => "自治体の職員がログインして、選定結果・スキルの評価・資格・経験・希望する働き方と地域を見られます。一般向けのページには人数だけが表示されます。",
        ListingTier.Public => "自治体向けの掲載に加えて、一般向けの人材リストに氏名・人材像・都道府県が表示されます。",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown listing tier."),
    };
}
