using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Workflow.Domain.Applications;
using Workflow.Domain.Audit;
using Workflow.Domain.Calendar;
using Workflow.Functions.Configuration;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Audit;

/// <summary>A chain's verification as auditors read it, with the sentences the page shows.</summary>
/// <param name="Mode">"quick": since the latest seal; "full": every row.</param>
/// <param name="Scope">What this kind of check covers and what it leaves to the next full one.</param>
public sealed record LogVerificationAnswer(
    string Chain,
    string Mode,
    string ModeName,
    bool Intact,
    long IntactUpTo,
    int Entries,
    ChainSeal? Sealed,
    ChainSeal? Since,
    ChainBreak? Break,
    string BreakKind,
    string Summary,
    string Scope,
    DateTimeOffset VerifiedAt);

/// <summary>
/// Verifies chains and seals them. A full check reads every row; a seal is written only after one passes, so a quick
/// check need read only what was written or changed since the latest seal (ADR 0011).
/// </summary>
public sealed class LogVerifier(BusinessLog log, LogSeals seals, TimeProvider clock, ILogger<LogVerifier> logger)
{
    public const string Quick = "quick";
    public const string Full = "full";

    /// <summary>The Japanese name of each kind of break, for the page.</summary>
    public static IReadOnlyDictionary<string, string> BreakKindNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(ChainBreakKind.Altered)] = "内容の書き換え",
        [nameof(ChainBreakKind.Missing)] = "記録の削除",
        [nameof(ChainBreakKind.Unlinked)] = "並べ替え・差し替え",
        [nameof(ChainBreakKind.Duplicated)] = "番号の重複",
        [nameof(ChainBreakKind.Unchained)] = "記録の外からの書き込み",
        [nameof(ChainBreakKind.Truncated)] = "末尾の削除",
        [nameof(ChainBreakKind.SealMismatch)] = "封印との不一致",
    };

    /// <summary>A quick check when a seal allows it (unless <paramref name="full"/>), else a full one.</summary>
    public async Task<LogVerificationAnswer> VerifyAsync(string chain, bool full, CancellationToken cancellationToken)
    {
        var (sealList, breaks) = await seals.ReadAsync(chain, cancellationToken);
        var since = full ? null : sealList.Where(s => s.Through is not null).MaxBy(s => s.Seq);
        ChainVerification result;
        if (since is not null)
        {
            var (changed, head) = await log.ReadChangedSinceAsync(chain, since.Through!.Value, cancellationToken);
            result = ChainVerifier.VerifySince(chain, since, changed, head, sealList, breaks);
        }
        else
        {
            var (entries, head) = await log.ReadChainAsync(chain, cancellationToken);
            result = ChainVerifier.Verify(chain, entries, head, sealList);
        }

        return Answer(result, since is null ? Full : Quick);
    }

    /// <summary>
    /// A full check, then a seal of the head it verified, or, when it breaks, a record of the break (once per break)
    /// so that quick checks report it. Run by <see cref="SealLogChains"/> and as each round ends.
    /// </summary>
    public async Task<ChainVerification> SealAsync(string chain, CancellationToken cancellationToken)
    {
        var (entries, head) = await log.ReadChainAsync(chain, cancellationToken);
        var (sealList, breaks) = await seals.ReadAsync(chain, cancellationToken);
        var result = ChainVerifier.Verify(chain, entries, head, sealList);
        if (head is null)
        {
            return result;
        }

        if (result.Intact)
        {
            // The latest storage time among the entries verified: a row up to the head written later was changed since.
            var through = entries.Where(e => e.Seq <= head.Seq).Max(e => e.WrittenAt);
            await seals.WriteSealAsync(new ChainSeal(chain, head.Seq, head.Hash, clock.GetUtcNow(), through), cancellationToken);
        }
        else if (!breaks.Any(b => b.Seq == result.Break!.Seq && b.Kind == result.Break.Kind.ToString()))
        {
            logger.LogWarning("The business log chain {Chain} breaks at entry {Seq} ({Kind})", chain, result.Break!.Seq, result.Break.Kind);
            await seals.WriteBreakAsync(new RecordedBreak(chain, result.Break.Seq, result.Break.Kind.ToString(), result.Break.Message, clock.GetUtcNow()), cancellationToken);
        }

        return result;
    }

    private LogVerificationAnswer Answer(ChainVerification result, string mode)
    {
        string When(ChainSeal seal) => JapaneseDates.DateTime(seal.SealedAt);
        var summary = result switch
        {
            { Intact: true, IntactUpTo: 0 } => "まだ記録はありません。",
            { Intact: true, Since: { } since } =>
                $"第{result.IntactUpTo}件まで改ざんは見つかりませんでした。第{since.Seq}件までは{When(since)}に全件を照合して封印され、その後に書き換えられた記録はありません。"
                + (result.IntactUpTo > since.Seq ? $"以降の{result.IntactUpTo - since.Seq}件は連鎖を照合しました。" : string.Empty),
            { Intact: true, Sealed: { } seal } =>
                $"全{result.Entries}件を照合し、第{result.IntactUpTo}件まで改ざんは見つかりませんでした（第{seal.Seq}件までは{When(seal)}の封印とも一致）。",
            { Intact: true } => $"全{result.Entries}件を照合し、第{result.IntactUpTo}件まで改ざんは見つかりませんでした（まだ封印はありません）。",
            _ => (result.IntactUpTo > 0 ? $"第{result.IntactUpTo}件までは改ざんは見つかりませんでした。" : string.Empty) + result.Break!.Message,
        };
        var scope = mode == Quick
            ? "前回の全件照合（封印）以降に書き込まれた記録と、封印後の書き換えを照合しました。封印済みの記録の削除は、次の全件照合（毎時、および公募ラウンドの終了時）で見つかります。"
            : "すべての記録を照合しました。";
        return new LogVerificationAnswer(result.Chain, mode, mode == Quick ? "封印以降を照合" : "すべての記録を照合", result.Intact, result.IntactUpTo, result.Entries, result.Sealed, result.Since, result.Break,
            result.Break is null ? string.Empty : BreakKindNames[result.Break.Kind.ToString()], summary, scope, clock.GetUtcNow());
    }
}

