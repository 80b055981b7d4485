using Workflow.Domain.Audit;

namespace Workflow.Domain.Tests.Audit;

/// <summary>Every way a stored chain can be changed after the fact is named, at the entry where it happened.</summary>
public sealed class ChainVerifierTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<StoredLogEntry> Chain(int count, string chain = "R2026-test")
    {
        var contents = Enumerable.Range(1, count)
            .Select(i => new LogContent(chain, $"{Start.AddMinutes(i).UtcTicks:D19}_{i}", Start.AddMinutes(i), "operator", "ApplicationSubmitted", $"app-{i}", null))
            .ToList();
        var links = LogChain.Extend(null, contents);
        return contents.Zip(links, (c, l) => new StoredLogEntry(c, l.Seq, l.Previous, l.Hash)).ToList();
    }

    private static ChainHead HeadOf(List<StoredLogEntry> rows) => new(rows[^1].Seq!.Value, rows[^1].Hash!);

    [Fact]
    public void An_untouched_chain_is_intact_up_to_its_last_entry()
    {
        var rows = Chain(5);

        var result = ChainVerifier.Verify("R2026-test", rows, HeadOf(rows), []);

        Assert.True(result.Intact);
        Assert.Equal(5, result.IntactUpTo);
        Assert.Null(result.Break);
    }

    [Fact]
    public void Extending_after_a_head_continues_the_same_chain()
    {
        var rows = Chain(3);
        var more = new LogContent("R2026-test", "k4", Start.AddHours(1), "system", "StateChanged", null, null);
        var link = LogChain.Extend(HeadOf(rows), [more]).Single();
        rows.Add(new StoredLogEntry(more, link.Seq, link.Previous, link.Hash));

        var result = ChainVerifier.Verify("R2026-test", rows, HeadOf(rows), []);

        Assert.Equal(4, link.Seq);
        Assert.True(result.Intact);
    }

    [Fact]
    public void An_edited_field_is_named_at_its_entry()
    {
        var rows = Chain(5);
        rows[2] = rows[2] with { Content = rows[2].Content with { Detail = "書き換え" } };

        var result = ChainVerifier.Verify("R2026-test", rows, HeadOf(rows), []);

        Assert.False(result.Intact);
        Assert.Equal(ChainBreakKind.Altered, result.Break!.Kind);
        Assert.Equal(3, result.Break.Seq);
        Assert.Equal(rows[2].Content.Key, result.Break.Key);
        Assert.Equal(2, result.IntactUpTo);
    }

    [Theory]
    [InlineData("actor")]
    [InlineData("at")]
    [InlineData("key")]
    [InlineData("subject")]
    public void Every_field_is_covered(string field)
    {
        var rows = Chain(3);
        var c = rows[1].Content;
        rows[1] = rows[1] with
        {
            Content = field switch
            {
                "actor" => c with { Actor = "ministry" },
                "at" => c with { At = c.At.AddTicks(1) },
                "key" => c with { Key = c.Key + "x" },
                _ => c with { Subject = "app-99" },
            },
        };

        var result = ChainVerifier.Verify("R2026-test", rows, HeadOf(rows), []);

        Assert.Equal(ChainBreakKind.Altered, result.Break!.Kind);
        Assert.Equal(2, result.Break.Seq);
    }

    [Fact]
    public void A_deleted_entry_is_named_by_its_number()
    {
        var rows = Chain(5);
        rows.RemoveAt(1);

        var result = ChainVerifier.Verify("R2026-test", rows, HeadOf(rows), []);

        Assert.Equal(ChainBreakKind.Missing, result.Break!.Kind);
        Assert.Equal(2, result.Break.Seq);
        Assert.Equal(1, result.IntactUpTo);
    }

    [Fact]
    public void Swapping_two_entries_positions_breaks_at_the_first_of_them()
    {
        var rows = Chain(5);
        var (second, third) = (rows[1], rows[2]);
        rows[1] = second with { Seq = 3 };
        rows[2] = third with { Seq = 2 };

        var result = ChainVerifier.Verify("R2026-test", rows, HeadOf(rows), []);

        Assert.False(result.Intact);
        Assert.Equal(2, result.Break!.Seq);
    }

    [Fact]
    public void A_rehashed_entry_moved_elsewhere_no_longer_links()
    {
        // Someone who knows the scheme recomputes the moved entry's own hash: its link to the previous entry still fails.
        var rows = Chain(4);
        var moved = rows[3].Content;
        var rehashed = LogChain.HashOf(moved, 2, rows[3].Previous!);
        rows[1] = new StoredLogEntry(moved, 2, rows[3].Previous, rehashed);
        rows.RemoveAt(3);

        var result = ChainVerifier.Verify("R2026-test", rows, new ChainHead(3, rows[2].Hash!), []);

        Assert.Equal(ChainBreakKind.Unlinked, result.Break!.Kind);
        Assert.Equal(2, result.Break.Seq);
    }

    [Fact]
    public void Two_rows_with_one_number_are_a_duplicate()
    {
        var rows = Chain(3);
        rows.Add(rows[1] with { Content = rows[1].Content with { Key = "copy" } });

        var result = ChainVerifier.Verify("R2026-test", rows, HeadOf(rows), []);

        Assert.False(result.Intact);
        Assert.Equal(2, result.Break!.Seq);
    }

    [Fact]
    public void Deleting_the_newest_entries_is_caught_by_the_head()
    {
        var rows = Chain(5);
        var head = HeadOf(rows);
        rows.RemoveRange(3, 2);

        var result = ChainVerifier.Verify("R2026-test", rows, head, []);

        Assert.Equal(ChainBreakKind.Truncated, result.Break!.Kind);
        Assert.Equal(4, result.Break.Seq);
        Assert.Equal(3, result.IntactUpTo);
    }

    [Fact]
    public void Deleting_the_newest_entries_and_moving_the_head_is_caught_by_a_seal()
    {
        var rows = Chain(5);
        var seal = new ChainSeal("R2026-test", 5, rows[4].Hash!, Start.AddDays(1));
        rows.RemoveRange(3, 2);

        var result = ChainVerifier.Verify("R2026-test", rows, HeadOf(rows), [seal]);

        Assert.Equal(ChainBreakKind.Truncated, result.Break!.Kind);
        Assert.Equal(3, result.IntactUpTo);
    }

    [Fact]
    public void A_chain_rewritten_and_rehashed_from_an_entry_on_does_not_match_its_seal()
    {
        var rows = Chain(5);
        var seal = new ChainSeal("R2026-test", 4, rows[3].Hash!, Start.AddDays(1));
        var contents = rows.Select(r => r.Content).ToList();
        contents[1] = contents[1] with { Detail = "書き換え" };
        var relinked = LogChain.Extend(null, contents);
        var forged = contents.Zip(relinked, (c, l) => new StoredLogEntry(c, l.Seq, l.Previous, l.Hash)).ToList();

        var result = ChainVerifier.Verify("R2026-test", forged, HeadOf(forged), [seal]);

        Assert.False(result.Intact);
        Assert.Equal(ChainBreakKind.SealMismatch, result.Break!.Kind);
        Assert.Equal(4, result.Break.Seq);
        Assert.Equal(0, result.IntactUpTo);
    }

    [Fact]
    public void A_sealed_chain_that_grew_since_verifies_against_the_seal()
    {
        var rows = Chain(6);
        var seal = new ChainSeal("R2026-test", 4, rows[3].Hash!, Start.AddDays(1));

        var result = ChainVerifier.Verify("R2026-test", rows, HeadOf(rows), [seal]);

        Assert.True(result.Intact);
        Assert.Equal(6, result.IntactUpTo);
        Assert.Equal(seal, result.Sealed);
    }

    [Fact]
    public void A_row_without_chain_fields_was_written_outside_the_log()
    {
        var rows = Chain(3);
        var head = HeadOf(rows);
        rows.Add(new StoredLogEntry(new LogContent("R2026-test", "forged", Start, "ministry", "SelectionFinalized", null, null), null, null, null));

        var result = ChainVerifier.Verify("R2026-test", rows, head, []);

        Assert.Equal(ChainBreakKind.Unchained, result.Break!.Kind);
        Assert.Equal("forged", result.Break.Key);
        Assert.Equal(3, result.IntactUpTo);
    }

    [Fact]
    public void Entries_appended_after_the_head_was_read_are_left_to_the_next_verification()
    {
        var rows = Chain(4);
        var head = new ChainHead(3, rows[2].Hash!);

        var result = ChainVerifier.Verify("R2026-test", rows, head, []);

        Assert.True(result.Intact);
        Assert.Equal(3, result.IntactUpTo);
    }

    private static ChainSeal SealAt(List<StoredLogEntry> rows, int seq, DateTimeOffset through) =>
        new("R2026-test", seq, rows[seq - 1].Hash!, through.AddSeconds(1), through);

    /// <summary>Rows as the quick check reads them: those written (or rewritten) at or after the seal's time.</summary>
    private static List<StoredLogEntry> WrittenSince(List<StoredLogEntry> rows, ChainSeal seal) =>
        rows.Where(r => r.WrittenAt >= seal.Through).ToList();

    private static List<StoredLogEntry> Written(List<StoredLogEntry> rows) =>
        rows.Select((r, i) => r with { WrittenAt = Start.AddMinutes(i + 1) }).ToList();

    [Fact]
    public void The_quick_check_continues_the_chain_from_its_seal_to_the_head()
    {
        var rows = Written(Chain(8));
        var seal = SealAt(rows, 5, rows[4].WrittenAt!.Value);

        var result = ChainVerifier.VerifySince("R2026-test", seal, WrittenSince(rows, seal), HeadOf(rows), [seal], []);

        Assert.True(result.Intact, result.Break?.Message);
        Assert.Equal(8, result.IntactUpTo);
        Assert.Equal(seal, result.Since);
    }

    [Fact]
    public void The_quick_check_names_a_sealed_entry_rewritten_after_the_seal()
    {
        var rows = Written(Chain(8));
        var seal = SealAt(rows, 5, rows[4].WrittenAt!.Value);
        rows[2] = rows[2] with { Content = rows[2].Content with { Detail = "書き換え" }, WrittenAt = Start.AddHours(2) };

        var result = ChainVerifier.VerifySince("R2026-test", seal, WrittenSince(rows, seal), HeadOf(rows), [seal], []);

        Assert.Equal(ChainBreakKind.Altered, result.Break!.Kind);
        Assert.Equal(3, result.Break.Seq);
        Assert.Equal(2, result.IntactUpTo);
    }

    [Fact]
    public void The_quick_check_names_a_later_entry_deleted_or_edited()
    {
        var rows = Written(Chain(8));
        var seal = SealAt(rows, 5, rows[4].WrittenAt!.Value);
        var deleted = rows.Where(r => r.Seq != 7).ToList();
        var edited = rows.Select(r => r.Seq == 6 ? r with { Content = r.Content with { Actor = "ministry" }, WrittenAt = Start.AddHours(2) } : r).ToList();

        var afterDelete = ChainVerifier.VerifySince("R2026-test", seal, WrittenSince(deleted, seal), HeadOf(rows), [seal], []);
        var afterEdit = ChainVerifier.VerifySince("R2026-test", seal, WrittenSince(edited, seal), HeadOf(rows), [seal], []);

        Assert.Equal((ChainBreakKind.Missing, 7L), (afterDelete.Break!.Kind, afterDelete.Break.Seq));
        Assert.Equal((ChainBreakKind.Altered, 6L), (afterEdit.Break!.Kind, afterEdit.Break.Seq));
    }

    [Fact]
    public void The_quick_check_reports_a_break_a_full_check_recorded_after_the_seal()
    {
        // A sealed entry deleted since leaves nothing the quick check can read; the next full check recorded it.
        var rows = Written(Chain(8));
        var seal = SealAt(rows, 5, rows[4].WrittenAt!.Value);
        var recorded = new RecordedBreak("R2026-test", 2, nameof(ChainBreakKind.Missing), "第2件がありません（削除されています）。", seal.SealedAt.AddHours(1));

        var result = ChainVerifier.VerifySince("R2026-test", seal, WrittenSince(rows, seal), HeadOf(rows), [seal], [recorded]);

        Assert.False(result.Intact);
        Assert.Equal(ChainBreakKind.Missing, result.Break!.Kind);
        Assert.Equal(1, result.IntactUpTo);
        Assert.Null(result.Sealed);
    }

    [Fact]
    public void Rows_of_the_sealed_batch_itself_are_not_taken_for_changes()
    {
        // The storage time has a resolution: rows written in the batch that moved the head to the seal share its time.
        var rows = Written(Chain(6));
        rows[3] = rows[3] with { WrittenAt = rows[4].WrittenAt };
        var seal = SealAt(rows, 5, rows[4].WrittenAt!.Value);

        var result = ChainVerifier.VerifySince("R2026-test", seal, WrittenSince(rows, seal), HeadOf(rows), [seal], []);

        Assert.True(result.Intact, result.Break?.Message);
        Assert.Equal(6, result.IntactUpTo);
    }

    [Fact]
    public void Hashes_differ_between_chains_for_the_same_content()
    {
        var content = new LogContent("R2026-a", "k", Start, "system", "StateChanged", null, null);

        Assert.NotEqual(LogChain.HashOf(content, 1, LogChain.Genesis), LogChain.HashOf(content with { Chain = "R2026-b" }, 1, LogChain.Genesis));
    }

    [Fact]
    public void A_forged_later_seal_does_not_hide_an_earlier_true_one()
    {
        var rows = Chain(5);
        var trueSeal = new ChainSeal("R2026-test", 3, rows[2].Hash!, Start.AddDays(1));
        var contents = rows.Select(r => r.Content).ToList();
        contents[0] = contents[0] with { Actor = "ministry" };
        var relinked = LogChain.Extend(null, contents);
        var forged = contents.Zip(relinked, (c, l) => new StoredLogEntry(c, l.Seq, l.Previous, l.Hash)).ToList();
        var forgedSeal = new ChainSeal("R2026-test", 5, forged[4].Hash!, Start.AddDays(2));

        var result = ChainVerifier.Verify("R2026-test", forged, HeadOf(forged), [forgedSeal, trueSeal]);

        Assert.Equal(ChainBreakKind.SealMismatch, result.Break!.Kind);
        Assert.Equal(3, result.Break.Seq);
    }
}
