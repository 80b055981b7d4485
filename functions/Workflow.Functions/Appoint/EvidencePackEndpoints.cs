using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Calendar;
using Workflow.Domain.Municipalities;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Publish;
using Workflow.Functions.Spreadsheets;

namespace Workflow.Functions.Appoint;

/// <param name="FiscalYear">The year the fiscal year starts in (2026 for 令和8年度).</param>
public sealed record EvidencePackRequest(int? FiscalYear);

/// <summary>A pack as the API describes it, with where to download it.</summary>
public sealed record EvidencePackView(string PackId, string MunicipalityCode, string MunicipalityName, int FiscalYear, string FiscalYearName, DateTimeOffset IssuedAt,
    int Appointments, string PdfUrl, string CsvUrl);

/// <summary>What the ministry learns from checking a pack: whether the record still agrees with its signature.</summary>
public sealed record EvidencePackVerification(string PackId, bool Intact, string Summary, string MunicipalityCode, string MunicipalityName, int FiscalYear,
    DateTimeOffset IssuedAt, int Appointments, string KeyId, string Signature);

/// <summary>How a pack is downloaded.</summary>
public enum EvidenceFormat
{
    Pdf,
    Csv,
}

/// <summary>
/// A municipality (or the ministry for it) makes the evidence pack of a fiscal year from its accepted appointments
/// under the 特別交付税措置 (ADR 0016). Asking again for an unchanged year answers the pack already made.
/// </summary>
public sealed class IssueEvidencePack(AccessGate access, MunicipalityStore municipalities, EvidencePackStore packs, TimeProvider clock)
{
    /// <summary>The first fiscal year the measure was in force (自治体DX推進計画, 令和3年度).</summary>
    public const int FirstFiscalYear = 2021;

    [Function(nameof(IssueEvidencePack))]
    [ApiOperation("特別交付税措置の証跡を発行する", Body = typeof(EvidencePackRequest))]
    [ApiResponse(200, typeof(EvidencePackView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/municipalities/{code}/evidence-packs")] HttpRequest request,
        string code)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(IssueEvidencePack), AccessScope.Municipality(code));
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadJsonAsync<EvidencePackRequest>(request);
        if (error is not null)
        {
            return error;
        }

        var now = clock.GetUtcNow();
        var today = JapaneseDates.DayInJapan(now);
        var current = today.Month >= 4 ? today.Year : today.Year - 1;
        if (body!.FiscalYear is not { } year || year < FirstFiscalYear || year > current + 1)
        {
            return ApiResults.Validation([new FieldError("fiscalYear",
                $"年度は{FirstFiscalYear}（{EvidencePackFacts.FiscalYearName(FirstFiscalYear)}）から{current + 1}（{EvidencePackFacts.FiscalYearName(current + 1)}）までの西暦で指定してください。")]);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (!MunicipalityCode.IsValid(code) || await municipalities.GetAsync(code, cancellationToken) is not { } municipality)
        {
            return ApiResults.NotFound("団体");
        }

        var pack = await packs.IssueAsync(municipality, year, now, cancellationToken);
        return ApiResults.Ok(View(pack));
    }

    public static EvidencePackView View(EvidencePackRecord pack)
    {
        var f = pack.Facts;
        var path = $"/api/evidence-packs/{f.PackId}";
        return new EvidencePackView(f.PackId, f.MunicipalityCode, f.MunicipalityName, f.FiscalYear, EvidencePackFacts.FiscalYearName(f.FiscalYear), f.IssuedAt,
            f.Lines.Count, path + "?format=pdf", path + "?format=csv");
    }
}

/// <summary>A pack as its PDF or CSV, for the municipality that made it, the ministry and auditors.</summary>
public sealed class GetEvidencePack(AccessGate access, EvidencePackStore packs)
{
    [Function(nameof(GetEvidencePack))]
    [ApiOperation("証跡のダウンロード（PDF または CSV）")]
    [ApiResponse(200, MediaType = "application/pdf")]
    [ApiResponse(200, MediaType = "text/csv")]
    [ApiQuery("format", "pdf（既定）または csv")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/evidence-packs/{packId}")] HttpRequest request,
        string packId)
    {
        var code = EvidencePackStore.CodeOf(packId) ?? string.Empty;
        var (_, denied) = await access.AuthorizeAsync(request, nameof(GetEvidencePack), AccessScope.Municipality(code));
        if (denied is not null)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        var format = QueryParameters.Enum<EvidenceFormat>(request, "format", "形式は pdf または csv を指定してください。", errors) ?? EvidenceFormat.Pdf;
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        if (await packs.GetAsync(packId, request.HttpContext.RequestAborted) is not { } pack)
        {
            return ApiResults.NotFound("根拠資料");
        }

        var name = $"特別交付税措置根拠資料_{EvidencePackFacts.FiscalYearName(pack.Facts.FiscalYear)}_{pack.Facts.MunicipalityName}_{pack.Facts.PackId}";
        return format == EvidenceFormat.Csv
            ? new DownloadResult(EvidencePackSheet.Of(pack).ToCsv(), "text/csv; charset=utf-8", name + ".csv")
            : new DownloadResult(EvidencePackPdf.Render(pack), "application/pdf", name + ".pdf");
    }
}

/// <summary>The ministry checks a pack handed in with a claim: is it on record, and does the record agree with its signature.</summary>
public sealed class VerifyEvidencePack(AccessGate access, EvidencePackStore packs)
{
    [Function(nameof(VerifyEvidencePack))]
    [ApiOperation("証跡を検証する")]
    [ApiResponse(200, typeof(EvidencePackVerification))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/evidence-packs/{packId}/verification")] HttpRequest request,
        string packId)
    {
        var code = EvidencePackStore.CodeOf(packId) ?? string.Empty;
        var (_, denied) = await access.AuthorizeAsync(request, nameof(VerifyEvidencePack), AccessScope.Municipality(code));
        if (denied is not null)
        {
            return denied;
        }

        if (await packs.CheckAsync(packId, request.HttpContext.RequestAborted) is not { } check)
        {
            return ApiResults.NotFound("根拠資料");
        }

        var f = check.Record.Facts;
        var summary = check.Intact
            ? $"この根拠資料は記録どおりで、署名と一致します（{f.MunicipalityName}、{EvidencePackFacts.FiscalYearName(f.FiscalYear)}、任用{f.Lines.Count}件）。紙の資料の署名がこの署名と同じであることを確かめてください。"
            : "この根拠資料の記録は署名と一致しません。記録が書き換えられたおそれがあります。";
        return ApiResults.Ok(new EvidencePackVerification(f.PackId, check.Intact, summary, f.MunicipalityCode, f.MunicipalityName, f.FiscalYear, f.IssuedAt,
            f.Lines.Count, check.Record.Signature.KeyId, EvidencePackStore.Printed(check.Record.Signature)));
    }
}
