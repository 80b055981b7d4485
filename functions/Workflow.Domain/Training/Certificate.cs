using System.Text;
using Workflow.Domain.Calendar;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Training;

/// <summary>A session of the training the holder attended, as the schedule set it.</summary>
public sealed record AttendedSession(int Number, string Module, DateTimeOffset At);

/// <summary>
/// What a 修了証 certifies: who, in which round, as which personas, the sessions attended out of how many, and when it
/// was issued. These fields are signed; the document and the verification page are both drawn from them.
/// </summary>
public sealed record CertificateFacts(
    string CertificateId,
    string ApplicationId,
    string RoundId,
    string RoundTitle,
    string HolderName,
    IReadOnlyList<Persona> Personas,
    IReadOnlyList<AttendedSession> Sessions,
    int SessionCount,
    DateTimeOffset IssuedAt)
{
    /// <summary>The version of <see cref="CanonicalBytes"/>: a later layout gets a new one and old signatures still verify.</summary>
    public const string Format = "修了証/1";

    /// <summary>
    /// The bytes that are signed: every field in a fixed order, each as its UTF-8 length, a colon, the UTF-8 bytes and a
    /// line feed (times as UTC ticks). The same facts always give the same bytes whatever library reads or writes them
    /// (no serializer's escaping policy is involved), and no value can run into the next.
    /// </summary>
    public byte[] CanonicalBytes()
    {
        var fields = new List<string>
        {
            Format,
            CertificateId,
            ApplicationId,
            RoundId,
            RoundTitle,
            HolderName,
            string.Join(',', Personas.Select(p => p.ToString())),
            SessionCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            IssuedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        fields.AddRange(Sessions.OrderBy(s => s.Number).Select(s =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Number}|{s.Module}|{s.At.UtcTicks}")));
        return Signing.CanonicalFields.Encode(fields);
    }
}

/// <summary>How a certificate stands against its record and signature, as the public verification page says it.</summary>
public enum CertificateStanding
{
    /// <summary>The record is there and its signature verifies.</summary>
    Valid,

    /// <summary>The record no longer matches its signature: it was changed after issue.</summary>
    Altered,

    /// <summary>The holder's data was erased: the number stays known, the certificate no longer stands.</summary>
    Revoked,

    /// <summary>Issued before certificates were signed: the record exists, nothing proves its fields.</summary>
    Unsigned,
}

/// <summary>The Japanese words of a 修了証 and of its verification, in one place for the PDF, the page and the API.</summary>
public static class CertificateText
{
    public const string Title = "修了証";

    public const string Issuer = "総務省 自治体DX外部人材確保支援事業";

    public static string Salutation(string holderName) => $"{holderName} 殿";

    /// <summary>The sentence that certifies, with the real number of sessions.</summary>
    public static string Body(CertificateFacts facts) =>
        $"あなたは「{facts.RoundTitle}」の民間人材向け研修（全{facts.SessionCount}回）の全課程を修了したことを証します。";

    public static string Personas(CertificateFacts facts) =>
        "人材像: " + string.Join("、", facts.Personas.Select(SkillStandardCatalog.DisplayName));

    /// <summary>第1回 令和8年12月1日(火) 10:00 自治体の組織と業務</summary>
    public static string Session(AttendedSession session) =>
        $"第{session.Number}回　{JapaneseDates.EraDate(session.At)} {JapaneseDates.InJapan(session.At):HH:mm}　{session.Module}";

    public static string IssuedOn(CertificateFacts facts) => $"交付日: {JapaneseDates.EraDate(facts.IssuedAt)}";

    public static string Number(CertificateFacts facts) => $"修了証番号: {facts.CertificateId}";

    public const string VerifyHint = "この修了証の真正性は、QRコードまたは次のURLから確認できます。";

    public static string Standing(CertificateStanding standing) => standing switch
    {
        CertificateStanding.Valid => "有効な修了証です。署名と交付記録が一致しています。",
        CertificateStanding.Altered => "この修了証の交付記録は署名と一致しません。記録が書き換えられたおそれがあります。事務局にお問い合わせください。",
        CertificateStanding.Revoked => "この修了証は失効しています（本人の申出等により記録が削除されました）。",
        CertificateStanding.Unsigned => "署名導入前に交付された修了証です。交付記録はありますが、署名による確認はできません。",
        _ => throw new ArgumentOutOfRangeException(nameof(standing), standing, "Unknown standing."),
    };

    /// <summary>What the page says when the QR code's signature is not the one on record.</summary>
    public const string PaperMismatch = "お手元の修了証のQRコードは、この番号の交付記録の署名と一致しません。記載内容を交付記録と照らし合わせてください。";

    /// <summary>
    /// The holder's name as the public page shows it: the first character of each part, the rest hidden, so that a
    /// reader can tell whether the paper in front of them names the same person without the page naming anyone.
    /// </summary>
    public static string MaskedName(string fullName)
    {
        var parts = fullName.Split([' ', '　'], StringSplitOptions.RemoveEmptyEntries);
        return string.Join("　", parts.Select(part =>
        {
            var letters = part.EnumerateRunes().ToList();
            return letters.Count <= 1 ? "＊" : letters[0] + new string('＊', letters.Count - 1);
        }));
    }
}
