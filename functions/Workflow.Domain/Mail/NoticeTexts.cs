using Workflow.Domain.Calendar;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;

namespace Workflow.Domain.Mail;

/// <summary>A notice's words: its title and its body, as the person's page shows them and the mail carries them.</summary>
public sealed record NoticeText(string Title, string Body);

/// <summary>
/// The words of notices whose content is more than a sentence: the receipt of an application and the selection with
/// the training's schedule. Dates are written as deadlines are (令和 beside the Western year, Japan time).
/// </summary>
public static class NoticeTexts
{
    /// <summary>
    /// 応募受付: the receipt number and what was applied for. The access key is not in it: it is kept only as a hash, so
    /// the notice says where it was shown and how to get a new one by mail.
    /// </summary>
    public static NoticeText Receipt(string roundTitle, string applicationId, IReadOnlyList<Persona> personas, DateTimeOffset submittedAt) => new(
        "応募受付のお知らせ",
        $"「{roundTitle}」への応募を受け付けました。\n" +
        $"受付番号: {applicationId}\n" +
        $"応募した人材像: {string.Join("、", personas.Select(SkillStandardCatalog.DisplayName))}\n" +
        $"受付日時: {JapaneseDates.Deadline(submittedAt)}\n\n" +
        "応募状況の確認と応募の取り下げには、受付番号とアクセスキーが必要です。" +
        "アクセスキーは応募完了画面に一度だけ表示したもので、安全のためこのメールには記載していません。" +
        "印刷するか、パスワード管理ツールなど他の人に見られない場所に保管してください。\n" +
        "アクセスキーをなくした場合は、応募状況の確認ページの「アクセスキーをなくした場合」から、このメールアドレスに新しいアクセスキーを受け取れます（以前のアクセスキーは使えなくなります）。");

    /// <summary>選定: the outcome per persona and the training's sessions, each with its date, time and module.</summary>
    public static NoticeText Selected(string reason, string perPersona, IReadOnlyList<TrainingSession> sessions)
    {
        var schedule = string.Concat(sessions.OrderBy(s => s.Number).Select(s =>
            $"\n第{s.Number}回　{JapaneseDates.Deadline(s.StartsAt)}　{Curriculum.Modules.First(m => m.Number == s.Module).Title}"));
        return new NoticeText(
            "選定結果のお知らせ（選定）",
            $"{reason}{perPersona}\n\n" +
            $"研修（全{sessions.Count}回、{Curriculum.DeliveryMode}、{Curriculum.Fee}）の日程は次のとおりです。" +
            $"全ての回に出席した方に{Curriculum.CertificateName}を交付します。各回の前日にもご案内をお送りします。{schedule}");
    }

    /// <summary>Not selected: the reason, and per persona applied for whether and why.</summary>
    public static NoticeText NotSelected(string reason, string perPersona) =>
        new("選定結果のお知らせ", $"今回は選定に至りませんでした。理由: {reason}{perPersona}");

    /// <summary>The day before a training session: when, what, how, and that missing it costs the 修了証.</summary>
    public static NoticeText TrainingReminder(string roundTitle, TrainingSession session) => new(
        $"研修 第{session.Number}回のご案内",
        $"「{roundTitle}」の研修 第{session.Number}回は、{JapaneseDates.Deadline(session.StartsAt)} に始まります。\n" +
        $"科目: {Curriculum.Modules.First(m => m.Number == session.Module).Title}\n" +
        $"実施方法: {Curriculum.DeliveryMode}\n\n" +
        $"全ての回に出席した方に{Curriculum.CertificateName}を交付します。欠席する場合は、事務局にご連絡ください。");

    /// <summary>A person has not yet answered a municipality's request to appoint them, and its deadline is near.</summary>
    public static NoticeText AppointmentAnswerReminder(string municipalityName, string roleTitle, DateTimeOffset answerBy) => new(
        "任用の申込みへの回答期限が近づいています",
        $"{municipalityName}からの任用の申込み（{roleTitle}）への回答期限は、{JapaneseDates.Deadline(answerBy)} です。\n" +
        "応募状況の確認ページで、承諾するか辞退するかを選んでください。期限までに回答がない場合、この申込みは期限切れとなります。");

    /// <summary>To the ministry: a step of a round waits on someone and its deadline is near.</summary>
    /// <param name="what">The step's act, e.g. 委託の受諾.</param>
    /// <param name="who">Whose act it is, e.g. 受託事業者.</param>
    public static NoticeText DeadlineReminder(string roundTitle, string what, string who, DateTimeOffset deadline) => new(
        $"{what}の期限が近づいています（{roundTitle}）",
        $"「{roundTitle}」の{what}の期限は、{JapaneseDates.Deadline(deadline)} です。{who}の対応はまだ記録されていません。\n" +
        "対応待ちの一覧で状況を確認し、必要に応じて連絡してください。");

    /// <summary>To the municipality that asked: the person has not answered yet, and the request lapses at its deadline.</summary>
    public static NoticeText PendingRequestReminder(string candidateId, string roleTitle, DateTimeOffset answerBy) => new(
        "任用の申込みへの回答をお待ちしています",
        $"受付番号 {candidateId} の方への任用の申込み（{roleTitle}）には、まだ回答がありません。回答期限は {JapaneseDates.Deadline(answerBy)} です。\n" +
        "期限までに回答がない場合、この申込みは期限切れとなります。人材リストから他の方に申し込むこともできます。");

    /// <summary>研修修了: the certificate's number, where to get the PDF and how others check it.</summary>
    public static NoticeText Certified(string roundTitle, string certificateId, int sessionCount) => new(
        "研修修了・修了証交付のお知らせ",
        $"「{roundTitle}」の研修（全{sessionCount}回）の全課程を修了しました。{Curriculum.CertificateName}を交付します。\n" +
        $"修了証番号: {certificateId}\n\n" +
        "修了証（PDF）は、応募状況の確認ページからダウンロードできます。修了証のQRコードまたは修了証番号から、" +
        "どなたでも修了証が本物かどうかを確認できます（氏名は一部を伏せて表示されます）。");

    /// <summary>Not completed: which sessions have no attendance on record.</summary>
    public static NoticeText NotCertified(string roundTitle, IReadOnlyList<int> missingSessions) => new(
        "研修の受講結果のお知らせ",
        $"「{roundTitle}」の研修は、全ての回に出席した記録がないため、修了となりませんでした。" +
        (missingSessions.Count == 0 ? string.Empty : $"\n出席の記録がない回: 第{string.Join("・", missingSessions)}回") +
        "\n出席の記録に誤りがある場合は、事務局にお問い合わせください。");
}
