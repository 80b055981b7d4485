using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Select;

public sealed record ConflictDeclarationRequest(bool? HasConflict);

public sealed record ConflictClearanceRequest(string? Reason);

public sealed record ConflictDeclared(string ApplicationId, bool HasConflict, DateTimeOffset DeclaredAt, string Message);

/// <param name="HasConflict">Left out while no declaration stands.</param>
public sealed record OwnConflictDeclaration(string ApplicationId, bool Declared, bool? HasConflict, DateTimeOffset? DeclaredAt, string Message,
    IReadOnlyList<DeclarationHistoryEntry> History);

public sealed record DeclarationHistoryEntry(int Sequence, DeclarationKind Kind, DateTimeOffset At, string? ClearedBy, string? Reason);

public sealed record ConflictCleared(string ApplicationId, string Declarant, string? ClearedBy, DateTimeOffset ClearedAt, string? Reason, string Message);

public enum DeclarationKind { NoConflict, Conflict, Cleared }

/// <summary>
/// One entry of what a declarant said about one application, numbered in the order made: a declaration of no conflict
/// or of a conflict, or the clearance of a conflict by ministry or operator staff (who, and why).
/// </summary>
public sealed record DeclarationEntry(
    string ApplicationId,
    string Declarant,
    int Sequence,
    DeclarationKind Kind,
    DateTimeOffset At,
    string? ClearedBy = null,
    string? Reason = null);

/// <summary>A declaration that stands: the declarant's last entry, unless that was a clearance.</summary>
public sealed record ConflictDeclaration(string ApplicationId, string Declarant, bool HasConflict, DateTimeOffset DeclaredAt);

public enum DeclareResult { Recorded, Repeated, Refused }

/// <param name="Entry">The entry just recorded; for a repeated or refused declaration, the one that stands.</param>
public sealed record DeclareOutcome(DeclareResult Result, DeclarationEntry Entry);

public enum ClearResult { Cleared, AlreadyCleared, NoDeclaration, NoConflictDeclared }

public sealed record ClearOutcome(ClearResult Result, DeclarationEntry? Entry);

/// <summary>
/// What each panel member declared about each application. Entries are only ever added, numbered per declarant,
/// so a declared conflict cannot be overwritten: only a clearance by ministry or operator staff ends it, and that is
/// an entry too. One partition per application, so the entries go when the applicant's data is erased.
/// Next to a declarant's entries, a standing row (<see cref="StandingKey"/>) copies the last one and moves in the same
/// transaction as each new entry, under its ETag: every check before a scoring or a decision, and every new entry, is
/// then one point read. A range query would do in Azure, but Azurite evaluates every query over the whole table, and
/// at 10,000 applicants that table holds ~30,000 rows (docs/benchmarks.md). For the same reason the standing row's
/// key names the application although its partition does too: Azurite finds a row by its row key first, and a key
/// every partition repeats (a reviewer's name) would make each point read scan thousands of rows.
/// </summary>
public sealed class ConflictDeclarationStore(WorkflowStorage storage)
{
    /// <summary>Orders a declarant's entries after its name; '~' sorts after every digit, closing the range.</summary>
    private const char Separator = '|';

    private const int Attempts = 10;

    /// <summary>Whether a name could key a declarant's entries: Table Storage refuses some characters in keys.</summary>
    public static bool CouldBeDeclarant(string declarant) =>
        declarant.Length is > 0 and <= 300 && !declarant.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?');

    public static string RowKey(string declarant, int sequence) => $"{declarant}{Separator}{sequence.ToString("D6", CultureInfo.InvariantCulture)}";

    private const string StandingPrefix = "~standing" + "|";

    /// <summary>The row that copies a declarant's last entry on one application; '~' sorts it after every declarant's entries.</summary>
    public static string StandingKey(string applicationId, string declarant) => $"{StandingPrefix}{applicationId}{Separator}{declarant}";

    private static bool IsStanding(TableEntity row) => row.RowKey.StartsWith(StandingPrefix, StringComparison.Ordinal);