/// <summary>Auditors verify a round's business log: intact up to entry N, or where it breaks.</summary>
public sealed class VerifyRoundLog(AccessGate access, RoundStore rounds, LogVerifier verifier)
{
    [Function(nameof(VerifyRoundLog))]
    [ApiOperation("公募ラウンドの業務ログを検証する")]
    [ApiResponse(200, typeof(LogVerificationAnswer))]
    [ApiQuery("mode", "quick（既定）または full")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit/rounds/{roundId}/log/verification")] HttpRequest request,
        string roundId)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(VerifyRoundLog), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        if (LogVerificationMode.Refuse(request) is { } refused)
        {
            return refused;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await rounds.GetAsync(roundId, cancellationToken) is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        return ApiResults.Ok(await verifier.VerifyAsync(roundId, LogVerificationMode.IsFull(request), cancellationToken));
    }
}

/// <summary>Auditors verify the chain of actions outside any round (the municipality registry).</summary>
public sealed class VerifyRegistryLog(AccessGate access, LogVerifier verifier)
{
    [Function(nameof(VerifyRegistryLog))]
    [ApiOperation("登録簿の業務ログを検証する")]
    [ApiResponse(200, typeof(LogVerificationAnswer))]
    [ApiQuery("mode", "quick（既定）または full")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit/registry/log/verification")] HttpRequest request)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(VerifyRegistryLog), AccessScope.None);
        return denied ?? LogVerificationMode.Refuse(request) ?? ApiResults.Ok(await verifier.VerifyAsync(LogChain.Registry, LogVerificationMode.IsFull(request), request.HttpContext.RequestAborted));
    }
}

/// <summary>
/// Verifies every chain in full and seals its head on a schedule (<see cref="SettingNames.LogSealSchedule"/>), so that
/// a chain rewritten since no longer matches what was sealed, and a sealed entry deleted since is found within the
/// period. A chain that breaks gets its break recorded instead of a seal.
/// </summary>
public sealed class SealLogChains(RoundStore rounds, LogVerifier verifier, ILogger<SealLogChains> logger)
{
    [Function(nameof(SealLogChains))]
    public async Task Run([TimerTrigger("%" + SettingNames.LogSealSchedule + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var chains = (await rounds.ListAsync(cancellationToken)).Select(r => r.RoundId).Append(LogChain.Registry);
        var sealedCount = 0;
        foreach (var chain in chains)
        {
            // One chain that cannot be sealed now is sealed at the next run; the others go on.
            try
            {
                sealedCount += (await verifier.SealAsync(chain, cancellationToken)).Intact ? 1 : 0;
            }
            catch (Azure.RequestFailedException e)
            {
                logger.LogWarning(e, "Could not seal the business log chain {Chain}", chain);
            }
        }

        logger.LogInformation("Verified and sealed {Count} business log chains", sealedCount);
    }
}

/// <summary>How a verification request chooses its check: <c>?mode=full</c> reads every row; anything else, the quick check.</summary>
public static class LogVerificationMode
{
    public static bool IsFull(HttpRequest request) => string.Equals(request.Query["mode"].ToString(), LogVerifier.Full, StringComparison.Ordinal);

    /// <summary>A 400 for a mode that is neither, instead of silently running the quick check.</summary>
    public static IActionResult? Refuse(HttpRequest request) =>
        request.Query.TryGetValue("mode", out var mode) && (mode.Count != 1 || mode[0] is not (LogVerifier.Quick or LogVerifier.Full))
            ? ApiResults.Validation([new FieldError("mode", "mode には quick（封印以降を照合）または full（すべてを照合）を指定してください。")])
            : null;
}
