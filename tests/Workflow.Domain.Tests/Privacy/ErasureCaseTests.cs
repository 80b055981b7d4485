using Workflow.Domain.Privacy;

namespace Workflow.Domain.Tests.Privacy;

public sealed class ErasureCaseTests
{
    private static readonly DateTimeOffset At = new(2028, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static ErasureCase Proposed() => new("R2026-00000001", "R2026-00000001_01_x", ErasureState.Proposed, At, At);

    [Fact]
    public void A_held_case_is_neither_approved_nor_due_and_a_release_proposes_it_again()
    {
        var held = Proposed().Approve("ministry:a", At).Hold("ministry:b", At.AddDays(1), ErasureHoldReason.Dispute);

        Assert.Equal((ErasureState.Held, "ministry:b", ErasureHoldReason.Dispute), (held.State, held.HeldBy, held.HoldReason));
        Assert.Null(held.ApprovedBy);
        Assert.False(held.IsDue(At.AddYears(1)));
        Assert.Equal(held, held.Approve("ministry:a", At.AddDays(2)));
        Assert.Null(held.RefuseHold(ErasureHoldReason.Dispute));
        Assert.Contains("訴訟・紛争", held.RefuseHold(ErasureHoldReason.Audit));

        var released = held.Release();
        Assert.Equal((ErasureState.Proposed, null), (released.State, released.HoldReason));
        Assert.Null(released.RefuseRelease());
        Assert.False(released.IsDue(At.AddYears(1)));
    }

    [Fact]
    public void Once_the_schedule_marks_a_case_it_cannot_be_held_and_a_marked_case_stays_due_until_erased()
    {
        var marked = Proposed().Approve("ministry:a", At).Erasing();

        Assert.Equal(ErasureState.Erasing, marked.State);
        Assert.True(marked.IsDue(At));
        Assert.Contains("実行中", marked.RefuseHold(ErasureHoldReason.Audit));
        Assert.Equal(marked, marked.Hold("ministry:b", At, ErasureHoldReason.Audit));
        Assert.Equal(Proposed(), Proposed().Erasing());

        var erased = marked.Erased(At.AddHours(1));
        Assert.False(erased.IsDue(At.AddYears(1)));
        Assert.Contains("削除されています", erased.RefuseHold(ErasureHoldReason.Audit));
        Assert.NotNull(erased.RefuseRelease());
    }
}
