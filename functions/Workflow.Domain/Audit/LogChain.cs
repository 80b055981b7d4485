using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Workflow.Domain.Audit;

/// <summary>What one business-log entry says; every field is covered by the entry's hash.</summary>
/// <param name="Chain">The round id, or <see cref="LogChain.Registry"/> for actions outside any round.</param>
/// <param name="Key">The entry's storage key; part of the hash so a row moved in the timeline does not verify.</param>
public sealed record LogContent(string Chain, string Key, DateTimeOffset At, string Actor, string Action, string? Subject, string? Detail);

/// <summary>An entry's place in its chain: its sequence number, the previous entry's hash and its own.</summary>
public sealed record ChainLink(long Seq, string Previous, string Hash);

/// <summary>The last link of a chain as its writer last left it.</summary>
public sealed record ChainHead(long Seq, string Hash);

/// <summary>
/// A chain head written to append-only storage at <paramref name="SealedAt"/>, after the whole chain up to it verified;
/// what the log held then cannot be rewritten unseen.
/// </summary>
/// <param name="Through">The latest storage write time among the entries verified up to <paramref name="Seq"/>: a row of
/// those whose storage time is later was changed after the verification that preceded the seal.</param>
public sealed record ChainSeal(string Chain, long Seq, string Hash, DateTimeOffset SealedAt, DateTimeOffset? Through = null);

/// <summary>A break found by a full verification, recorded beside the seals so that quicker checks report it too.</summary>
public sealed record RecordedBreak(string Chain, long Seq, string Kind, string Message, DateTimeOffset FoundAt);

/// <summary>
/// The business log as a hash chain: each entry's hash covers its content and the previous entry's hash, so an
/// entry edited, deleted, inserted or moved no longer links to its neighbours. Whoever can write the table can
/// rewrite a whole chain from some entry on; the seals (heads kept where nobody can rewrite them) are what make
/// that visible too (ADR 0011).
/// </summary>
public static class LogChain
{
    /// <summary>The chain of actions that belong to no round (the municipality registry).</summary>
    public const string Registry = "registry";

    /// <summary>The "previous hash" of a chain's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string Version = "v1";

    /// <summary>Links <paramref name="entries"/>, in the order given, after <paramref name="head"/> (null: a new chain).</summary>
    public static IReadOnlyList<ChainLink> Extend(ChainHead? head, IEnumerable<LogContent> entries)
    {
        var seq = head?.Seq ?? 0;
        var previous = head?.Hash ?? Genesis;
        var links = new List<ChainLink>();
        foreach (var entry in entries)
        {
            seq++;
            var hash = HashOf(entry, seq, previous);
            links.Add(new ChainLink(seq, previous, hash));
            previous = hash;
        }

        return links;
    }

