using Workflow.Domain.Applications;
using Workflow.Domain.Calendar;
using Workflow.Domain.Rounds;
using Workflow.Domain.Screening;
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
    /// 応募受付: the receipt number and what was applied for. The notice as stored and shown on the status page has no
    /// access key; the mail that carries it appends the key (<see cref="WithAccessKey"/>), which is kept only until
    /// that mail has gone.
    /// </summary>
    public static NoticeText Receipt(string roundTitle, string applicationId, IReadOnlyList<Persona> personas, DateTimeOffset submittedAt) => new(
        "応募受付のお知らせ",
        $"「{roundTitle}」への応募を受け付けました。\n" +
        $"受付番号: {applicationId}\n" +
        $"応募した人材像: {string.Join("、", personas.Select(SkillStandardCatalog.DisplayName))}\n" +
        $"受付日時: {JapaneseDates.Deadline(submittedAt)}\n\n" +
        "応募状況の確認と応募の取り下げには、受付番号とアクセスキーが必要です。" +
        "アクセスキーは応募完了画面に表示したもので、このお知らせのメールにも記載しています。" +
        "メールを印刷するか、他の人に見られない場所に保管してください。\n" +
        "アクセスキーをなくした場合は、応募状況の確認ページの「アクセスキーをなくした場合」から、このメールアドレスに新しいアクセスキーを受け取れます（以前のアクセスキーは使えなくなります）。");

    /// <summary>
    /// A notice as mailed with the applicant's access key below its words: the receipt's key, or a reissued one. The
    /// key is only ever in the mail, never in the notice people see on a page.
    /// </summary>
    /// <param name="reissued">True for a key made anew for this mail: the earlier one no longer opens anything.</param>
    public static Notice WithAccessKey(Notice notice, string applicationId, string accessKey, bool reissued) => notice with
    {
        Body = $"{notice.Body}\n\n受付番号: {applicationId}\n{(reissued ? "新しいアクセスキー" : "アクセスキー")}: {accessKey}\n" +
               "応募状況の確認ページで受付番号とこのアクセスキーを入力してください。アクセスキーは他の人に知らせず、このメールを大切に保管してください。",
    };

    /// <summary>The receipt's mail when the key was replaced before it went: the key in it would no longer work.</summary>
    public static Notice WithoutReplacedAccessKey(Notice notice) => notice with
    {
        Body = $"{notice.Body}\n\nこのメールをお送りする前にアクセスキーが再発行されたため、アクセスキーは再発行のメールでご確認ください。",
    };

    /// <summary>
    /// 書類選考: per persona applied for whether its requirements were met and why, and what follows: the panel's review
    /// for those who passed, by the selection deadline; the selection result follows for everyone.
    /// </summary>
    public static NoticeText ScreeningResult(string roundTitle, ApplicationScreening screening, DateTimeOffset selectionDeadline)
    {
        var perPersona = string.Concat(screening.PerPersona.Select(p =>
            $"\n・{SkillStandardCatalog.DisplayName(p.Persona)}：要件を{ScreeningNames.PersonaVerdict(p.Eligible)}" +
            // The first reason is the verdict just written; the others say what was met and what was missing.
            string.Concat(p.Reasons.Skip(1).Select(r => $"\n　{r}"))));
        var next = screening.Eligible
            ? $"要件を満たした人材像について、選定委員会が審査します。選定結果は {JapaneseDates.Deadline(selectionDeadline)} までにお知らせします。"
            : "応募した人材像のいずれも要件を満たしていないため、選定委員会の審査には進みません。選定結果のお知らせは改めてお送りします。";
        return new NoticeText(
            screening.Eligible ? "書類選考の結果のお知らせ（通過）" : "書類選考の結果のお知らせ",
            $"「{roundTitle}」の書類選考（自治体DX外部人材スキル標準に基づく応募要件の確認）の結果をお知らせします。" +
            $"{perPersona}\n\n{next}\n" +
            "この確認は応募フォームでご申告いただいた内容に基づくものです。申告内容に誤りがある場合は、事務局にお問い合わせください。");
    }

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

    /// <summary>To the person: a municipality asks to appoint them, on these terms, and by when to answer.</summary>
    /// <param name="shares">For a shared (広域) appointment, who shares it and how much: the person agrees to serve them all as one job.</param>
    public static NoticeText AppointmentRequested(string municipalityName, string roleTitle, Appointments.AppointmentTerms? terms, DateTimeOffset answerBy, string appointmentId,
        IReadOnlyList<Appointments.MunicipalityShare>? shares = null) => new(
        "任用の申込みが届きました",
        $"{municipalityName}から「{roleTitle}」としての任用の申込みがありました。（申込番号: {appointmentId}）\n" +
        (shares is null or { Count: 0 } ? string.Empty :
            $"共同で任用する団体と負担割合: {Appointments.AppointmentShares.Text(shares)}\n" +
            "（複数の団体に共同で任用される一つの任用です。勤務日数は、この申込みの週の日数を一度だけ数えます。）\n") +
        (terms is null ? string.Empty :
            $"任用の形態: {Appointments.AppointmentNames.DisplayName(terms.Form)}\n" +
            $"任用の期間: {terms.TermText}\n" +
            $"勤務: 週{terms.DaysPerWeek}日、{Appointments.AppointmentNames.DisplayName(terms.WorkStyle)}\n") +
        $"回答期限: {JapaneseDates.Deadline(answerBy)}\n" +
        "応募状況の確認ページで、この条件で承諾するか辞退するかを選んでください。期限までに回答がない場合、この申込みは期限切れとなります。");

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

    /// <summary>人材リスト掲載: who sees the person now, and that they can change it at any time.</summary>
    public static NoticeText Listed(string roundTitle, ListingTier tier) => new(
        "人材リスト掲載のお知らせ",
        $"「{roundTitle}」の人材リストに掲載されました。" +
        (tier == ListingTier.Public
            ? "システムを利用する自治体が詳しいプロフィールを見ることができ、公開ページには氏名・人材像・都道府県が表示されます。"
            : "システムを利用する自治体が詳しいプロフィールを見ることができます（公開ページには人数のみが表示されます）。") +
        "\n掲載の範囲や、希望する働き方・地域は、応募状況の確認ページからいつでも変更できます。");
}
