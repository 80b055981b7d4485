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
    DateTimeOffset? ErasedAt = null)
{
    /// <summary>The case approved by <paramref name="by"/>; one already approved or erased stays as it is (the first approval stands).</summary>
    public ErasureCase Approve(string by, DateTimeOffset at) => State == ErasureState.Proposed ? this with { State = ErasureState.Approved, ApprovedBy = by, ApprovedAt = at } : this;

    /// <summary>Only an approved case is erased, and never before its period is over.</summary>
    public bool IsDue(DateTimeOffset now) => State == ErasureState.Approved && now >= ErasableFrom;

    public ErasureCase Erased(DateTimeOffset at) => this with { State = ErasureState.Erased, ErasedAt = at };
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
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown erasure state."),
    };
}
