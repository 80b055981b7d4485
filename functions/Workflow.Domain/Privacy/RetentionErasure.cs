using System.Security.Cryptography;
using System.Text;

namespace Workflow.Domain.Privacy;

/// <summary>Where one applicant's erasure after the retention period stands.</summary>
public enum ErasureState
{
    /// <summary>The period is over: the schedule lists the person for the ministry's approval, and nothing is erased yet.</summary>
    Proposed,

    /// <summary>The ministry approved (who, when): the next scheduled run erases.</summary>
    Approved,

    /// <summary>Erased; the case keeps ids and times only.</summary>
    Erased,

    /// <summary>Held by the ministry (a dispute, a disclosure request, an audit): not erased until released.</summary>
    Held,

    /// <summary>The schedule has begun erasing (recorded first, so that a hold cannot land halfway).</summary>
    Erasing,
}

/// <summary>Why the ministry holds one person's records past the retention period: a category, never free text.</summary>
public enum ErasureHoldReason
{
    /// <summary>訴訟・紛争への対応.</summary>
    Dispute,

    /// <summary>情報公開請求・開示請求への対応.</summary>
    DisclosureRequest,

    /// <summary>会計検査・監査への対応.</summary>
    Audit,
}

/// <summary>
/// One applicant's erasure after the retention period (ADR 0004): proposed by the schedule once the period is over,
/// approved by the ministry, then carried out by the schedule. Ids and times only: the case outlives the person.
/// </summary>
public sealed record ErasureCase(
    string RoundId,
    string ApplicationId,
    ErasureState State,
    DateTimeOffset ErasableFrom,
    DateTimeOffset ProposedAt,
    string? ApprovedBy = null,
    DateTimeOffset? ApprovedAt = null,
    DateTimeOffset? ErasedAt = null,
    string? HeldBy = null,
    DateTimeOffset? HeldAt = null,
    ErasureHoldReason? HoldReason = null)
{
    /// <summary>The case approved by <paramref name="by"/>; one already approved, held or erased stays as it is (the first approval stands).</summary>
    public ErasureCase Approve(string by, DateTimeOffset at) => State == ErasureState.Proposed ? this with { State = ErasureState.Approved, ApprovedBy = by, ApprovedAt = at } : this;

    /// <summary>
    /// Only an approved case is erased, and never before its period is over; one the schedule began erasing is
    /// finished by the next run if the process stopped.
    /// </summary>
    public bool IsDue(DateTimeOffset now) => State is ErasureState.Approved or ErasureState.Erasing && now >= ErasableFrom;

    /// <summary>The mark the schedule records before it erases anything, so that a hold is refused from then on.</summary>
    public ErasureCase Erasing() => State == ErasureState.Approved ? this with { State = ErasureState.Erasing } : this;

    public ErasureCase Erased(DateTimeOffset at) => this with { State = ErasureState.Erased, ErasedAt = at };

    /// <summary>Null when the case may be held now (or is held for the same reason: a repeat); otherwise why not, in Japanese.</summary>
    public string? RefuseHold(ErasureHoldReason reason) => State switch
    {
        ErasureState.Proposed or ErasureState.Approved => null,
        ErasureState.Held when HoldReason == reason => null,
        ErasureState.Held => $"すでに「{ErasureStates.HoldReasonName(HoldReason!.Value)}」のため保留しています。理由を変えるときは、いったん解除してください。",
        ErasureState.Erasing => "削除を実行中のため、保留できません。",
        _ => "すでに削除されています。",
    };

    /// <summary>Held: nothing is erased, and the approval (if any) is set aside; a release asks for a new one.</summary>
    public ErasureCase Hold(string by, DateTimeOffset at, ErasureHoldReason reason) => State is ErasureState.Proposed or ErasureState.Approved
        ? this with { State = ErasureState.Held, HeldBy = by, HeldAt = at, HoldReason = reason, ApprovedBy = null, ApprovedAt = null }
        : this;

    /// <summary>Null when a hold may be released now (or there is none: a repeat); otherwise why not.</summary>
    public string? RefuseRelease() => State is ErasureState.Held or ErasureState.Proposed ? null : "保留されていません。";

    /// <summary>Released: proposed again, to be approved like any other case.</summary>
    public ErasureCase Release() => State == ErasureState.Held ? this with { State = ErasureState.Proposed, HeldBy = null, HeldAt = null, HoldReason = null } : this;
}

/// <summary>
/// The ministry's approval of the erasures proposed in one round, named by the set of applications it approved. Two
/// members approving the same list at once make one approval: the one recorded first stands, and only it is logged
/// (ADR 0018). A later proposal in the same round is a different list and so a different approval.
/// </summary>
public sealed record ErasureApproval(string RoundId, string Key, string ApprovedBy, DateTimeOffset ApprovedAt, int Count)
{
    public static ErasureApproval Of(string roundId, IEnumerable<string> applicationIds, string by, DateTimeOffset at)
    {
        var ids = applicationIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            throw new ArgumentException("An approval names at least one application.", nameof(applicationIds));
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', ids)));
        return new ErasureApproval(roundId, Convert.ToHexStringLower(digest)[..32], by, at, ids.Count);
    }

    /// <summary>The case as this approval leaves it: approved by its author at its time, if still only proposed.</summary>
    public ErasureCase Apply(ErasureCase erasure) => erasure.Approve(ApprovedBy, ApprovedAt);
}

public static class ErasureStates
{
    public static string DisplayName(ErasureState state) => state switch
    {
        ErasureState.Proposed => "承認待ち",
        ErasureState.Approved => "承認済み（削除待ち）",
        ErasureState.Erased => "削除済み",
        ErasureState.Held => "保留中",
        ErasureState.Erasing => "削除中",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown erasure state."),
    };

    public static string HoldReasonName(ErasureHoldReason reason) => reason switch
    {
        ErasureHoldReason.Dispute => "訴訟・紛争への対応",
        ErasureHoldReason.DisclosureRequest => "開示請求への対応",
        ErasureHoldReason.Audit => "会計検査・監査への対応",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown hold reason."),
    };
}
