using Workflow.Domain.Mail;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;

namespace Workflow.Domain.Tests.Mail;

public sealed class NoticeTextsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_receipt_names_the_number_the_round_and_the_personas_and_says_how_to_keep_and_replace_the_key()
    {
        var text = NoticeTexts.Receipt("令和8年度 公募", "R2026-0001_03_abc", [Persona.Producer, Persona.Engineer], Start);

        Assert.Equal("応募受付のお知らせ", text.Title);
        Assert.Contains("「令和8年度 公募」への応募を受け付けました。", text.Body);
        Assert.Contains("受付番号: R2026-0001_03_abc", text.Body);
        Assert.Contains($"応募した人材像: {SkillStandardCatalog.DisplayName(Persona.Producer)}、{SkillStandardCatalog.DisplayName(Persona.Engineer)}", text.Body);
        Assert.Contains("受付日時: 令和8年（2026年）11月30日(月) 10:00", text.Body);
        Assert.Contains("このメールには記載していません", text.Body);
        Assert.Contains("アクセスキーをなくした場合", text.Body);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void The_selected_learn_every_session_with_its_date_time_and_module_and_the_real_count(int count)
    {
        var modules = Curriculum.DefaultModuleOfSession(count);
        var sessions = modules.Select((m, i) => new TrainingSession(i + 1, m, Start.AddDays(i * 7))).Reverse().ToList();

        var text = NoticeTexts.Selected("選定しました。", "\n・エンジニア：選定（要件を満たす）", sessions);

        Assert.Equal("選定結果のお知らせ（選定）", text.Title);
        Assert.Contains($"研修（全{count}回、", text.Body);
        Assert.DoesNotContain("〜", text.Body);
        var lines = text.Body.Split('\n').Where(l => l.StartsWith('第')).ToList();
        Assert.Equal(count, lines.Count);
        Assert.Equal("第1回　令和8年（2026年）11月30日(月) 10:00　自治体の組織と業務", lines[0]);
        Assert.Equal($"第{count}回", lines[^1].Split('　')[0]);
        Assert.Contains("・エンジニア：選定（要件を満たす）", text.Body);
    }
}
