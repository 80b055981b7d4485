using Workflow.Domain.Applications;

namespace Workflow.Domain.Appointments;

public enum ContactStatus { Requested, Accepted, Declined, Withdrawn }

/// <summary>
/// A municipality's request to contact a listed person before asking to appoint them (連絡の申出). The person's
/// contact details and résumé open to that municipality only once the person accepts; a municipality has one request
/// to a person at a time, and the person answers it once. Until the person answers, the municipality may withdraw the
/// request; whichever of the two is recorded first stands. A withdrawn request may be made again, up to
/// <see cref="MaxAsks"/> times in all, so that a mistake can be put right without a person being asked over and over.
/// </summary>
/// <param name="Asked">Which asking this is, from 1: each has its own notices, so the person is told of each.</param>
public sealed record ContactRequest(
    string CandidateId,
    string MunicipalityCode,
    string MunicipalityName,
    string Message,
    ContactStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? WithdrawnAt = null,
    int Asked = 1)
{
    public const int MaxMessageLength = 400;

    /// <summary>How many times in all one municipality may ask one person: the first request and two after withdrawals.</summary>
    public const int MaxAsks = 3;

    /// <summary>Whether the municipality may ask again now: it withdrew the request, and has not asked as often as it may.</summary>
    public bool MayAskAgain => Status == ContactStatus.Withdrawn && Asked < MaxAsks;

    /// <summary>
    /// Null when the municipality may ask again; otherwise why not, in Japanese. A request still open or answered is not
    /// refused here: asking again then repeats it (the caller answers with it as stored).
    /// </summary>
    public string? RefuseAskingAgain() => Status == ContactStatus.Withdrawn && !MayAskAgain
        ? $"同じ方への連絡の申出は{MaxAsks}回までです。取り下げた申出を改めて出すことはできません。"
        : null;

    /// <summary>The request made again after a withdrawal, with its new message; anything else stays as it is.</summary>
    public ContactRequest AskAgain(string message, DateTimeOffset at) => !MayAskAgain ? this
        : this with { Message = message, Status = ContactStatus.Requested, RequestedAt = at, AnsweredAt = null, WithdrawnAt = null, Asked = Asked + 1 };

    /// <summary>What the municipality sees of the person beyond the profile: contact details and the résumé.</summary>
    public bool OpensContactDetails => Status == ContactStatus.Accepted;

    public static IReadOnlyList<FieldError> ValidateMessage(string? message)
    {
        var text = message?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return [new FieldError("message", "ご相談したい内容（業務の概要や期間など）を入力してください。")];
        }

        return text.Length > MaxMessageLength ? [new FieldError("message", $"ご相談したい内容は{MaxMessageLength}文字以内で入力してください。")] : [];
    }

    /// <summary>
    /// Null when <paramref name="accept"/> may be recorded now or repeats the answer already recorded (see
    /// <see cref="IsRepeat"/>); otherwise the reason, in Japanese, that the other answer stands.
    /// </summary>
    public string? RefuseAnswer(bool accept) => Status switch
    {
        ContactStatus.Requested => null,
        ContactStatus.Withdrawn => $"この申出は、{MunicipalityName}が取り下げました。回答の必要はありません。",
        _ when IsRepeat(accept) => null,
        _ => $"この申出には、すでに「{ContactNames.DisplayName(Status)}」と回答しています。",
    };

    public bool IsRepeat(bool accept) => Status == (accept ? ContactStatus.Accepted : ContactStatus.Declined);

    public ContactRequest Answer(bool accept, DateTimeOffset at) =>
        Status != ContactStatus.Requested ? this : this with { Status = accept ? ContactStatus.Accepted : ContactStatus.Declined, AnsweredAt = at };

    /// <summary>
    /// Null when the municipality may withdraw now, or has already (a repeat); otherwise why not, in Japanese: the
    /// person has answered, and an accepted contact is the person's to end (by leaving the roster).
    /// </summary>
    public string? RefuseWithdrawal() => Status is ContactStatus.Requested or ContactStatus.Withdrawn ? null
        : $"{ContactNames.DisplayName(Status)}の回答が{(AnsweredAt is { } at ? $"{at.ToOffset(TimeSpan.FromHours(9)):M月d日}に" : string.Empty)}届いているため、取り下げられません。";

    public ContactRequest Withdraw(DateTimeOffset at) =>
        Status != ContactStatus.Requested ? this : this with { Status = ContactStatus.Withdrawn, WithdrawnAt = at };
}

public static class ContactNames
{
    public static string DisplayName(ContactStatus status) => status switch
    {
        ContactStatus.Requested => "回答待ち",
        ContactStatus.Accepted => "承諾",
        ContactStatus.Declined => "辞退",
        ContactStatus.Withdrawn => "取り下げ",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown contact status."),
    };
}
