namespace Workflow.Domain.Mail;

/// <summary>Who a notice is addressed to; the address itself is looked up when the mail is sent, never copied.</summary>
public enum MailRecipient { Applicant, Municipality, Ministry }

/// <summary>Where one message stands between the outbox and the recipient's mail server.</summary>
public enum DeliveryState
{
    /// <summary>Written to the outbox, not tried yet.</summary>
    Queued,

    /// <summary>Tried and refused or unreachable; tried again at <see cref="DeliveryStatus.NextAttemptAt"/>.</summary>
    Failed,

    /// <summary>Accepted by the mail server.</summary>
    Sent,

    /// <summary>Given up after <see cref="DeliveryPolicy.MaxAttempts"/> attempts: someone must look at it.</summary>
    Dead,

    /// <summary>Not sent, on purpose: the recipient has no address on file, or their data was erased.</summary>
    Cancelled,
}

/// <summary>One message's delivery as the operator and the ministry see it. No address: only whom it is for.</summary>
/// <param name="RecipientCode">For a municipality, its 団体コード (public, unlike a person's address); otherwise none.</param>
public sealed record DeliveryStatus(
    string MessageId,
    string RoundId,
    string Kind,
    MailRecipient Recipient,
    string? RecipientCode,
    string? SubjectId,
    DeliveryState State,
    int Attempts,
    DateTimeOffset QueuedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? FinishedAt,
    string? LastError);

/// <summary>
/// How often and how long a message is tried: at once, then after 30 s, 1, 2, 4, 8 minutes (each doubled, at most an
/// hour), and given up after the sixth attempt. A mail server that is down for a few minutes costs nothing; one that
/// refuses a message for a quarter of an hour makes it dead, and the operator sees it.
/// </summary>
public static partial class DeliveryPolicy
{
    public const int MaxAttempts = 6;

    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>
    /// How long one attempt may hold a message before another dispatcher may take it over: longer than the transports'
    /// own timeout (<see cref="SendTimeout"/>), so that a slow attempt is never overtaken, and short, so that a mail
    /// whose host died mid-attempt goes out again within half a minute.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>How long a transport may take to hand over one mail before the attempt counts as failed.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(20);

    /// <summary>After failed attempt <paramref name="attempts"/> (1-based): when to try again, or null to give up.</summary>
    /// <summary>
    /// What a failed attempt records and shows the operator, the ministry and the auditor: the error's type and the
    /// mail server's words with every address taken out (a refusal quotes the recipient's, and delivery records hold
    /// ids and kinds only, ADR 0013), at most 300 characters.
    /// </summary>
    public static string DescribeFailure(string errorType, string message)
    {
        var redacted = AddressPattern().Replace(message, "<宛先>").ReplaceLineEndings(" ").Trim();
        var text = $"{errorType}: {redacted}";
        return text.Length <= 300 ? text : text[..300];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[^\s<>""'(),;:]+@[^\s<>""'(),;:]+")]
    private static partial System.Text.RegularExpressions.Regex AddressPattern();

    public static DateTimeOffset? RetryAt(int attempts, DateTimeOffset failedAt)
    {
        if (attempts >= MaxAttempts)
        {
            return null;
        }

        var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(attempts - 1, 20)));
        return failedAt + backoff;
    }

    public static string DisplayName(DeliveryState state) => state switch
    {
        DeliveryState.Queued => "送信待ち",
        DeliveryState.Failed => "再送待ち",
        DeliveryState.Sent => "送信済み",
        DeliveryState.Dead => "送信不能",
        DeliveryState.Cancelled => "送信取りやめ",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static string DisplayName(MailRecipient recipient) => recipient switch
    {
        MailRecipient.Applicant => "応募者",
        MailRecipient.Municipality => "地方公共団体",
        MailRecipient.Ministry => "総務省",
        _ => throw new ArgumentOutOfRangeException(nameof(recipient), recipient, null),
    };
}
