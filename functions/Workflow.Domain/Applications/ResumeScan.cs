namespace Workflow.Domain.Applications;

/// <summary>What the storage's malware scanner said of an uploaded résumé.</summary>
public enum ResumeVerdict
{
    /// <summary>Scanned, nothing found.</summary>
    Clean,

    /// <summary>No verdict yet: scanning on upload takes from seconds to minutes.</summary>
    Pending,

    /// <summary>Malicious content was found.</summary>
    Malicious,

    /// <summary>The scanner could not scan it (an error, an encrypted or unsupported file, the monthly cap reached).</summary>
    Unscanned,
}

/// <summary>
/// Microsoft Defender for Storage writes its verdict on each uploaded blob as the index tag
/// <see cref="TagName"/> (ADR 0019). A résumé is served when the verdict allows it: one found malicious never; one
/// without a clean verdict only where no scanner runs (locally), because in Azure every upload is scanned.
/// </summary>
public static class ResumeScan
{
    public const string TagName = "Malware Scanning scan result";
    public const string CleanValue = "No threats found";
    public const string MaliciousValue = "Malicious";

    public static ResumeVerdict VerdictOf(string? tagValue) => tagValue switch
    {
        null or "" => ResumeVerdict.Pending,
        CleanValue => ResumeVerdict.Clean,
        MaliciousValue => ResumeVerdict.Malicious,
        // "Not scanned" and the scanner's error messages ("SAM259201: Scan failed - …").
        _ => ResumeVerdict.Unscanned,
    };

    /// <summary>Whether a résumé with this verdict may be opened; <paramref name="verdictRequired"/> where every upload is scanned.</summary>
    public static bool MayOpen(ResumeVerdict verdict, bool verdictRequired) => verdict switch
    {
        ResumeVerdict.Clean => true,
        ResumeVerdict.Malicious => false,
        _ => !verdictRequired,
    };

    /// <summary>Why a résumé cannot be opened, for the reviewer or municipality who asked, in Japanese.</summary>
    public static (string Title, string Detail) Refusal(ResumeVerdict verdict) => verdict switch
    {
        ResumeVerdict.Pending => ("職務経歴書のウイルス検査が終わっていません。",
            "提出された書類は、開く前にウイルス検査を受けます。1分ほどしてから、もう一度開いてください。"),
        ResumeVerdict.Malicious => ("この職務経歴書は開けません。",
            "ウイルス検査で不正なプログラムが見つかりました。受託事業者から応募者に、応募状況の確認ページで書類を差し替えるよう依頼してください。"),
        _ => ("この職務経歴書は開けません。",
            "ウイルス検査を完了できなかったため、安全を確認できません。受託事業者から応募者に、応募状況の確認ページで書類を差し替えるよう依頼してください。"),
    };

    /// <summary>
    /// Whether the applicant is asked for another file: the scanner's verdict keeps this one closed for good (found
    /// malicious, or not scannable where a verdict is required). One still waiting for its verdict is not.
    /// </summary>
    public static bool NeedsReplacing(ResumeVerdict verdict, bool verdictRequired) =>
        verdict != ResumeVerdict.Pending && !MayOpen(verdict, verdictRequired);

    /// <summary>Null when the applicant may send another résumé now; otherwise why not, in Japanese.</summary>
    public static string? RefuseReplacement(ResumeVerdict verdict, bool verdictRequired) =>
        NeedsReplacing(verdict, verdictRequired) ? null
        : verdict == ResumeVerdict.Pending ? "提出された職務経歴書はウイルス検査中です。検査で問題が見つかったときだけ差し替えられます。"
        : "提出された職務経歴書はウイルス検査で問題が見つからなかったため、差し替えられません。";
}
