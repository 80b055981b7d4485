using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Audit;
using Workflow.Domain.Municipalities;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Spreadsheets;

namespace Workflow.Functions.Publish;

/// <summary>A roster query's filters, read and checked once for the public and the municipal roster.</summary>
public sealed record RosterQuery(Persona? Persona, string? Prefecture, string? RoundId, int PageSize, string? Continuation)
{
    public static (RosterQuery? Query, IActionResult? Invalid) Read(HttpRequest request)
    {
        var errors = new List<FieldError>();
        Persona? persona = null;
        if (request.Query["persona"].ToString() is { Length: > 0 } p)
        {
            if (SkillStandardCatalog.TryParsePersona(p, out var parsed))
            {
                persona = parsed;
            }
            else
            {
                errors.Add(new FieldError("persona", "人材像の指定が正しくありません。"));
            }
        }

        string? prefecture = request.Query["prefecture"].ToString() is { Length: > 0 } pref ? ApplicationValidator.NormalizeText(pref) : null;
        if (prefecture is not null && !Prefectures.IsPrefecture(prefecture))
        {
            errors.Add(new FieldError("prefecture", "都道府県名の指定が正しくありません。"));
        }

        var pageSize = QueryParameters.PageSize(request, 50, 200, errors);
        var continuation = QueryParameters.Continuation(request, errors);
        var roundId = request.Query["roundId"].ToString() is { Length: > 0 } r ? r : null;
        if (roundId is not null && !Rounds.RoundIds.IsWellFormed(roundId))
        {
            errors.Add(new FieldError("roundId", "公募の指定が正しくありません。"));
        }

        return errors.Count > 0 ? (null, ApiResults.Validation(errors)) : (new RosterQuery(persona, prefecture, roundId, pageSize, continuation), null);
    }

    /// <summary>One page for <paramref name="audience"/>, shaped by <paramref name="shape"/>; a token storage refuses is the caller's error.</summary>
    public async Task<IActionResult> PageAsync<T>(RosterStore roster, RosterAudience audience, Func<RosterEntry, T> shape, CancellationToken cancellationToken)
    {
        try
        {
            var (items, next) = await roster.PageAsync(audience, Persona, Prefecture, RoundId, PageSize, Continuation, cancellationToken);
            return ApiResults.Ok(new Page<T>(items.Select(shape).ToList(), next));
        }
        catch (Azure.RequestFailedException e) when (QueryParameters.IsRefusedToken(e))
        {
            return ApiResults.Validation([QueryParameters.ContinuationError()]);
        }
    }
}

/// <summary>
/// Public: the roster (人材リスト) of people who chose to be shown publicly, with the fewest fields (name, persona,
/// prefecture), filtered, a page at a time. Everyone else listed is counted in <see cref="GetRosterTotals"/> only.
/// </summary>
public sealed class GetRoster(RosterStore roster)
{
    [Function(nameof(GetRoster))]
    [ApiOperation("公開の人材リスト")]
    [ApiResponse(200, typeof(Page<PublicRosterEntry>))]
    [ApiQuery("roundId", "公募ラウンドの ID")]
    [ApiQuery("persona", "人材像", Type = typeof(Persona))]
    [ApiQuery("prefecture", "都道府県名")]
    [ApiQuery("pageSize", "1ページの件数（既定 50、最大 200）", Type = typeof(int))]
    [ApiQuery("continuation", "前のページが返した続きのトークン")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/roster")] HttpRequest request)
    {
        var (query, invalid) = RosterQuery.Read(request);
        return invalid ?? await query!.PageAsync(roster, RosterAudience.Public, PublicRosterEntry.Of, request.HttpContext.RequestAborted);
    }
}

/// <summary>Public: how many people are listed under each persona in each prefecture, whoever may see their profiles.</summary>
public sealed class GetRosterTotals(RosterStore roster)
{
    [Function(nameof(GetRosterTotals))]
    [ApiOperation("人材リストの人数（人材像・都道府県ごと）")]
    [ApiResponse(200, typeof(Collection<RosterTotal>))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/roster/totals")] HttpRequest request) =>
        ApiResults.Ok(new Collection<RosterTotal>(await roster.TotalsAsync(request.HttpContext.RequestAborted)));
}

/// <summary>
/// A signed-in municipality's roster: everyone listed for municipalities, with what the person agreed municipalities
/// see in a list (qualifications, kinds of experience, preferences). The full profile is one more step, and logged
/// (<see cref="GetCandidateProfile"/>).
/// </summary>
public sealed class GetMunicipalRoster(AccessGate access, RosterStore roster)
{
    [Function(nameof(GetMunicipalRoster))]
    [ApiOperation("自治体向けの人材リスト")]
    [ApiResponse(200, typeof(Page<RosterEntry>))]
    [ApiQuery("roundId", "公募ラウンドの ID")]
    [ApiQuery("persona", "人材像", Type = typeof(Persona))]
    [ApiQuery("prefecture", "都道府県名")]
    [ApiQuery("pageSize", "1ページの件数（既定 50、最大 200）", Type = typeof(int))]
    [ApiQuery("continuation", "前のページが返した続きのトークン")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/municipalities/{code}/roster")] HttpRequest request,
        string code)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(GetMunicipalRoster), AccessScope.Municipality(code));
        if (denied is not null)
        {
            return denied;
        }

