using Workflow.Domain.Mail;
using Workflow.Domain.Rounds;
using Workflow.Domain.Screening;
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
        Assert.Contains("このお知らせのメールにも記載しています", text.Body);
        Assert.DoesNotContain("apt.", text.Body);
        Assert.Contains("アクセスキーをなくした場合", text.Body);
    }

    [Fact]
    public void The_mailed_receipt_carries_the_key_below_the_words_and_a_reissue_calls_it_new()
    {
        var notice = new Notice("ApplicationReceived", "応募受付のお知らせ", "受け付けました。", Start);

        var receipt = NoticeTexts.WithAccessKey(notice, "R2026-0001_03_abc", "apt.key", reissued: false);
        var reissue = NoticeTexts.WithAccessKey(notice, "R2026-0001_03_abc", "apt.key", reissued: true);
        var replaced = NoticeTexts.WithoutReplacedAccessKey(notice);

        Assert.StartsWith("受け付けました。\n\n受付番号: R2026-0001_03_abc\nアクセスキー: apt.key\n", receipt.Body);
        Assert.Contains("新しいアクセスキー: apt.key", reissue.Body);
        Assert.Equal((notice.Title, notice.Kind), (receipt.Title, receipt.Kind));
        Assert.DoesNotContain("apt.", replaced.Body);
        Assert.Contains("再発行のメールでご確認ください", replaced.Body);
    }

    [Fact]
    public void The_screening_result_says_per_persona_what_was_met_and_missing_and_what_follows()
    {
        var screening = new ApplicationScreening(true,
        [
            new ScreeningResult(Persona.Producer, true, ["プロデューサーの望ましい要件を満たしています。", "望ましい資格を有しています（ITストラテジスト）。"]),
            new ScreeningResult(Persona.Engineer, false, ["エンジニアの望ましい要件を満たしていません。", "望ましいスキルレベル又は資格が確認できません（…）。"]),
        ]);

        var passed = NoticeTexts.ScreeningResult("令和8年度 公募", screening, Start);
        var failed = NoticeTexts.ScreeningResult("令和8年度 公募", screening with { Eligible = false }, Start);

        Assert.Equal("書類選考の結果のお知らせ（通過）", passed.Title);
        Assert.Contains($"・{SkillStandardCatalog.DisplayName(Persona.Producer)}：要件を満たす\n　望ましい資格を有しています（ITストラテジスト）。", passed.Body);
        Assert.Contains($"・{SkillStandardCatalog.DisplayName(Persona.Engineer)}：要件を満たさない\n　望ましいスキルレベル又は資格が確認できません（…）。", passed.Body);
        Assert.DoesNotContain("望ましい要件を満たしています。", passed.Body);
        Assert.Contains("選定結果は 令和8年（2026年）11月30日(月) 10:00 までにお知らせします", passed.Body);
        Assert.Equal("書類選考の結果のお知らせ", failed.Title);
        Assert.Contains("選定委員会の審査には進みません", failed.Body);
        Assert.DoesNotContain("までにお知らせします", failed.Body);
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

    [Fact]
    public void Reminders_say_when_what_and_what_follows_from_missing_it()
    {
        var session = new TrainingSession(3, 3, Start);
        var training = NoticeTexts.TrainingReminder("令和8年度 公募", session);
        Assert.Equal("研修 第3回のご案内", training.Title);
        Assert.Contains("第3回は、令和8年（2026年）11月30日(月) 10:00 に始まります。", training.Body);
        Assert.Contains("科目: マイナンバー制度と個人情報保護", training.Body);
        Assert.Contains(Curriculum.DeliveryMode, training.Body);
        Assert.Contains("全ての回に出席した方に修了証を交付します。", training.Body);

        var answer = NoticeTexts.AppointmentAnswerReminder("千代田区", "CIO補佐官", Start);
        Assert.Contains("千代田区からの任用の申込み（CIO補佐官）への回答期限は、令和8年（2026年）11月30日(月) 10:00 です。", answer.Body);
        Assert.Contains("期限切れ", answer.Body);

        var deadline = NoticeTexts.DeadlineReminder("令和8年度 公募", "委託の受諾", "受託事業者", Start);
        Assert.Equal("委託の受諾の期限が近づいています（令和8年度 公募）", deadline.Title);
        Assert.Contains("受託事業者の対応はまだ記録されていません。", deadline.Body);
    }

    [Fact]
    public void The_training_result_names_the_certificate_and_where_it_is_or_the_sessions_missing()
    {
        var certified = NoticeTexts.Certified("令和8年度 公募", "C0123456789ABCDE", 6);
        Assert.Equal("研修修了・修了証交付のお知らせ", certified.Title);
        Assert.Contains("研修（全6回）の全課程を修了しました。", certified.Body);
        Assert.Contains("修了証番号: C0123456789ABCDE", certified.Body);
        Assert.Contains("応募状況の確認ページからダウンロード", certified.Body);

        var missed = NoticeTexts.NotCertified("令和8年度 公募", [2, 5]);
        Assert.Equal("研修の受講結果のお知らせ", missed.Title);
        Assert.Contains("出席の記録がない回: 第2・5回", missed.Body);
    }

    [Fact]
    public void An_appointment_request_tells_the_person_the_terms_and_the_deadline()
    {
        var terms = new Workflow.Domain.Appointments.AppointmentTerms(Workflow.Domain.Appointments.AppointmentRole.CioAdvisor, "CIO補佐官",
            Workflow.Domain.Appointments.EmploymentForm.SpecialPartTime, new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31), 2, Workflow.Domain.Appointments.WorkStyle.Remote);

        var text = NoticeTexts.AppointmentRequested("千代田区", "CIO補佐官", terms, Start, "R2026-0001_abc");

        Assert.Equal("任用の申込みが届きました", text.Title);
        Assert.Contains("千代田区から「CIO補佐官」としての任用の申込みがありました。（申込番号: R2026-0001_abc）", text.Body);
        Assert.Contains("任用の形態: 特別職非常勤職員", text.Body);
        Assert.Contains("任用の期間: 令和9年（2027年）4月1日(木)から令和10年（2028年）3月31日(金)まで", text.Body);
        Assert.Contains("勤務: 週2日、リモート", text.Body);
        Assert.Contains("回答期限: 令和8年（2026年）11月30日(月) 10:00", text.Body);
    }
}
