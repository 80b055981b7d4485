using System.Globalization;
using System.Text;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;

namespace Workflow.Demo;

/// <param name="Index">0-based order of generation; the driver uses it to make its own choices reproducible.</param>
/// <param name="PredictedEligible">What the domain's screening rules say of this profile, to compare with the API.</param>
public sealed record SyntheticApplicant(int Index, ApplicationForm Form, bool PredictedEligible, byte[] Resume)
{
    public string ResumeFileName => $"shokumu-keirekisho-{Index + 1:D4}.pdf";
}

/// <summary>
/// Plausible 民間人材 for the demo. Everything comes from one seeded <see cref="Random"/>, so two runs with the same
/// seed send the same people, whatever order the concurrent requests happen to complete in.
/// </summary>
public static class SyntheticApplicants
{
    private static readonly (string Kanji, string Kana, string Romaji)[] FamilyNames =
    [
        ("佐藤", "サトウ", "sato"), ("鈴木", "スズキ", "suzuki"), ("高橋", "タカハシ", "takahashi"), ("田中", "タナカ", "tanaka"),
        ("伊藤", "イトウ", "ito"), ("渡辺", "ワタナベ", "watanabe"), ("山本", "ヤマモト", "yamamoto"), ("中村", "ナカムラ", "nakamura"),
        ("小林", "コバヤシ", "kobayashi"), ("加藤", "カトウ", "kato"), ("吉田", "ヨシダ", "yoshida"), ("山田", "ヤマダ", "yamada"),
        ("佐々木", "ササキ", "sasaki"), ("山口", "ヤマグチ", "yamaguchi"), ("松本", "マツモト", "matsumoto"), ("井上", "イノウエ", "inoue"),
        ("木村", "キムラ", "kimura"), ("林", "ハヤシ", "hayashi"), ("清水", "シミズ", "shimizu"), ("山崎", "ヤマザキ", "yamazaki"),
        ("森", "モリ", "mori"), ("池田", "イケダ", "ikeda"), ("橋本", "ハシモト", "hashimoto"), ("阿部", "アベ", "abe"),
        ("石川", "イシカワ", "ishikawa"), ("前田", "マエダ", "maeda"), ("藤田", "フジタ", "fujita"), ("小川", "オガワ", "ogawa"),
        ("岡田", "オカダ", "okada"), ("長谷川", "ハセガワ", "hasegawa"),
    ];

    private static readonly (string Kanji, string Kana, string Romaji)[] GivenNames =
    [
        ("健太", "ケンタ", "kenta"), ("翔太", "ショウタ", "shota"), ("大輔", "ダイスケ", "daisuke"), ("拓也", "タクヤ", "takuya"),
        ("直樹", "ナオキ", "naoki"), ("和也", "カズヤ", "kazuya"), ("亮", "リョウ", "ryo"), ("誠", "マコト", "makoto"),
        ("陽介", "ヨウスケ", "yosuke"), ("隆", "タカシ", "takashi"), ("大翔", "ヒロト", "hiroto"), ("蓮", "レン", "ren"),
        ("美咲", "ミサキ", "misaki"), ("彩", "アヤ", "aya"), ("陽子", "ヨウコ", "yoko"), ("恵", "メグミ", "megumi"),
        ("由美", "ユミ", "yumi"), ("真由美", "マユミ", "mayumi"), ("愛", "アイ", "ai"), ("麻衣", "マイ", "mai"),
        ("智子", "トモコ", "tomoko"), ("結衣", "ユイ", "yui"), ("葵", "アオイ", "aoi"), ("花子", "ハナコ", "hanako"),
    ];

    private static readonly string[] MailDomains = ["example.jp", "example.co.jp", "example.com", "mail.example.ne.jp"];

    // Weighted toward where applicants actually live: most 民間人材 are in the big metropolitan areas.
    private static readonly string[] FrequentPrefectures = ["東京都", "東京都", "神奈川県", "大阪府", "愛知県", "福岡県", "埼玉県", "千葉県"];