        if (!MunicipalityCode.IsValid(code))
        {
            return ApiResults.NotFound("団体");
        }

        var (query, invalid) = RosterQuery.Read(request);
        return invalid ?? await query!.PageAsync(roster, RosterAudience.Listed, e => e, request.HttpContext.RequestAborted);
    }
}

/// <summary>The municipality registry.</summary>
public sealed class ListMunicipalities(AccessGate access, MunicipalityStore municipalities)
{
    [Function(nameof(ListMunicipalities))]
    [ApiOperation("登録されている自治体の一覧")]
    [ApiResponse(200, typeof(Collection<Municipality>))]
    [ApiQuery("prefecture", "都道府県名")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/municipalities")] HttpRequest request)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(ListMunicipalities));
        if (denied is not null)
        {
            return denied;
        }

        var prefecture = request.Query["prefecture"].ToString() is { Length: > 0 } p ? ApplicationValidator.NormalizeText(p) : null;
        return ApiResults.Ok(new Collection<Municipality>(await municipalities.ListAsync(prefecture, request.HttpContext.RequestAborted)));
    }
}

/// <summary>
/// The ministry imports the registry: CSV in UTF-8 or Shift_JIS, or the official list as .xlsx, with English or
/// Japanese headings (<see cref="MunicipalityList"/>). All rows valid, or nothing is stored.
/// </summary>
public sealed class ImportMunicipalities(AccessGate access, MunicipalityStore municipalities, BusinessLog log, TimeProvider clock)
{
    /// <summary>What browsers send for a .csv file: Windows with Excel installed names it as an Excel file.</summary>
    private static readonly string[] CsvTypes = ["text/csv", "text/plain", "application/vnd.ms-excel", "application/csv"];

    [Function(nameof(ImportMunicipalities))]
    [ApiOperation("自治体の一覧を取り込む（CSV または .xlsx）", Upload = ["text/csv", "text/plain", "application/vnd.ms-excel", "application/csv", Xlsx.ContentType])]
    [ApiResponse(200, typeof(MunicipalityImport))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/municipalities/import")] HttpRequest request)
    {
        var limit = BodyLimits.Apply(request, nameof(ImportMunicipalities));
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ImportMunicipalities));
        if (denied is not null)
        {
            return denied;
        }

