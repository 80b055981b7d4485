using Workflow.Domain.Mail;

namespace Workflow.Domain.Tests.Mail;

public sealed class NoticeMailTests
{
    // 2027-03-05 09:30 in Japan.
    private static readonly DateTimeOffset Issued = new(2027, 3, 5, 0, 30, 0, TimeSpan.Zero);

    private static readonly Notice Outcome = new("SelectionOutcome", "選定結果のお知らせ（選定）",
        "選定委員会の採点により選定されました。\n・プロデューサー：選定（評価が高いため）", Issued);

    [Fact]
    public void The_applicants_mail_carries_the_notice_the_date_in_reiwa_and_western_years_and_where_to_read_it_again_in_both_parts()
    {
        var mail = NoticeMail.Compose(Outcome, MailRecipient.Applicant, "山田 太郎", "https://example.jp/applications/status");

        Assert.Equal("【自治体DX外部人材確保支援事業】選定結果のお知らせ（選定）", mail.Subject);
        foreach (var part in new[] { mail.Text, mail.Html })
        {
            Assert.Contains("山田 太郎 様", part);
            Assert.Contains("選定結果のお知らせ（選定）", part);
            Assert.Contains("選定委員会の採点により選定されました。", part);
            Assert.Contains("プロデューサー：選定（評価が高いため）", part);
            Assert.Contains("令和9年（2027年）3月5日(金) 09:30", part);
            Assert.Contains("https://example.jp/applications/status", part);
            Assert.Contains("受付番号とアクセスキー", part);
            Assert.Contains("返信されても回答できません", part);
        }

        Assert.StartsWith("山田 太郎 様\n", mail.Text);
        Assert.Contains("<br>・プロデューサー", mail.Html);
    }

    [Fact]
    public void A_municipality_is_addressed_by_its_office_and_told_to_sign_in()
    {
        var notice = new Notice("RosterPublished", "外部人材名簿の掲載", "名簿を掲載しました。", Issued);

        var mail = NoticeMail.Compose(notice, MailRecipient.Municipality, "千代田区", "https://example.jp/municipality");

        Assert.StartsWith("千代田区 ご担当者 様", mail.Text);
        Assert.Contains("サインインしたページ", mail.Text);
        Assert.DoesNotContain("アクセスキー", mail.Text);
    }

    [Fact]
    public void Markup_in_a_notice_or_a_name_is_text_in_the_html_part()
    {
        var notice = new Notice("X", "<b>件名</b>", "理由: <script>alert(1)</script> & その他", Issued);

        var mail = NoticeMail.Compose(notice, MailRecipient.Applicant, "<img src=x>", "https://example.jp/a?b=1&c=2");

        Assert.DoesNotContain("<script>", mail.Html);
        Assert.DoesNotContain("<img", mail.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; その他", mail.Html);
        Assert.Contains("href=\"https://example.jp/a?b=1&amp;c=2\"", mail.Html);
        Assert.Contains("<script>alert(1)</script>", mail.Text);
    }

    [Fact]
    public void A_title_with_a_line_break_makes_a_one_line_subject()
    {
        var mail = NoticeMail.Compose(Outcome with { Title = "一行目\r\n二行目" }, MailRecipient.Applicant, "A", "https://example.jp/");

        Assert.Equal("【自治体DX外部人材確保支援事業】一行目 二行目", mail.Subject);
    }

    [Fact]
    public void The_message_id_of_a_notice_is_the_same_whenever_computed_and_differs_between_notices()
    {
        var id = NoticeMail.MessageIdOf("applicant_R2027-00000001_03", "R2027-00000001-03-0001_SelectionOutcome");

        Assert.Equal(id, NoticeMail.MessageIdOf("applicant_R2027-00000001_03", "R2027-00000001-03-0001_SelectionOutcome"));
        Assert.NotEqual(id, NoticeMail.MessageIdOf("applicant_R2027-00000001_03", "R2027-00000001-03-0001_Certified"));
        Assert.NotEqual(id, NoticeMail.MessageIdOf("applicant_R2027-00000001_0", "3R2027-00000001-03-0001_SelectionOutcome"));
        Assert.Matches("^[0-9a-f]{32}$", id);
    }
}
