using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.Applications;

public class ApplicationValidatorTests
{
    private static readonly Persona[] AllSought = Enum.GetValues<Persona>();

    internal static ApplicationForm ValidForm(params Persona[] personas)
    {
        personas = personas.Length == 0 ? [Persona.Engineer] : personas;
        return new ApplicationForm(
            "山田 太郎",
            "ヤマダ タロウ",
            "taro.yamada@example.co.jp",
            "090-1234-5678",
            "東京都",
            personas,
            personas.SelectMany(p => SkillStandardCatalog.R3Draft.For(p).AllSkills).Select(s => new SelfAssessment(s.Code, 3)).ToList(),
            [Qualification.ITServiceManager],
            [new SkillLevelClaim(SkillFramework.Itss, "ITスペシャリスト", 3)],
            [new ExperienceClaim(ExperienceKind.DigitalToolImplementation, 4, "RPAとローコードツールで庁内業務を自動化した。")],
            ListingTier.Public);
    }

    private static IReadOnlyList<FieldError> Validate(ApplicationForm form, params Persona[] sought) =>
        ApplicationValidator.Validate(form, sought.Length == 0 ? AllSought : sought, SkillStandardCatalog.R3Draft);

    [Fact]
    public void Valid_form_has_no_errors()
    {
        Assert.Empty(Validate(ValidForm()));
        Assert.Empty(Validate(ValidForm(Persona.Producer, Persona.ServiceDesigner)));
    }

    [Fact]
    public void Full_width_email_normalizes_to_the_half_width_address()
    {
        Assert.Equal(
            ApplicationValidator.NormalizeEmail("taro.yamada@example.co.jp"),
            ApplicationValidator.NormalizeEmail("  ｔａｒｏ．ｙａｍａｄａ＠ＥＸＡＭＰＬＥ．ｃｏ．ｊｐ "));
        Assert.Equal("taro@example.jp", ApplicationValidator.NormalizeEmail("Taro@Example.JP"));
        Assert.Empty(Validate(ValidForm() with { Email = "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ" }));
    }

