using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;
using Workflow.Functions.Spreadsheets;

namespace Workflow.Functions.Select;

/// <summary>
/// A round's applications as a sheet for the ministry and its operator: contact details and where each application
/// stands. It is personal data, so the export is a personal-data read in the round's log, naming its format and size.
/// </summary>
public sealed class ExportApplications(RoundExports exports, ApplicationStore applications, BusinessLog log, TimeProvider clock)
{
    /// <summary>The log detail of an export, by format (<see cref="ApplicantStory.Reads"/> names them).</summary>
    public static string ReadDetail(TableFormat format) => format == TableFormat.Csv ? "export-csv" : "export-xlsx";

    [Function(nameof(ExportApplications))]
    [ApiOperation("応募一覧のダウンロード（xlsx または CSV）")]
    [ApiResponse(200, MediaType = Xlsx.ContentType)]
    [ApiResponse(200, MediaType = "text/csv")]
    [ApiQuery("format", "xlsx（既定）または csv")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/applications/export")] HttpRequest request,
        string roundId)
    {
        var (actor, format, refused) = await exports.OpenAsync(request, nameof(ExportApplications), roundId);
        if (refused is not null)
        {
            return refused;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var rows = await applications.ForExportAsync(roundId, cancellationToken);
        await log.WriteAsync(roundId, clock.GetUtcNow(), actor!.LogName, PersonalDataReads.Action, null, ReadDetail(format), cancellationToken: cancellationToken);
        return TableDownloads.Result(Sheet(rows), format, $"応募一覧_{roundId}");
    }

    public static SheetTable Sheet(IReadOnlyList<ApplicationEntity> rows) => new("応募一覧",
        ["受付番号", "氏名", "ふりがな", "メールアドレス", "電話番号", "都道府県", "応募した人材像", "状態", "書類選考", "選定された人材像", "選定の理由", "修了証番号", "受付日時（日本時間）"],
        [.. rows.Select(e =>
        {
            var lifecycle = e.Lifecycle;
            return (IReadOnlyList<string?>)
            [
                e.RowKey,
                e.FullName,
                e.FullNameKana,
                e.Email,
                e.Phone,
                e.Prefecture,
                string.Join("、", e.PersonaList.Select(SkillStandardCatalog.DisplayName)),
                lifecycle.Status is { } status ? ApplicationNames.DisplayName(status) : null,
                lifecycle.Screening is { } screening ? ScreeningNames.Verdict(screening.Eligible) : ScreeningNames.NotScreened,
                string.Join("、", lifecycle.Outcomes.Where(o => o.Selected).Select(o => SkillStandardCatalog.DisplayName(o.Persona))),
                e.OutcomeReason,
                e.CertificateId,
                TableDownloads.Jst(e.SubmittedAt),
            ];
        })]);
}
