namespace Workflow.Domain.Training;

/// <summary>One numbered part of the 外部人材向け研修 curriculum; a コマ is one session.</summary>
public sealed record CurriculumModule(int Number, string Title, IReadOnlyList<string> Topics, int MinSessions, int MaxSessions);

/// <summary>The ⑤研修 curriculum as the seed describes it (外部人材向け研修のイメージ).</summary>
public static class Curriculum
{
    public const int SessionMinutes = 60;
    public const int MinSessions = 5;
    public const int MaxSessions = 6;

    public const string Purpose = "これまで自治体に勤務したことがなく、自治体での任用を希望する外部人材が、自治体の組織・業務・システムや自治体DXの国の動向等に関する基礎的な知識を習得すること。";
    public const string Organizer = "総務省（民間事業者に委託）";
    public const string DeliveryMode = "オンライン配信（Teamsを想定）";
    public const string Fee = "無料";
    public const string CertificateName = "修了証";

    public static IReadOnlyList<CurriculumModule> Modules { get; } =
    [
        new(1, "自治体の組織と業務",
        [
            "地方自治制度（国と地方の役割分担、都道府県と市町村の役割分担、自治事務と法定受託事務 等）",
            "自治体の組織（首長部局とそれ以外（教育委員会、選挙管理委員会など）、議会）",
            "自治体の業務（総務、企画、財政、住民生活、保健福祉、環境、商工、農水、土木・建設、教育、その他（上下水道、交通等））",
        ], 1, 1),
        new(2, "自治体システムとセキュリティ",
        [
            "基幹業務系システム（住民記録、税・・・）と情報系システム",
            "３層の対策（情報セキュリティ強化の観点から、マイナンバー利用事務系、LGWAN接続系、インターネット接続系の３つを分離）",
            "情報セキュリティポリシーの策定",
        ], 1, 1),
        new(3, "マイナンバー制度と個人情報保護",
        [
            "マイナンバー制度（マイナンバーとマイナンバーカード、マイナンバーによる行政事務効率化、情報の分散管理の仕組み、マイナンバーカードの利活用）",
            "個人情報保護（これまで個別の個人情報保護条例で対応(いわゆる2000個問題)、令和3年改正個人情報保護法の施行により解消予定）",
        ], 1, 1),
        new(4, "自治体ＤＸ",
        [
            "総論（国の取組みの紹介、自治体DXの課題、自治体ＤＸと企業ＤＸとの違い、外部人材に期待されること）",
            "各論（システムの標準化・共通化、マイナンバーカードの普及促進、行政手続のオンライン化、AI・RPA の利用推進、テレワークの推進、セキュリティ対策の徹底、地域社会のデジタル化など、事例紹介含む）",
        ], 2, 3),
    ];

    /// <summary>
    /// The module each session teaches in the seed's order, the flexible module (4) taking whatever sessions remain.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">sessionCount is not 5 or 6.</exception>
    public static IReadOnlyList<int> DefaultModuleOfSession(int sessionCount)
    {
        if (sessionCount is < MinSessions or > MaxSessions)
        {
            throw new ArgumentOutOfRangeException(nameof(sessionCount), sessionCount, $"The curriculum has {MinSessions} to {MaxSessions} sessions.");
        }

        var fixedSessions = Modules.Where(m => m.Number != 4).SelectMany(m => Enumerable.Repeat(m.Number, m.MinSessions)).ToList();
        return [.. fixedSessions, .. Enumerable.Repeat(4, sessionCount - fixedSessions.Count)];
    }

    /// <summary>
    /// True when the sessions' modules cover the curriculum: each module between its MinSessions and MaxSessions times,
    /// no unknown module, 5–6 sessions in all. Order is free so an operator can move a session around a holiday.
    /// </summary>
    public static bool Covers(IReadOnlyList<int> moduleOfSession)
    {
        if (moduleOfSession is null || moduleOfSession.Count is < MinSessions or > MaxSessions)
        {
            return false;
        }

        if (moduleOfSession.Any(m => Modules.All(x => x.Number != m)))
        {
            return false;
        }

        return Modules.All(m =>
        {
            var count = moduleOfSession.Count(n => n == m.Number);
            return count >= m.MinSessions && count <= m.MaxSessions;
        });
    }
}