    private static readonly Dictionary<ExperienceKind, string[]> ExperienceSummaries = new()
    {
        [ExperienceKind.DigitalStrategyLeadership] = ["通信事業者のDX推進室長として全社デジタル戦略を立案し、10名のチームを率いて推進。", "小売企業のCDOとしてデジタル戦略とデータ活用方針を策定。"],
        [ExperienceKind.DigitalProjectLeadership] = ["金融機関の基幹システム刷新プロジェクトのPMとして、要件定義から稼働までを統括。", "SaaS導入プロジェクトの責任者として30名規模のチームをリード。"],
        [ExperienceKind.DigitalDepartmentManagement] = ["製造業の情報システム部門で課長として予算と要員を管理。", "IT企業のデジタル推進部門で部長職として組織運営を担当。"],
        [ExperienceKind.ConsumerDigitalServiceDevelopment] = ["一般消費者向けスマートフォンアプリのサービス企画とUXリサーチを担当。", "ECサイトのリニューアルでUI設計とユーザーテストを主導。"],
        [ExperienceKind.DigitalToolImplementation] = ["RPAとローコードツールで経理業務の自動化を実装。", "ノーコードツールで社内申請フローを構築し、紙の申請を廃止。"],
        [ExperienceKind.LocalGovernment] = ["市役所の情報政策課で5年間勤務し、庁内ネットワーク更改を担当。", "自治体から受託した窓口業務システムの導入支援に従事。"],
    };

    /// <summary>Shares of the personas applicants choose first: PM and engineer roles draw the most applicants.</summary>
    private static readonly (Persona Persona, double Weight)[] PersonaWeights =
    [
        (Persona.Producer, 0.2), (Persona.ProjectManager, 0.3), (Persona.ServiceDesigner, 0.2), (Persona.Engineer, 0.3),
    ];

    /// <param name="resumeBytes">Each résumé is padded to at least this many bytes (0: as small as it is).</param>
    public static IReadOnlyList<SyntheticApplicant> Generate(int count, IReadOnlyCollection<Persona> sought, int seed, int resumeBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 0);
        if (sought.Count == 0)
        {
            throw new ArgumentException("The round must seek at least one persona.", nameof(sought));
        }

