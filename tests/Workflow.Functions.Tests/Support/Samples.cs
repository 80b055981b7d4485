using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Tests.Support;

/// <summary>Domain-valid rounds and application forms, built from the skill standard itself.</summary>
public static class Samples
{
    /// <summary>
    /// A municipality's request with terms it may ask at <paramref name="now"/>: a year from a month ahead (Japan's
    /// calendar), <paramref name="daysPerWeek"/> days a week, on site and remote.
    /// </summary>
    public static Functions.Appoint.AppointmentRequest AppointmentAsked(string candidateId, Domain.Appointments.AppointmentRole role, DateTimeOffset now,
        int daysPerWeek = 2, Domain.Appointments.EmploymentForm form = Domain.Appointments.EmploymentForm.SpecialPartTime)
    {
        var start = Domain.Calendar.JapaneseDates.DayInJapan(now).AddDays(30);
        return new(candidateId, role, role == Domain.Appointments.AppointmentRole.Other ? "DX推進アドバイザー" : null, form, start, start.AddYears(1).AddDays(-1),
            daysPerWeek, Domain.Appointments.WorkStyle.Hybrid);
    }

    public static readonly DateTimeOffset Now = new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Pdf(int size = 64)
    {
        var bytes = new byte[size];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>A schedule that passes <see cref="RoundRules"/>: five sessions covering the curriculum, dates in order.</summary>
    public static RoundSchedule Schedule(DateTimeOffset start)
    {
        int[] modules = [1, 2, 3, 4, 4];
        var sessions = modules.Select((m, i) => new TrainingSession(i + 1, m, start.AddDays(21 + i))).ToList();
        return new RoundSchedule(start.AddDays(1), start.AddDays(2), start.AddDays(10), start.AddDays(20), sessions, start.AddDays(30), start.AddDays(60));
    }

    /// <param name="standardVersion">The pinned version; by default the one a round commissioned with the built-in versions pins.</param>
    public static RoundRecord Round(RoundState state, DateTimeOffset? start = null, string? roundId = null, string? standardVersion = null)
    {
        var s = start ?? Now;
        return new RoundRecord(roundId ?? RoundIds.NewRoundId(2025), 2025, "令和7年度 自治体DX外部人材公募", "株式会社テスト総研",
            [new PersonaOpening(Persona.Producer, 2), new PersonaOpening(Persona.Engineer, 3)], Schedule(s), state, s, false, new RoundCounts(),
            new Dictionary<RoundState, DateTimeOffset>(), standardVersion ?? new SkillStandardVersions().Current.Id);
    }

    /// <summary>
    /// A producer who meets the standard: ITストラテジスト and 自治体 experience. The name is one a test can look for
    /// where personal data must not appear.
    /// </summary>
    public static ApplicationForm EligibleProducer(string email, bool consent = true) => new(
        "山田 太郎", "ヤマダ タロウ", email, "03-1234-5678", "東京都",
        [Persona.Producer], AssessAll(Persona.Producer), [Qualification.ITStrategist], [],
        [new ExperienceClaim(ExperienceKind.LocalGovernment, 3, "市役所の情報政策課で勤務")], consent ? ListingTier.Public : ListingTier.NotListed);

    /// <summary>Someone who meets the standard both as a producer (ITストラテジスト) and as an engineer (ITサービスマネージャ).</summary>
    public static ApplicationForm EligibleProducerAndEngineer(string email, bool consent = true) => new(
        "鈴木 一郎", "スズキ イチロウ", email, "03-2345-6789", "北海道",
        [Persona.Producer, Persona.Engineer], [.. AssessAll(Persona.Producer), .. AssessAll(Persona.Engineer)],
        [Qualification.ITStrategist, Qualification.ITServiceManager], [],
        [new ExperienceClaim(ExperienceKind.LocalGovernment, 3, "市役所の情報政策課で勤務")], consent ? ListingTier.Public : ListingTier.NotListed);

    /// <summary>An engineer with neither a desired level nor a qualification nor any experience.</summary>
    public static ApplicationForm IneligibleEngineer(string email, bool consent = true) => new(
        "佐藤 花子", "サトウ ハナコ", email, "090-1234-5678", "大阪府",
        [Persona.Engineer], AssessAll(Persona.Engineer), [], [], [], consent ? ListingTier.Public : ListingTier.NotListed);

    public static ApplicationRequest ToRequest(ApplicationForm f) => new(
        f.FullName, f.FullNameKana, f.Email, f.Phone, f.Prefecture, [.. f.Personas], [.. f.SelfAssessments], [.. f.Qualifications],
        [.. f.SkillLevels], [.. f.Experiences], null, f.Listing, [.. f.WorkStyles ?? []], [.. f.Regions ?? []]);

    /// <summary>An address whose application lands in <paramref name="shard"/>, so one shard activity sees several people.</summary>
    public static string EmailInShard(int shard, string stem)
    {
        for (var i = 0; ; i++)
        {
            var email = $"{stem}{i}@example.jp";
            if (ApplicationShards.Of(ApplicationValidator.NormalizeEmail(email)) == shard)
            {
                return email;
            }
        }
    }

    private static List<SelfAssessment> AssessAll(Persona persona) =>
        new SkillStandardVersions().Current.For(persona).AllSkills.Select(s => new SelfAssessment(s.Code, 3)).ToList();
}
