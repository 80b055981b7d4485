using System.Net;
using System.Security.Cryptography;
using System.Text;
using Workflow.Domain.Calendar;

namespace Workflow.Domain.Mail;

/// <summary>A notice as the system keeps it: what a person reads on their page, and what the mail carries.</summary>
public sealed record Notice(string Kind, string Title, string Body, DateTimeOffset CreatedAt);

/// <summary>A mail ready for any transport: both parts carry the same words.</summary>
public sealed record ComposedMail(string Subject, string Text, string Html);

/// <summary>
/// The mail that carries a notice. The notice's own words are the message; around them, whom it is for, when it was
/// issued (in 令和 and the Western year), where to read it again, and that nobody should reply. Nothing about
/// anyone but the recipient: the salutation is the recipient's own name, and the body is the notice written for them.
/// </summary>
public static class NoticeMail
{
    public const string Programme = "自治体DX外部人材確保支援事業";

    /// <param name="salutation">The recipient as addressed: a person's name, a municipality's name, or the ministry's office.</param>
    /// <param name="readAgainUrl">The page where the recipient sees the notice after signing in (or with their receipt number and access key).</param>
    public static ComposedMail Compose(Notice notice, MailRecipient recipient, string salutation, string readAgainUrl)
    {
        var subject = $"【{Programme}】{OneLine(notice.Title)}";
        var addressed = recipient == MailRecipient.Applicant ? $"{salutation} 様" : $"{salutation} ご担当者 様";
        var issued = JapaneseDates.Deadline(notice.CreatedAt);
        var readAgain = recipient == MailRecipient.Applicant
            ? "この通知は、応募状況のページでも確認できます（受付番号とアクセスキーを入力してください）。"
            : "この通知は、サインインしたページの「通知」でも確認できます。";
        var footer = "このメールは送信専用のアドレスから送っています。返信されても回答できません。\n" +
                     $"{Programme} 事務局";

        var text = new StringBuilder()
            .Append(addressed).Append("\n\n")
            .Append(notice.Title).Append("\n\n")
            .Append(notice.Body.Trim()).Append("\n\n")
            .Append("通知日時: ").Append(issued).Append('\n')
            .Append(readAgain).Append('\n')
            .Append(readAgainUrl).Append("\n\n")
            .Append("――――――――――――――――\n")
            .Append(footer).Append('\n')
            .ToString();

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>").Append(Encode(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:sans-serif;line-height:1.7;color:#1a1a1a\">")
            .Append("<p>").Append(Encode(addressed)).Append("</p>")
            .Append("<h1 style=\"font-size:1.2em\">").Append(Encode(notice.Title)).Append("</h1>")
            .Append("<p>").Append(Paragraph(notice.Body.Trim())).Append("</p>")
            .Append("<p>通知日時: ").Append(Encode(issued)).Append("<br>")
            .Append(Encode(readAgain)).Append("<br>")
            .Append("<a href=\"").Append(Encode(readAgainUrl)).Append("\">").Append(Encode(readAgainUrl)).Append("</a></p>")
            .Append("<hr><p style=\"font-size:0.9em;color:#555\">").Append(Paragraph(footer)).Append("</p>")
            .Append("</body></html>")
            .ToString();
        return new ComposedMail(subject, text, html);
    }

    /// <summary>
    /// The id of the mail that carries one notice to its recipient: the same whenever it is computed, so that a notice
    /// written twice is queued once, and a mail sent again after a crash carries the Message-ID of the first.
    /// </summary>
    public static string MessageIdOf(string noticePartition, string noticeKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{noticePartition}\n{noticeKey}")))[..32];

    private static string OneLine(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Paragraph(string value) => Encode(value).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);
}