    /// <summary>Every entry of one declarant about one application, oldest first.</summary>
    public async Task<IReadOnlyList<DeclarationEntry>> HistoryAsync(string applicationId, string declarant, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.ConflictDeclarations);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table,
            TableClient.CreateQueryFilter($"PartitionKey eq {applicationId} and RowKey ge {declarant} and RowKey lt {declarant + Separator + "~"}"),
            cancellationToken: cancellationToken);
        return rows.Select(r => Parse(r, declarant)).OfType<DeclarationEntry>().OrderBy(e => e.Sequence).ToList();
    }

    /// <summary>The declaration that stands; none before any, or after a clearance.</summary>
    public async Task<ConflictDeclaration?> GetAsync(string applicationId, string declarant, CancellationToken cancellationToken = default) =>
        Standing((await LastAsync(applicationId, declarant, cancellationToken)).Entry);

    /// <summary>
    /// The standing declarations of several declarants (a panel's members) on one application, one point read each:
    /// those who declared a conflict that stands.
    /// </summary>
    public async Task<IReadOnlySet<string>> ConflictedAmongDeclarantsAsync(string applicationId, IEnumerable<string> declarants, CancellationToken cancellationToken = default)
    {
        var standing = await Task.WhenAll(declarants.Distinct(StringComparer.Ordinal).Select(d => GetAsync(applicationId, d, cancellationToken)));
        return standing.Where(d => d is { HasConflict: true }).Select(d => d!.Declarant).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The declarant's last entry, from the standing row, with the ETag the next entry is written on.</summary>
    private async Task<(DeclarationEntry? Entry, ETag? ETag)> LastAsync(string applicationId, string declarant, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Tables.ConflictDeclarations);
        if (await TableBatches.GetOrDefaultAsync<TableEntity>(table, applicationId, StandingKey(applicationId, declarant), cancellationToken) is not { } standing)
        {
            return (null, null);
        }

        var entry = Enum.TryParse<DeclarationKind>(standing.GetString("Kind"), out var kind) && standing.GetInt32("Sequence") is { } sequence
            ? new DeclarationEntry(applicationId, declarant, sequence, kind, standing.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                standing.GetString("ClearedBy"), standing.GetString("Reason"))
            : null;
        return (entry, standing.ETag);
    }

    public static ConflictDeclaration? Standing(DeclarationEntry? last) => last is { Kind: DeclarationKind.NoConflict or DeclarationKind.Conflict }
        ? new ConflictDeclaration(last.ApplicationId, last.Declarant, last.Kind == DeclarationKind.Conflict, last.At)
        : null;

    /// <summary>
    /// Adds a declaration, unless the same one stands already (then it is answered again) or it would take back a
    /// declared conflict (refused). Two requests of the same declarant racing for the same entry number: the loser
    /// decides again on the history as the winner left it.
    /// </summary>
    public async Task<DeclareOutcome> DeclareAsync(string applicationId, string declarant, bool hasConflict, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var wanted = hasConflict ? DeclarationKind.Conflict : DeclarationKind.NoConflict;
        for (var attempt = 0; ; attempt++)
        {
            var (last, etag) = await LastAsync(applicationId, declarant, cancellationToken);
            if (last?.Kind == wanted)
            {
                return new DeclareOutcome(DeclareResult.Repeated, last);
            }

            if (last?.Kind == DeclarationKind.Conflict)
            {
                return new DeclareOutcome(DeclareResult.Refused, last);
            }

            var entry = new DeclarationEntry(applicationId, declarant, (last?.Sequence ?? 0) + 1, wanted, at);
            if (await TryAddAsync(entry, etag, attempt, cancellationToken))
            {
                return new DeclareOutcome(DeclareResult.Recorded, entry);
            }
        }
    }

    /// <summary>Ends a declared conflict with a clearance entry; a conflict already cleared is answered with its clearance.</summary>
    public async Task<ClearOutcome> ClearAsync(string applicationId, string declarant, string clearedBy, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (last, etag) = await LastAsync(applicationId, declarant, cancellationToken);
            switch (last?.Kind)
            {
                case null:
                    return new ClearOutcome(ClearResult.NoDeclaration, null);
                case DeclarationKind.NoConflict:
                    return new ClearOutcome(ClearResult.NoConflictDeclared, last);
                case DeclarationKind.Cleared:
                    return new ClearOutcome(ClearResult.AlreadyCleared, last);
            }

            var entry = new DeclarationEntry(applicationId, declarant, last.Sequence + 1, DeclarationKind.Cleared, at, clearedBy, reason);
            if (await TryAddAsync(entry, etag, attempt, cancellationToken))
            {
                return new ClearOutcome(ClearResult.Cleared, entry);
            }
        }
    }

    /// <summary>
    /// Of <paramref name="applicationIds"/> (one round's), those on which <paramref name="declarant"/>'s declared
    /// conflict stands. One range query over the applications' partitions, not one per application: a list page's
    /// ids are a run of consecutive ids (or close to one), and the filter keeps only this declarant's entries.
    /// </summary>
    public async Task<IReadOnlySet<string>> ConflictedAmongAsync(string declarant, IReadOnlyCollection<string> applicationIds, CancellationToken cancellationToken = default)
    {
        if (applicationIds.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var wanted = applicationIds.ToHashSet(StringComparer.Ordinal);
        var from = wanted.Min(StringComparer.Ordinal)!;
        var to = wanted.Max(StringComparer.Ordinal)!;
        var table = await storage.TableAsync(Tables.ConflictDeclarations);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table,
            TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey le {to} and RowKey ge {declarant} and RowKey lt {declarant + Separator + "~"}"),
            cancellationToken: cancellationToken);
        return rows.Where(r => wanted.Contains(r.PartitionKey) && !IsStanding(r))
            .Select(r => Parse(r, declarant)).OfType<DeclarationEntry>()
            .GroupBy(e => e.ApplicationId, StringComparer.Ordinal)
            .Where(g => g.MaxBy(e => e.Sequence)!.Kind == DeclarationKind.Conflict)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The declarants whose standing declaration on one application is a conflict: one partition read.</summary>
    public async Task<IReadOnlySet<string>> ConflictedOnAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.ConflictDeclarations);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, TableClient.CreateQueryFilter($"PartitionKey eq {applicationId}"), cancellationToken: cancellationToken);
        return Conflicted(rows).GetValueOrDefault(applicationId) ?? new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// For every application of a round that has any, the declarants whose standing declaration is a conflict: whose
    /// scores do not count there. One range query over the round's applications.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> ConflictsInRoundAsync(string roundId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.ConflictDeclarations);
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table,
            TableClient.CreateQueryFilter($"PartitionKey gt {roundId + "_"} and PartitionKey lt {roundId + "_~"}"), cancellationToken: cancellationToken);
        return Conflicted(rows);
    }

    private static Dictionary<string, IReadOnlySet<string>> Conflicted(IEnumerable<TableEntity> rows)
    {
        return rows.Where(r => r.GetString("Declarant") is not null && !IsStanding(r))
            .Select(r => Parse(r, r.GetString("Declarant")!)).OfType<DeclarationEntry>()
            .GroupBy(e => (e.ApplicationId, e.Declarant))
            .Where(g => g.MaxBy(e => e.Sequence)!.Kind == DeclarationKind.Conflict)
            .GroupBy(g => g.Key.ApplicationId, g => g.Key.Declarant, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public async Task DeleteForApplicationAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.ConflictDeclarations);
        await TableBatches.DeleteWhereAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {applicationId}"), cancellationToken);
    }

    /// <summary>Null when the actor may look at and decide the application; otherwise the answer to give.</summary>
    public async Task<JsonBodyResult?> RequireNoConflictAsync(Actor actor, string applicationId, CancellationToken cancellationToken)
    {
        var declaration = await GetAsync(applicationId, actor.LogName, cancellationToken);
        return declaration switch
        {
            null => ApiResults.Conflict("利益相反がないことの申告が必要です。", "この応募について、先に利益相反の有無を申告してください。"),
            { HasConflict: true } => ApiResults.Conflict("利益相反を申告した応募です。", "この応募の審査・決定には加われません。"),
            _ => null,
        };
    }

    /// <summary>
    /// Adds the entry and moves the standing row onto it in one transaction: the standing row as read (<paramref name="etag"/>,
    /// or none yet) must still be there, so of two requests racing for the same number one wins whole.
    /// </summary>
    /// <returns>False when another request took the entry's number first.</returns>
    private async Task<bool> TryAddAsync(DeclarationEntry entry, ETag? etag, int attempt, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Tables.ConflictDeclarations);
        TableEntity Row(string rowKey) => new(entry.ApplicationId, rowKey)
        {
            ["Declarant"] = entry.Declarant,
            ["Kind"] = entry.Kind.ToString(),
            ["At"] = entry.At,
            ["ClearedBy"] = entry.ClearedBy,
            ["Reason"] = entry.Reason,
        };
        var standing = Row(StandingKey(entry.ApplicationId, entry.Declarant));
        standing["Sequence"] = entry.Sequence;
        try
        {
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, Row(RowKey(entry.Declarant, entry.Sequence))),
                etag is { } current
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, standing, current)
                    : new TableTransactionAction(TableTransactionActionType.Add, standing),
            ], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < Attempts)
        {
            return false;
        }
    }

    /// <summary>
    /// An entry of this declarant, or null for a row of another whose name merely starts alike. A row keyed by the
    /// declarant alone is a declaration from before entries were numbered: it counts as the first.
    /// </summary>
    private static DeclarationEntry? Parse(TableEntity row, string declarant)
    {
        int sequence;
        if (row.RowKey == declarant)
        {
            sequence = 0;
        }
        else if (row.RowKey.Length != declarant.Length + 7 || row.RowKey[declarant.Length] != Separator || !row.RowKey.StartsWith(declarant, StringComparison.Ordinal)
                 || !int.TryParse(row.RowKey.AsSpan(declarant.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return null;
        }

        var kind = Enum.TryParse<DeclarationKind>(row.GetString("Kind"), out var parsed) ? parsed
            : row.GetBoolean("HasConflict") == false ? DeclarationKind.NoConflict : DeclarationKind.Conflict;
        return new DeclarationEntry(row.PartitionKey, declarant, sequence, kind,
            row.GetDateTimeOffset("At") ?? row.GetDateTimeOffset("DeclaredAt") ?? DateTimeOffset.MinValue, row.GetString("ClearedBy"), row.GetString("Reason"));
    }
}

/// <summary>
/// A reviewer (or operator staff) declares, for one application, whether it has a conflict of interest. Declarations
/// are kept as they were made: the same one again is answered the same; "no conflict" after "conflict" is refused.
/// </summary>
public sealed class DeclareConflictOfInterest(AccessGate access, ApplicationStore applications, ConflictDeclarationStore declarations, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(DeclareConflictOfInterest))]
    [ApiOperation("利益相反の有無を申告する", Body = typeof(ConflictDeclarationRequest))]
    [ApiResponse(200, typeof(ConflictDeclared))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/rounds/{roundId}/applications/{applicationId}/conflict-of-interest")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(DeclareConflictOfInterest), new AccessScope(RoundId: roundId, ApplicationId: applicationId));
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadJsonAsync<ConflictDeclarationRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (body!.HasConflict is null)
        {
            return ApiResults.Validation([new FieldError("hasConflict", "利益相反があるか（true）ないか（false）を指定してください。")]);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var application = await applications.GetAsync(applicationId, cancellationToken);
        if (application is null || application.RoundId != roundId)
        {
            return ApiResults.NotFound("応募");
        }

        var now = clock.GetUtcNow();
        var outcome = await declarations.DeclareAsync(applicationId, actor!.LogName, body.HasConflict.Value, now, cancellationToken);
        if (outcome.Result == DeclareResult.Refused)
        {
            return ApiResults.Conflict("利益相反ありと申告済みのため、「利益相反なし」には変更できません。",
                "申告の取消しは、総務省または受託事業者が理由を付けて行います。");
        }

        var entry = outcome.Entry;
        if (entry.Kind == DeclarationKind.Conflict)
        {
            // After the declaration is stored, so that a decision checked before it fails its conditional write, or is
            // taken back if it got in first. A repeated declaration does it again: its first request may have died between.
            await applications.RecordConflictDeclaredAsync(applicationId, actor.LogName, now, cancellationToken);
        }

        if (outcome.Result == DeclareResult.Recorded)
        {
            await log.WriteAsync(roundId, now, actor.LogName, entry.Kind == DeclarationKind.Conflict ? BusinessLogActions.ConflictOfInterestDeclared : BusinessLogActions.NoConflictOfInterestDeclared,
                applicationId, cancellationToken: cancellationToken);
        }

        var hasConflict = entry.Kind == DeclarationKind.Conflict;
        return ApiResults.Ok(new ConflictDeclared(
            applicationId,
            hasConflict,
            entry.At,
            hasConflict ? "利益相反ありとして記録しました。この応募の審査には加われません。" : "利益相反なしとして記録しました。"));
    }
}