        if (request.ContentLength > limit.Bytes)
        {
            return BodyLimits.TooLarge(limit);
        }

        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var declaredXlsx = type == Xlsx.ContentType;
        if (type is null || !(declaredXlsx || CsvTypes.Contains(type)))
        {
            return ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "CSV（text/csv）または Excel ブック（.xlsx）で送信してください。");
        }

        var (body, tooLarge) = await RequestBody.ReadAllAsync(request);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        using var buffer = body!;
        var bytes = buffer.ToArray();
        var reading = Read(bytes, declaredXlsx || Xlsx.LooksLikeXlsx(bytes), out var unreadable);
        if (unreadable is not null)
        {
            return ApiResults.Validation([unreadable]);
        }

        if (reading!.Errors.Count > 0)
        {
            return ApiResults.Validation(reading.Errors, "ファイルに誤りがあるため、1件も登録していません。");
        }

        var rows = reading.Rows;
        await municipalities.UpsertAsync(rows, reading.HasAddresses, request.HttpContext.RequestAborted);
        await log.WriteAsync(LogChain.Registry, clock.GetUtcNow(), actor!.LogName, BusinessLogActions.MunicipalitiesImported, null, $"{rows.Count}件",
            cancellationToken: request.HttpContext.RequestAborted);
        var ignored = reading.IgnoredColumns.Count == 0 ? string.Empty : $"次の列は使っていません: {string.Join("、", reading.IgnoredColumns.Select(c => c.ReplaceLineEndings(string.Empty)))}";
        return ApiResults.Ok(new MunicipalityImport(rows.Count, $"{rows.Count}件の団体を登録しました。{ignored}", reading.IgnoredColumns));
    }

    private static MunicipalityListReading? Read(byte[] bytes, bool xlsx, out FieldError? unreadable)
    {
        unreadable = null;
        if (xlsx)
        {
            try
            {
                using var stream = new MemoryStream(bytes, writable: false);
                return MunicipalityList.Read(Xlsx.ReadFirstSheet(stream));
            }
            catch (InvalidDataException)
            {
                unreadable = new FieldError("body", "Excel ブック（.xlsx）として読み込めませんでした。Excel で「Excel ブック」として保存し直すか、CSV で保存してください。");
                return null;
            }
        }

        if (MunicipalityCsv.Decode(bytes) is not { } text)
        {
            unreadable = new FieldError("body", "CSVの文字コードを読み取れませんでした。UTF-8 または Shift_JIS（Excel の「CSV（コンマ区切り）」）で保存してください。");
            return null;
        }

        return MunicipalityCsv.Read(text);
    }
}

/// <param name="IgnoredColumns">Headings of columns the file had that the registry does not use (the official list's カナ).</param>
public sealed record MunicipalityImport(int Imported, string Message, IReadOnlyList<string> IgnoredColumns);

/// <summary>A municipality's notifications inbox (only its own).</summary>
public sealed class ListMunicipalityNotifications(AccessGate access, NotificationStore notifications)
{
    [Function(nameof(ListMunicipalityNotifications))]
    [ApiOperation("自治体への通知")]
    [ApiResponse(200, typeof(Page<Notification>))]
    [ApiQuery("pageSize", "1ページの件数（既定 50、最大 200）", Type = typeof(int))]
    [ApiQuery("continuation", "前のページが返した続きのトークン")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/municipalities/{code}/notifications")] HttpRequest request,
        string code)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(ListMunicipalityNotifications), AccessScope.Municipality(code));
        if (denied is not null)
        {
            return denied;
        }

        if (!MunicipalityCode.IsValid(code))
        {
            return ApiResults.NotFound("団体");
        }

        var errors = new List<FieldError>();
        var pageSize = QueryParameters.PageSize(request, 50, 200, errors);
        var continuation = QueryParameters.Continuation(request, errors);
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        return await NotificationPages.ReadAsync(notifications, NotificationStore.MunicipalityPartition(code), pageSize, continuation, request.HttpContext.RequestAborted);
    }
}

/// <summary>The ministry's own notifications (appointments made).</summary>
public sealed class ListMinistryNotifications(AccessGate access, NotificationStore notifications)
{
    [Function(nameof(ListMinistryNotifications))]
    [ApiOperation("総務省への通知")]
    [ApiResponse(200, typeof(Page<Notification>))]
    [ApiQuery("pageSize", "1ページの件数（既定 100、最大 200）", Type = typeof(int))]
    [ApiQuery("continuation", "前のページが返した続きのトークン")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ministry/notifications")] HttpRequest request)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(ListMinistryNotifications));
        if (denied is not null)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        var pageSize = QueryParameters.PageSize(request, 100, 200, errors);
        var continuation = QueryParameters.Continuation(request, errors);
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        return await NotificationPages.ReadAsync(notifications, NotificationStore.MinistryPartition, pageSize, continuation, request.HttpContext.RequestAborted);
    }
}

/// <summary>One page of a notification partition; a token storage refuses is the caller's error.</summary>
internal static class NotificationPages
{
    public static async Task<IActionResult> ReadAsync(NotificationStore notifications, string partition, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        try
        {
            var (items, next) = await notifications.ForPartitionAsync(partition, pageSize, continuation, cancellationToken);
            return ApiResults.Ok(new Page<Notification>(items, next));
        }
        catch (Azure.RequestFailedException e) when (QueryParameters.IsRefusedToken(e))
        {
            return ApiResults.Validation([QueryParameters.ContinuationError()]);
        }
    }
}
