using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Workflow.Domain.Applications;
using Workflow.Functions.Http;

namespace Workflow.Functions.Spreadsheets;

/// <summary>The two files an export comes as: a workbook for Excel (the default), or CSV that Excel opens in Japanese.</summary>
public enum TableFormat
{
    Xlsx,
    Csv,
}

/// <summary>How every export reads its <c>format</c> and answers with its file.</summary>
public static class TableDownloads
{
    public static TableFormat Format(HttpRequest request, List<FieldError> errors) =>
        QueryParameters.Enum<TableFormat>(request, "format", "形式は xlsx または csv を指定してください。", errors) ?? TableFormat.Xlsx;

    /// <param name="fileStem">The file's name without its extension, in Japanese as people save it (人材リスト_R2026-…).</param>
    public static IActionResult Result(SheetTable table, TableFormat format, string fileStem) => format == TableFormat.Csv
        ? new DownloadResult(table.ToCsv(), "text/csv; charset=utf-8", fileStem + ".csv")
        : new DownloadResult(Xlsx.Write(table), Xlsx.ContentType, fileStem + ".xlsx");

    /// <summary>A date and time as staff read them in a sheet: Japan time, sortable, without the offset.</summary>
    public static string? Jst(DateTimeOffset? at) =>
        at?.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