        var random = new Random(seed);
        var people = Enumerable.Range(0, count).Select(i => Create(i, random, sought)).ToList();
        return resumeBytes <= 0 ? people : people.Select(p => p with { Resume = Padded(p.Resume, resumeBytes) }).ToList();
    }

    private static SyntheticApplicant Create(int index, Random random, IReadOnlyCollection<Persona> sought)
    {
        var family = FamilyNames[random.Next(FamilyNames.Length)];
        var given = GivenNames[random.Next(GivenNames.Length)];
        var email = $"{given.Romaji}.{family.Romaji}{index + 1:D3}@{MailDomains[random.Next(MailDomains.Length)]}";

        var personas = new List<Persona> { PickPersona(random, sought) };
        if (sought.Count > 1 && random.NextDouble() < 0.25)
        {
            personas.Add(sought.Where(p => p != personas[0]).ElementAt(random.Next(sought.Count - 1)));
        }

        // The first applicant always qualifies and consents, so that even a one-person demo reaches the roster.
        var strong = index == 0 || random.NextDouble() < 0.6;
        var profile = new ProfileBuilder(random);
        foreach (var (persona, i) in personas.Select((p, i) => (p, i)))
        {
            profile.AddFor(Standard.For(persona), qualifies: i == 0 ? strong : random.NextDouble() < 0.5);
        }

        if (random.NextDouble() < 0.3)
        {
            profile.AddExtraQualification();
        }

        var form = new ApplicationForm(
            $"{family.Kanji} {given.Kanji}",
            $"{family.Kana} {given.Kana}",
            email,
            Phone(random),
            random.NextDouble() < 0.6 ? FrequentPrefectures[random.Next(FrequentPrefectures.Length)] : Prefectures.All[random.Next(Prefectures.All.Count)],
            personas,
            SelfAssessments(random, personas, strong),
            profile.Qualifications,
            profile.SkillLevels,
            profile.Experiences,
            // Most people take the public roster; some only signed-in municipalities, a few none (index 0 always public).
            index == 0 ? ListingTier.Public : random.NextDouble() switch { < 0.6 => ListingTier.Public, < 0.9 => ListingTier.Municipalities, _ => ListingTier.NotListed });
        var eligible = ScreeningRules.Screen(Standard, form.Personas, form.Qualifications, form.SkillLevels, form.Experiences).Eligible;
        return new SyntheticApplicant(index, form, eligible, ResumePdf(index, given.Romaji, family.Romaji));
    }

    /// <summary>The version the demo's rounds pin: the host commissions them and knows only the built-in versions.</summary>
    /// <summary>The version a round the demo commissions now pins: the current one.</summary>
    public static readonly SkillStandardVersion Standard = new SkillStandardVersions().Current;

    private static Persona PickPersona(Random random, IReadOnlyCollection<Persona> sought)
    {
        var weights = PersonaWeights.Where(w => sought.Contains(w.Persona)).ToList();
        var roll = random.NextDouble() * weights.Sum(w => w.Weight);
        foreach (var (persona, weight) in weights)
        {
            roll -= weight;
            if (roll < 0)
            {
                return persona;
            }
        }

        return weights[^1].Persona;
    }

    private static string Phone(Random random)
    {
        string Digits(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + random.Next(10))));
        return random.NextDouble() < 0.8
            ? $"0{random.Next(7, 10)}0-{Digits(4)}-{Digits(4)}"
            : $"0{(random.NextDouble() < 0.5 ? 3 : 6)}-{Digits(4)}-{Digits(4)}";
    }

    /// <summary>Every skill item of every persona applied for must be rated; stronger applicants rate themselves higher.</summary>
    private static List<SelfAssessment> SelfAssessments(Random random, IEnumerable<Persona> personas, bool strong) =>
        personas.SelectMany(p => Standard.For(p).AllSkills)
            .Select(s => new SelfAssessment(s.Code, Math.Clamp(random.Next(1, 5) + (strong ? 1 : 0), SelfAssessmentScale.Min, SelfAssessmentScale.Max)))
            .ToList();

    /// <summary>
    /// Builds qualifications, levels and experience without duplicates (the API rejects those). A profile that does
    /// not qualify misses exactly one half of the screening rule — level-or-qualification, or experience — the way
    /// real near-misses do, so the screening has both kinds of rejection to report.
    /// </summary>
    private sealed class ProfileBuilder(Random random)
    {
        public List<Qualification> Qualifications { get; } = [];

        public List<SkillLevelClaim> SkillLevels { get; } = [];

        public List<ExperienceClaim> Experiences { get; } = [];

        public void AddFor(PersonaProfile persona, bool qualifies)
        {
            var hasLevelRule = persona.DesiredSkillLevels.Count > 0 || persona.DesiredQualifications.Count > 0;
            var missLevel = !qualifies && hasLevelRule && random.NextDouble() < 0.5;
            var missExperience = !qualifies && !missLevel;

            if (hasLevelRule)
            {
                if (missLevel)
                {
                    AddLevelBelowMinimum(persona);
                }
                else
                {
                    AddLevelOrQualification(persona);
                }
            }

            if (missExperience)
            {
                AddInsufficientExperience(persona);
            }
            else
            {
                var requirement = persona.DesiredExperience[random.Next(persona.DesiredExperience.Count)];
                AddExperience(requirement.Kind, requirement.MinimumYears + random.Next(1, 9));
            }
        }

        public void AddExtraQualification() => AddQualification(Enum.GetValues<Qualification>()[random.Next(Enum.GetValues<Qualification>().Length)]);

        private void AddLevelOrQualification(PersonaProfile persona)
        {
            if (persona.DesiredQualifications.Count > 0 && (persona.DesiredSkillLevels.Count == 0 || random.NextDouble() < 0.5))
            {
                AddQualification(persona.DesiredQualifications[random.Next(persona.DesiredQualifications.Count)]);
                return;
            }

            var requirement = persona.DesiredSkillLevels[random.Next(persona.DesiredSkillLevels.Count)];
            AddLevel(requirement.Framework, requirement.Fields[random.Next(requirement.Fields.Count)], Math.Min(7, requirement.MinimumLevel + random.Next(0, 3)));
        }

        private void AddLevelBelowMinimum(PersonaProfile persona)
        {
            if (persona.DesiredSkillLevels.Count == 0)
            {
                return;
            }

            var requirement = persona.DesiredSkillLevels[random.Next(persona.DesiredSkillLevels.Count)];
            AddLevel(requirement.Framework, requirement.Fields[random.Next(requirement.Fields.Count)], Math.Max(1, requirement.MinimumLevel - random.Next(1, 3)));
        }

        private void AddInsufficientExperience(PersonaProfile persona)
        {
            // Too few years where the standard names a duration; otherwise experience of a kind this persona does not ask for.
            var timed = persona.DesiredExperience.Where(e => e.MinimumYears > 0).ToList();
            if (timed.Count > 0 && random.NextDouble() < 0.5)
            {
                var requirement = timed[random.Next(timed.Count)];
                AddExperience(requirement.Kind, random.Next(0, requirement.MinimumYears));
                return;
            }

            var other = Enum.GetValues<ExperienceKind>().Where(k => persona.DesiredExperience.All(e => e.Kind != k)).ToList();
            if (other.Count > 0)
            {
                AddExperience(other[random.Next(other.Count)], random.Next(1, 10));
            }
        }

        private void AddQualification(Qualification qualification)
        {
            if (!Qualifications.Contains(qualification))
            {
                Qualifications.Add(qualification);
            }
        }

        private void AddLevel(SkillFramework framework, string field, int level)
        {
            if (!SkillLevels.Any(l => l.Framework == framework && l.Field == field))
            {
                SkillLevels.Add(new SkillLevelClaim(framework, field, level));
            }
        }

        private void AddExperience(ExperienceKind kind, int years)
        {
            if (Experiences.All(e => e.Kind != kind))
            {
                var summaries = ExperienceSummaries[kind];
                Experiences.Add(new ExperienceClaim(kind, Math.Clamp(years, 0, ApplicationValidator.MaxYears), summaries[random.Next(summaries.Length)]));
            }
        }
    }

    /// <summary>
    /// A one-page PDF 1.4 with a correct cross-reference table, so that anything downstream that opens the résumé
    /// (not only the API's signature check) can read it. ASCII text only: the standard Type 1 fonts have no kanji.
    /// </summary>
    /// <summary>
    /// Grows a PDF to <paramref name="size"/> bytes with comment lines after its end marker, which readers ignore,
    /// so that uploads weigh what a real résumé does without changing the document.
    /// </summary>
    public static byte[] Padded(byte[] pdf, int size)
    {
        if (pdf.Length >= size)
        {
            return pdf;
        }

        var padded = new byte[size];
        pdf.CopyTo(padded, 0);
        var line = "% padding to the size of a real resume\n"u8;
        for (var at = pdf.Length; at < size; at += line.Length)
        {
            line[..Math.Min(line.Length, size - at)].CopyTo(padded.AsSpan(at));
        }

        padded[^1] = (byte)'\n';
        return padded;
    }

    public static byte[] ResumePdf(int index, string givenRomaji, string familyRomaji)
    {
        string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
        var lines = new[]
        {
            "Shokumu Keirekisho (Curriculum Vitae)",
            $"Applicant No. {index + 1:D4}: {CultureInfo.InvariantCulture.TextInfo.ToTitleCase(familyRomaji)} {CultureInfo.InvariantCulture.TextInfo.ToTitleCase(givenRomaji)}",
            "Synthetic document generated by Workflow.Demo.",
        };
        var text = new StringBuilder("BT /F1 14 Tf 72 770 Td");
        foreach (var line in lines)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({Escape(line)}) Tj 0 -22 Td");
        }

        text.Append(" ET");
        var stream = text.ToString();

        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];

        using var pdf = new MemoryStream();
        void Write(string s)
        {
            var bytes = Encoding.Latin1.GetBytes(s);
            pdf.Write(bytes, 0, bytes.Length);
        }

        // The second line's high bytes tell transfer tools the file is binary, as the PDF specification recommends.
        Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new long[objects.Length];
        for (var i = 0; i < objects.Length; i++)
        {
            offsets[i] = pdf.Position;
            Write($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Position;
        var table = new StringBuilder().Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        Write(table.ToString());
        Write($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }
}