    /// <summary>
    /// SHA-256 over the fields as a JSON array: unambiguous where a delimiter-joined string would not be (an actor
    /// ending in the delimiter could move text into the next field and keep the hash).
    /// </summary>
    public static string HashOf(LogContent entry, long seq, string previous)
    {
        var fields = new object?[]
        {
            Version, entry.Chain, seq, entry.Key, entry.At.UtcTicks, entry.Actor, entry.Action, entry.Subject, entry.Detail, previous,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(fields);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}

/// <summary>One stored row as read back for verification; chain fields are null on a row written outside the chain.</summary>
/// <param name="WrittenAt">The storage's own time of the row's last write (set by the service, not by the writer).</param>
public sealed record StoredLogEntry(LogContent Content, long? Seq, string? Previous, string? Hash, DateTimeOffset? WrittenAt = null);

public enum ChainBreakKind
{
    /// <summary>The row's content no longer matches its hash: a field was edited.</summary>
    Altered,

    /// <summary>A sequence number is missing: an entry was deleted.</summary>
    Missing,

    /// <summary>The row does not follow the entry before it (its previous-hash differs): rows were reordered or replaced.</summary>
    Unlinked,

    /// <summary>Two rows carry the same sequence number.</summary>
    Duplicated,

    /// <summary>A row without chain fields: written (or rewritten) outside the log.</summary>
    Unchained,

    /// <summary>The chain ends before its head or a seal: entries at its end were deleted.</summary>
    Truncated,

    /// <summary>The entry at a sealed position is not the one sealed: the chain was rewritten from some entry on.</summary>
    SealMismatch,
}

/// <summary>Where a chain first stops verifying, with the row (when there is one) an auditor looks at.</summary>
public sealed record ChainBreak(ChainBreakKind Kind, long Seq, string? Key, DateTimeOffset? At, string? Action, string Message);

/// <param name="IntactUpTo">The last sequence number up to which every entry verifies (0: none).</param>
/// <param name="Entries">Rows read, chained or not.</param>
/// <param name="Sealed">The latest seal the chain agrees with (every seal is checked; null when none or on a break).</param>
/// <param name="Since">For a check since a seal, that seal: entries up to it were verified in full when it was written.</param>
public sealed record ChainVerification(string Chain, bool Intact, long IntactUpTo, int Entries, ChainSeal? Sealed, ChainBreak? Break, ChainSeal? Since = null);

/// <summary>Checks a chain as stored against its own hashes, its head and its seals.</summary>
public static class ChainVerifier
{
    /// <summary>
    /// The full check: every row of the chain, read after its head. Rows past the head were appended while the rows
    /// were read and are left to the next verification (a row placed there by someone else collides with the writer's
    /// next entry and shows as a duplicate).
    /// </summary>
    public static ChainVerification Verify(string chain, IReadOnlyCollection<StoredLogEntry> rows, ChainHead? head, IReadOnlyList<ChainSeal> seals)
    {
        var unchained = Unchained(rows);
        var chained = Chained(rows, head);
        var (intactUpTo, _, found) = Walk(chained, 0, LogChain.Genesis);
        found ??= FirstUnchained(unchained, intactUpTo);
        found ??= Truncation(head, intactUpTo);

        // Every seal, not only the latest: a seal added by someone who can write the container (creating blobs is
        // what the immutability policy still allows) could only vouch for a forged chain beside the true seals.
        var verifiedSeal = (ChainSeal?)null;
        var bySeq = found is null ? chained.ToDictionary(r => r.Seq!.Value) : [];
        foreach (var seal in found is null ? seals.OrderBy(s => s.Seq).ThenBy(s => s.SealedAt).ToList() : [])
        {
            found = SealCheck(seal, intactUpTo, bySeq);
            if (found is not null)
            {
                break;
            }

            verifiedSeal = seal;
        }

        if (found is { Kind: ChainBreakKind.SealMismatch })
        {
            // Every link verifies but the history they form is not the sealed one: nothing in it can be trusted.
            intactUpTo = 0;
        }

        return new ChainVerification(chain, found is null, found is null ? intactUpTo : Math.Min(intactUpTo, found.Seq - 1), rows.Count, verifiedSeal, found);
    }

    /// <summary>
    /// The quick check since a seal (which was written only after a full check up to it passed): the rows written or
    /// changed since the seal's <see cref="ChainSeal.Through"/> time, read after the head. Entries up to the seal that
    /// show up here were changed after it; later ones must continue the chain from the sealed hash to the head. What
    /// this cannot see is a sealed entry deleted since: the next full check (each sealing is one) finds it and records
    /// the break, which <paramref name="recordedBreaks"/> then carries to every quick check.
    /// </summary>
    public static ChainVerification VerifySince(
        string chain,
        ChainSeal since,
        IReadOnlyCollection<StoredLogEntry> changedRows,
        ChainHead? head,
        IReadOnlyList<ChainSeal> seals,
        IReadOnlyList<RecordedBreak> recordedBreaks)
    {
        if (since.Through is null)
        {
            throw new ArgumentException("A quick check needs a seal that says when its head was written.", nameof(since));
        }

        if (recordedBreaks.Where(b => b.FoundAt >= since.SealedAt).OrderBy(b => b.FoundAt).FirstOrDefault() is { } recorded)
        {
            var kind = Enum.TryParse<ChainBreakKind>(recorded.Kind, out var k) ? k : ChainBreakKind.Altered;
            return new ChainVerification(chain, false, Math.Max(0, recorded.Seq - 1), changedRows.Count, null,
                new ChainBreak(kind, recorded.Seq, null, null, null, recorded.Message), since);
        }

        // The newest rows the sealing verified carry the seal's own time (the query asks for "at or after" it): unchanged.
        var touchedBefore = changedRows
            .Where(r => r.Seq is { } seq && seq <= since.Seq && !(r.WrittenAt <= since.Through && r.Hash == LogChain.HashOf(r.Content, seq, r.Previous ?? string.Empty)))
            .OrderBy(r => r.Seq)
            .FirstOrDefault();
        ChainBreak? found = touchedBefore is null
            ? null
            : At(ChainBreakKind.Altered, touchedBefore.Seq!.Value, touchedBefore,
                $"第{touchedBefore.Seq}件は{Calendar.JapaneseDates.DateTime(since.SealedAt)}の封印の後に書き換えられています。");

        var later = Chained(changedRows.Where(r => r.Seq > since.Seq).ToList(), head);
        var intactUpTo = since.Seq;
        if (found is null)
        {
            (intactUpTo, _, found) = Walk(later, since.Seq, since.Hash);
            found ??= FirstUnchained(Unchained(changedRows), intactUpTo);
            found ??= Truncation(head, intactUpTo);
        }

        var verifiedSeal = since;
        var bySeq = found is null ? later.ToDictionary(r => r.Seq!.Value) : [];
        foreach (var seal in found is null ? seals.Where(s => s.Seq > since.Seq).OrderBy(s => s.Seq).ToList() : [])
        {
            found = SealCheck(seal, intactUpTo, bySeq);
            if (found is not null)
            {
                break;
            }

            verifiedSeal = seal;
        }

        return new ChainVerification(chain, found is null, found is null ? intactUpTo : Math.Min(intactUpTo, found.Seq - 1), changedRows.Count,
            found is null ? verifiedSeal : null, found, since);
    }

    private static List<StoredLogEntry> Unchained(IEnumerable<StoredLogEntry> rows) =>
        rows.Where(r => r.Seq is null || r.Hash is null || r.Previous is null).OrderBy(r => r.Content.At).ThenBy(r => r.Content.Key, StringComparer.Ordinal).ToList();

    private static List<StoredLogEntry> Chained(IEnumerable<StoredLogEntry> rows, ChainHead? head) =>
        rows.Where(r => r.Seq is not null && r.Hash is not null && r.Previous is not null && (head is null || r.Seq <= head.Seq))
            .OrderBy(r => r.Seq).ThenBy(r => r.Content.Key, StringComparer.Ordinal).ToList();

    /// <summary>Follows the links from the entry after <paramref name="afterSeq"/>; stops at the first that does not verify.</summary>
    private static (long IntactUpTo, string Previous, ChainBreak? Break) Walk(IReadOnlyList<StoredLogEntry> chained, long afterSeq, string previous)
    {
        var expected = afterSeq + 1;
        foreach (var row in chained)
        {
            var seq = row.Seq!.Value;
            if (seq < expected)
            {
                return (expected - 1, previous, At(ChainBreakKind.Duplicated, seq, row, $"第{seq}件が二つあります。"));
            }

            if (seq > expected)
            {
                return (expected - 1, previous, At(ChainBreakKind.Missing, expected, null,
                    seq == expected + 1 ? $"第{expected}件がありません（削除されています）。" : $"第{expected}件から第{seq - 1}件がありません（削除されています）。"));
            }

            if (!string.Equals(row.Hash, LogChain.HashOf(row.Content, seq, row.Previous!), StringComparison.Ordinal))
            {
                return (expected - 1, previous, At(ChainBreakKind.Altered, seq, row, $"第{seq}件の内容が記録後に書き換えられています。"));
            }

            if (!string.Equals(row.Previous, previous, StringComparison.Ordinal))
            {
                return (expected - 1, previous, At(ChainBreakKind.Unlinked, seq, row, $"第{seq}件が直前の記録（第{seq - 1}件）につながっていません（並べ替えまたは差し替え）。"));
            }

            previous = row.Hash!;
            expected++;
        }

        return (expected - 1, previous, null);
    }

    private static ChainBreak? FirstUnchained(List<StoredLogEntry> unchained, long intactUpTo) =>
        unchained.Count == 0
            ? null
            : new ChainBreak(ChainBreakKind.Unchained, intactUpTo + 1, unchained[0].Content.Key, unchained[0].Content.At, unchained[0].Content.Action,
                $"連鎖に属さない記録が{unchained.Count}件あります（最初: {unchained[0].Content.Key}）。記録の外から書き込まれています。");

    /// <summary>
    /// Deleting the newest entries leaves every remaining link valid; only the head, written apart from them, still
    /// remembers how far the chain went.
    /// </summary>
    private static ChainBreak? Truncation(ChainHead? head, long intactUpTo) =>
        head is not null && head.Seq > intactUpTo
            ? new ChainBreak(ChainBreakKind.Truncated, intactUpTo + 1, null, null, null,
                $"記録は第{head.Seq}件まで書かれていますが、第{intactUpTo}件で終わっています（末尾が削除されています）。")
            : null;

    private static ChainBreak? SealCheck(ChainSeal seal, long intactUpTo, IReadOnlyDictionary<long, StoredLogEntry> bySeq)
    {
        if (seal.Seq > intactUpTo)
        {
            return new ChainBreak(ChainBreakKind.Truncated, intactUpTo + 1, null, null, null,
                $"第{seal.Seq}件まで封印されていますが、記録は第{intactUpTo}件で終わっています（末尾が削除されています）。");
        }

        var sealedRow = bySeq[seal.Seq];
        return string.Equals(sealedRow.Hash, seal.Hash, StringComparison.Ordinal)
            ? null
            : At(ChainBreakKind.SealMismatch, seal.Seq, sealedRow,
                $"第{seal.Seq}件は{Calendar.JapaneseDates.DateTime(seal.SealedAt)}に封印された記録と一致しません（この件までの記録が作り直されています）。");
    }

    private static ChainBreak At(ChainBreakKind kind, long seq, StoredLogEntry? row, string message) =>
        new(kind, seq, row?.Content.Key, row?.Content.At, row?.Content.Action, message);
}
