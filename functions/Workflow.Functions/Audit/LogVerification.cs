using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Workflow.Domain.Audit;
using Workflow.Functions.Configuration;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Audit;

/// <summary>A chain's verification as auditors read it, with the sentence the page shows.</summary>
public sealed record LogVerificationAnswer(
    string Chain,
    bool Intact,
    long IntactUpTo,
    int Entries,
    ChainSeal? Sealed,
    ChainBreak? Break,
    string BreakKind,
    string Summary,
    DateTimeOffset VerifiedAt);

/// <summary>Reads a chain, its head and its seals, and asks <see cref="ChainVerifier"/>.</summary>
public sealed class LogVerifier(BusinessLog log, LogSeals seals, TimeProvider clock)
{
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

    public async Task<LogVerificationAnswer> VerifyAsync(string chain, CancellationToken cancellationToken)
    {
        var read = log.ReadChainAsync(chain, cancellationToken);
        var sealedHeads = seals.ReadAsync(chain, cancellationToken);
        var (entries, head) = await read;
        var result = ChainVerifier.Verify(chain, entries, head, await sealedHeads);
        var summary = result switch
        {
            { Intact: true, IntactUpTo: 0 } => "まだ記録はありません。",
            { Intact: true, Sealed: { } seal } =>
                $"第{result.IntactUpTo}件まで改ざんは見つかりませんでした（第{seal.Seq}件までは{seal.SealedAt:yyyy-MM-dd HH:mm}（UTC）の封印とも一致）。",
            { Intact: true } => $"第{result.IntactUpTo}件まで改ざんは見つかりませんでした（まだ封印はありません）。",
            _ => $"第{result.IntactUpTo}件までは改ざんは見つかりませんでした。{result.Break!.Message}",
        };
        return new LogVerificationAnswer(result.Chain, result.Intact, result.IntactUpTo, result.Entries, result.Sealed, result.Break,
            result.Break is null ? string.Empty : BreakKindNames[result.Break.Kind.ToString()], summary, clock.GetUtcNow());
    }
}

/// <summary>Auditors verify a round's business log: intact up to entry N, or where it breaks.</summary>
public sealed class VerifyRoundLog(AccessGate access, RoundStore rounds, LogVerifier verifier)
{
    [Function(nameof(VerifyRoundLog))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit/rounds/{roundId}/log/verification")] HttpRequest request,
        string roundId)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(VerifyRoundLog), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await rounds.GetAsync(roundId, cancellationToken) is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        return ApiResults.Ok(await verifier.VerifyAsync(roundId, cancellationToken));
    }
}

/// <summary>Auditors verify the chain of actions outside any round (the municipality registry).</summary>
public sealed class VerifyRegistryLog(AccessGate access, LogVerifier verifier)
{
    [Function(nameof(VerifyRegistryLog))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit/registry/log/verification")] HttpRequest request)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(VerifyRegistryLog), AccessScope.None);
        return denied ?? ApiResults.Ok(await verifier.VerifyAsync(LogChain.Registry, request.HttpContext.RequestAborted));
    }
}

/// <summary>
/// Seals every chain's head on a schedule (<see cref="SettingNames.LogSealSchedule"/>), so that a chain rewritten
/// since no longer matches what was sealed. A chain whose head has not moved keeps its last seal.
/// </summary>
public sealed class SealLogChains(RoundStore rounds, LogSeals seals, ILogger<SealLogChains> logger)
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
                sealedCount += await seals.SealAsync(chain, cancellationToken) is null ? 0 : 1;
            }
            catch (Azure.RequestFailedException e)
            {
                logger.LogWarning(e, "Could not seal the business log chain {Chain}", chain);
            }
        }

        logger.LogInformation("Sealed {Count} business log chains", sealedCount);
    }
}