/// <summary>What the caller has declared about one application: the page asks for a declaration only when none stands.</summary>
public sealed class GetOwnConflictDeclaration(AccessGate access, ApplicationStore applications, ConflictDeclarationStore declarations)
{
    [Function(nameof(GetOwnConflictDeclaration))]
    [ApiOperation("自分の利益相反の申告")]
    [ApiResponse(200, typeof(OwnConflictDeclaration))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/applications/{applicationId}/conflict-of-interest")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(GetOwnConflictDeclaration), new AccessScope(RoundId: roundId, ApplicationId: applicationId));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var application = await applications.GetAsync(applicationId, cancellationToken);
        if (application is null || application.RoundId != roundId)
        {
            return ApiResults.NotFound("応募");
        }

        var history = await declarations.HistoryAsync(applicationId, actor!.LogName, cancellationToken);
        var standing = ConflictDeclarationStore.Standing(history.LastOrDefault());
        return ApiResults.Ok(new OwnConflictDeclaration(
            applicationId,
            standing is not null,
            standing?.HasConflict,
            standing?.DeclaredAt,
            standing switch
            {
                null when history.Count > 0 => "利益相反の申告は取り消されました。審査に加わるには、改めて申告してください。",
                null => "この応募について、まだ利益相反の有無を申告していません。",
                { HasConflict: true } => "利益相反ありと申告済みです。この応募の審査には加われません。",
                _ => "利益相反なしと申告済みです。",
            },
            history.Select(e => new DeclarationHistoryEntry(e.Sequence, e.Kind, e.At, e.ClearedBy, e.Reason)).ToList()));
    }
}

