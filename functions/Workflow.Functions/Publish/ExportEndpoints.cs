using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;
using Workflow.Functions.Spreadsheets;

namespace Workflow.Functions.Publish;

/// <summary>A round's roster (人材リスト) as a sheet, every entry, for the ministry and the operator to pass on.</summary>
public sealed class ExportRoster(RoundExports exports, RosterStore roster)
{
    [Function(nameof(ExportRoster))]
    [ApiOperation("人材リストのダウンロード（xlsx または CSV）")]
    [ApiResponse(200, MediaType = Xlsx.ContentType)]
    [ApiResponse(200, MediaType = "text/csv")]
    [ApiQuery("format", "xlsx（既定）または csv")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/roster/export")] HttpRequest request,
        string roundId)
    {
        var (_, format, refused) = await exports.OpenAsync(request, nameof(ExportRoster), roundId);
        if (refused is not null)
        {
            return refused;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var entries = new List<RosterEntry>();
        string? continuation = null;
        do
        {
            (var page, continuation) = await roster.PageAsync(RosterAudience.Listed, null, null, roundId, 1000, continuation, cancellationToken);
            entries.AddRange(page);
        }
        while (continuation is not null);

        return TableDownloads.Result(Sheet(entries), format, $"人材リスト_{roundId}");
    }

    public static SheetTable Sheet(IEnumerable<RosterEntry> entries) => new("人材リスト",
        ["受付番号", "氏名", "都道府県", "人材像", "資格", "経験", "修了証番号", "掲載の範囲", "掲載日時（日本時間）"],
        [.. entries.OrderBy(e => e.CandidateId, StringComparer.Ordinal).Select(e => (IReadOnlyList<string?>)
        [
            e.CandidateId,
            e.Name,
            e.Prefecture,
            string.Join("、", e.PersonaNames),
            string.Join("、", e.Qualifications),
            string.Join("、", e.Experience),
            e.CertificateId,
            ListingNames.DisplayName(e.Tier),
            TableDownloads.Jst(e.PublishedAt),
        ])]);
}

/// <summary>The municipality registry as a sheet, in the headings its import reads, so that it can be edited and imported again.</summary>
public sealed class ExportMunicipalities(AccessGate access, MunicipalityStore municipalities)
{
    [Function(nameof(ExportMunicipalities))]
    [ApiOperation("自治体の一覧のダウンロード（xlsx または CSV）")]
    [ApiResponse(200, MediaType = Xlsx.ContentType)]
    [ApiResponse(200, MediaType = "text/csv")]
    [ApiQuery("format", "xlsx（既定）または csv")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/municipalities/export")] HttpRequest request)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(ExportMunicipalities));
        if (denied is not null)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        var format = TableDownloads.Format(request, errors);
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        var list = await municipalities.ListAsync(null, request.HttpContext.RequestAborted);
        return TableDownloads.Result(Sheet(list), format, "団体一覧");
    }

    public static SheetTable Sheet(IEnumerable<Municipality> list) => new("団体一覧",
        ["団体コード", "団体名", "都道府県名", "メールアドレス"],
        [.. list.Select(m => (IReadOnlyList<string?>)[m.Code, m.Name, m.Prefecture, m.Email])]);
}
