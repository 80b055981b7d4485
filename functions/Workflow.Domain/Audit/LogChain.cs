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

/// <summary>A chain head written to append-only storage at <paramref name="SealedAt"/>; what the log held then cannot be rewritten unseen.</summary>
public sealed record ChainSeal(string Chain, long Seq, string Hash, DateTimeOffset SealedAt);

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
public sealed record StoredLogEntry(LogContent Content, long? Seq, string? Previous, string? Hash);

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
public sealed record ChainVerification(string Chain, bool Intact, long IntactUpTo, int Entries, ChainSeal? Sealed, ChainBreak? Break);

/// <summary>Checks a chain as stored against its own hashes, its head and its seals.</summary>
public static class ChainVerifier
{
    public static ChainVerification Verify(string chain, IReadOnlyCollection<StoredLogEntry> rows, ChainHead? head, IReadOnlyList<ChainSeal> seals)
    {
        var unchained = rows.Where(r => r.Seq is null || r.Hash is null || r.Previous is null).OrderBy(r => r.Content.At).ThenBy(r => r.Content.Key, StringComparer.Ordinal).ToList();
        var chained = rows.Where(r => r.Seq is not null && r.Hash is not null && r.Previous is not null).OrderBy(r => r.Seq).ThenBy(r => r.Content.Key, StringComparer.Ordinal).ToList();

        var expected = 1L;
        var previous = LogChain.Genesis;
        ChainBreak? found = null;
        foreach (var row in chained)
        {
            var seq = row.Seq!.Value;
            if (seq < expected)
            {
                found = At(ChainBreakKind.Duplicated, seq, row, $"第{seq}件が二つあります。");
                break;
            }

            if (seq > expected)
            {
                found = At(ChainBreakKind.Missing, expected, null,
                    seq == expected + 1 ? $"第{expected}件がありません（削除されています）。" : $"第{expected}件から第{seq - 1}件がありません（削除されています）。");
                break;
            }

            if (!string.Equals(row.Hash, LogChain.HashOf(row.Content, seq, row.Previous!), StringComparison.Ordinal))
            {
                found = At(ChainBreakKind.Altered, seq, row, $"第{seq}件の内容が記録後に書き換えられています。");
                break;
            }

            if (!string.Equals(row.Previous, previous, StringComparison.Ordinal))
            {
                found = At(ChainBreakKind.Unlinked, seq, row, $"第{seq}件が直前の記録（第{seq - 1}件）につながっていません（並べ替えまたは差し替え）。");
                break;
            }

            previous = row.Hash!;
            expected++;
        }

        var intactUpTo = expected - 1;
        if (found is null && unchained.Count > 0)
        {
            var row = unchained[0];
            found = new ChainBreak(ChainBreakKind.Unchained, intactUpTo + 1, row.Content.Key, row.Content.At, row.Content.Action,
                $"連鎖に属さない記録が{unchained.Count}件あります（最初: {row.Content.Key}）。記録の外から書き込まれています。");
        }

        // The chain's end is checked against the head and the latest seal: deleting the newest entries leaves every
        // remaining link valid, and only something written apart from them still remembers how far the chain went.
        if (found is null && head is not null && head.Seq > intactUpTo)
        {
            found = new ChainBreak(ChainBreakKind.Truncated, intactUpTo + 1, null, null, null,
                $"記録は第{head.Seq}件まで書かれていますが、第{intactUpTo}件で終わっています（末尾が削除されています）。");
        }

        // The writer moves the head with every entry in one transaction: entries past it were added by someone else.
        if (found is null && head is not null && head.Seq < intactUpTo)
        {
            var row = chained[(int)head.Seq];
            found = At(ChainBreakKind.Unlinked, head.Seq + 1, row, $"第{head.Seq + 1}件以降は記録の外から追加されています（記録の先頭は第{head.Seq}件）。");
        }

        // Every seal, not only the latest: a seal added by someone who can write the container (creating blobs is
        // what the immutability policy still allows) could only vouch for a forged chain beside the true seals.
        var verifiedSeal = (ChainSeal?)null;
        foreach (var seal in found is null ? seals.OrderBy(s => s.Seq).ThenBy(s => s.SealedAt).ToList() : [])
        {
            if (seal.Seq > intactUpTo)
            {
                found = new ChainBreak(ChainBreakKind.Truncated, intactUpTo + 1, null, null, null,
                    $"第{seal.Seq}件まで封印されていますが、記録は第{intactUpTo}件で終わっています（末尾が削除されています）。");
                break;
            }

            var sealedRow = chained[(int)seal.Seq - 1];
            if (!string.Equals(sealedRow.Hash, seal.Hash, StringComparison.Ordinal))
            {
                found = At(ChainBreakKind.SealMismatch, seal.Seq, sealedRow,
                    $"第{seal.Seq}件は{seal.SealedAt:yyyy-MM-dd HH:mm}（UTC）に封印された記録と一致しません（この件までの記録が作り直されています）。");
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

    private static ChainBreak At(ChainBreakKind kind, long seq, StoredLogEntry? row, string message) =>
        new(kind, seq, row?.Content.Key, row?.Content.At, row?.Content.Action, message);
}