    [Fact]
    public void Normalize_text_applies_nfkc_and_trims()
    {
        Assert.Equal("ヤマダ ABC123", ApplicationValidator.NormalizeText("　ﾔﾏﾀﾞ ＡＢＣ１２３　"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("taro")]
    [InlineData("taro@")]
    [InlineData("@example.jp")]
    [InlineData("taro@example")]
    [InlineData("taro@@example.jp")]
    [InlineData("taro yamada@example.jp")]
    [InlineData("taro..yamada@example.jp")]
    [InlineData("taro@-example.jp")]
    [InlineData("たろう@example.jp")]
    public void Bad_email_is_reported(string email)
    {
        var errors = Validate(ValidForm() with { Email = email });

        var error = Assert.Single(errors);
        Assert.Equal("email", error.Field);
        if (email.Length > 0)
        {
            Assert.Equal("メールアドレスの形式が正しくありません。", error.Message);
        }
    }

    [Theory]
    [InlineData("03-1234-5678")]
    [InlineData("0312345678")]
    [InlineData("09012345678")]
    [InlineData("０９０－１２３４－５６７８")]
    public void Good_phone_passes(string phone)
    {
        Assert.Empty(Validate(ValidForm() with { Phone = phone }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("03-1234-567")]
    [InlineData("090-1234-56789")]
    [InlineData("(03)1234-5678")]
    [InlineData("+81-90-1234-5678")]
    [InlineData("090 1234 5678")]
    public void Bad_phone_is_reported(string phone)
    {
        var error = Assert.Single(Validate(ValidForm() with { Phone = phone }));
        Assert.Equal("phone", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("東京")]
    [InlineData("Tokyo")]
    [InlineData("大阪都")]
    public void Bad_prefecture_is_reported(string prefecture)
    {
        var error = Assert.Single(Validate(ValidForm() with { Prefecture = prefecture }));
        Assert.Equal("prefecture", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_name_is_reported(string name)
    {
        var error = Assert.Single(Validate(ValidForm() with { FullName = name }));
        Assert.Equal("fullName", error.Field);
        Assert.Equal("氏名を入力してください。", error.Message);
    }

    [Fact]
    public void Name_length_is_counted_in_characters()
    {
        Assert.Empty(Validate(ValidForm() with { FullName = string.Concat(Enumerable.Repeat("𠮷", 100)) }));
        Assert.Equal("fullName", Assert.Single(Validate(ValidForm() with { FullName = new string('あ', 101) })).Field);
    }

    [Fact]
    public void Kana_is_optional_but_must_be_kana()
    {
        Assert.Empty(Validate(ValidForm() with { FullNameKana = null }));
        Assert.Empty(Validate(ValidForm() with { FullNameKana = "ﾔﾏﾀﾞ ﾀﾛｳ" }));
        Assert.Empty(Validate(ValidForm() with { FullNameKana = "やまだ　たろう" }));
        Assert.Equal("fullNameKana", Assert.Single(Validate(ValidForm() with { FullNameKana = "山田太郎" })).Field);
    }

    [Fact]
    public void No_persona_is_reported()
    {
        var form = ValidForm() with { Personas = [], SelfAssessments = [] };

        var error = Assert.Single(Validate(form));
        Assert.Equal("personas", error.Field);
    }

    [Fact]
    public void Persona_not_sought_by_the_round_is_reported()
    {
        var errors = Validate(ValidForm(Persona.Engineer, Persona.Producer), Persona.Engineer);

        var error = Assert.Single(errors);
        Assert.Equal("personas[1]", error.Field);
        Assert.Contains("プロデューサー（CIO補佐官等）", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_persona_is_reported()
    {
        var form = ValidForm() with { Personas = [Persona.Engineer, Persona.Engineer] };

        Assert.Equal("personas[1]", Assert.Single(Validate(form)).Field);
    }

    [Fact]
    public void Missing_self_assessment_names_the_skill()
    {
        var form = ValidForm();
        form = form with { SelfAssessments = form.SelfAssessments.Where(a => a.SkillCode != "engineer.digital-tool-implementation").ToList() };

        var error = Assert.Single(Validate(form));
        Assert.Equal("selfAssessments", error.Field);
        Assert.Contains("デジタルツール実装", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Self_assessment_level_outside_1_to_4_is_reported(int level)
    {
        var form = ValidForm();
        var assessments = form.SelfAssessments.ToList();
        assessments[1] = assessments[1] with { Level = level };

        Assert.Equal("selfAssessments[1].level", Assert.Single(Validate(form with { SelfAssessments = assessments })).Field);
    }

    [Fact]
    public void Self_assessment_for_unknown_or_unchosen_skill_is_reported()
    {
        var form = ValidForm();
        var assessments = form.SelfAssessments.Append(new SelfAssessment("engineer.cooking", 2)).Append(new SelfAssessment("producer.leadership", 2)).ToList();

        var errors = Validate(form with { SelfAssessments = assessments });

        Assert.Equal([$"selfAssessments[{assessments.Count - 2}].skillCode", $"selfAssessments[{assessments.Count - 1}].skillCode"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Duplicate_self_assessment_is_reported()
    {
        var form = ValidForm();
        var assessments = form.SelfAssessments.Append(form.SelfAssessments[0]).ToList();

        Assert.Equal($"selfAssessments[{assessments.Count - 1}].skillCode", Assert.Single(Validate(form with { SelfAssessments = assessments })).Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void Skill_level_outside_1_to_7_is_reported(int level)
    {
        var form = ValidForm() with { SkillLevels = [new SkillLevelClaim(SkillFramework.Itss, "ITスペシャリスト", level)] };

        Assert.Equal("skillLevels[0].level", Assert.Single(Validate(form)).Field);
    }

    [Fact]
    public void Duplicate_skill_level_field_is_reported_per_framework()
    {
        var form = ValidForm() with
        {
            SkillLevels =
            [
                new SkillLevelClaim(SkillFramework.Itss, "ITスペシャリスト", 3),
                new SkillLevelClaim(SkillFramework.Uiss, "ITスペシャリスト", 3),
                new SkillLevelClaim(SkillFramework.Itss, "ＩＴスペシャリスト", 4),
            ],
        };

        Assert.Equal("skillLevels[2].field", Assert.Single(Validate(form)).Field);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public void Years_outside_0_to_60_are_reported(int years)
    {
        var form = ValidForm() with { Experiences = [new ExperienceClaim(ExperienceKind.LocalGovernment, years, "")] };

        Assert.Equal("experiences[0].years", Assert.Single(Validate(form)).Field);
    }

    [Fact]
    public void Summary_longer_than_1000_is_reported()
    {
        Assert.Empty(Validate(ValidForm() with { Experiences = [new ExperienceClaim(ExperienceKind.LocalGovernment, 1, new string('あ', 1000))] }));

        var form = ValidForm() with { Experiences = [new ExperienceClaim(ExperienceKind.LocalGovernment, 1, new string('あ', 1001))] };
        Assert.Equal("experiences[0].summary", Assert.Single(Validate(form)).Field);
    }

    [Fact]
    public void Duplicate_qualification_and_experience_are_reported()
    {
        var form = ValidForm() with
        {
            Qualifications = [Qualification.Pmp, Qualification.Pmp],
            Experiences = [new ExperienceClaim(ExperienceKind.LocalGovernment, 1, ""), new ExperienceClaim(ExperienceKind.LocalGovernment, 2, "")],
        };

        Assert.Equal(["qualifications[1]", "experiences[1].kind"], Validate(form).Select(e => e.Field));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_japanese()
    {
        var form = ValidForm() with { FullName = "", Email = "x", Phone = "1", Prefecture = "", Personas = [] };

        var errors = Validate(form);

        Assert.Equal(["fullName", "email", "phone", "prefecture", "personas"], errors.Select(e => e.Field).Take(5));
        Assert.All(errors, e => Assert.EndsWith("。", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Self_assessment_scale_names()
    {
        Assert.Equal(["知識がある", "支援を受けて実施できる", "独力で実施できる", "指導できる"], Enumerable.Range(1, 4).Select(SelfAssessmentScale.DisplayName));
    }
}