/// <summary>
/// Ministry or operator staff end a declared conflict, with a reason: the declarant may then declare again. The
/// clearance is an entry of the declaration's history (with its reason, erased with the applicant's data) and a line
/// of the business log (who cleared whose declaration; no free text, which could name people).
/// </summary>
public sealed class ClearConflictOfInterest(AccessGate access, ApplicationStore applications, ConflictDeclarationStore declarations, BusinessLog log, TimeProvider clock)
{
    public const string Action = "ConflictOfInterestCleared";

    private const int MaxReasonLength = 500;

    [Function(nameof(ClearConflictOfInterest))]
    [ApiOperation("利益相反の申告を取り消す", Body = typeof(ConflictClearanceRequest))]
    [ApiResponse(200, typeof(ConflictCleared))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/applications/{applicationId}/conflict-of-interest/{declarant}/clearance")] HttpRequest request,
        string roundId,
        string applicationId,
        string declarant)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ClearConflictOfInterest), new AccessScope(RoundId: roundId, ApplicationId: applicationId));
        if (denied is not null)
        {
            return denied;
        }

        if (string.Equals(declarant, actor!.LogName, StringComparison.Ordinal))
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "自分が行った利益相反の申告は取り消せません。", "総務省または受託事業者の別の職員に依頼してください。");
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var application = await applications.GetAsync(applicationId, cancellationToken);
        if (application is null || application.RoundId != roundId)
        {
            return ApiResults.NotFound("応募");
        }

        if (!ConflictDeclarationStore.CouldBeDeclarant(declarant))
        {
            return ApiResults.NotFound("この申告者の利益相反の申告");
        }

        var (body, error) = await RequestBody.ReadJsonAsync<ConflictClearanceRequest>(request);
        if (error is not null)
        {
            return error;
        }

        var reason = ApplicationValidator.NormalizeText(body!.Reason ?? string.Empty);
        if (reason.Length == 0 || reason.Length > MaxReasonLength)
        {
            return ApiResults.Validation([new FieldError("reason", $"取り消す理由を{MaxReasonLength}文字以内で入力してください。")]);
        }

        var now = clock.GetUtcNow();
        var outcome = await declarations.ClearAsync(applicationId, declarant, actor.LogName, reason, now, cancellationToken);
        switch (outcome.Result)
        {
            case ClearResult.NoDeclaration:
                return ApiResults.NotFound("この申告者の利益相反の申告");
            case ClearResult.NoConflictDeclared:
                return ApiResults.Conflict("取り消す利益相反の申告がありません。", "この申告者は、この応募について利益相反なしと申告しています。");
            case ClearResult.Cleared:
                await log.WriteAsync(roundId, now, actor.LogName, Action, applicationId, declarant, cancellationToken: cancellationToken);
                break;
        }

        var entry = outcome.Entry!;
        return ApiResults.Ok(new ConflictCleared(
            applicationId,
            declarant,
            entry.ClearedBy,
            entry.At,
            entry.Reason,
            "利益相反の申告を取り消しました。申告者は改めて申告してから審査に加われます。"));
    }
}
