using System.Diagnostics;
using System.Text;
using Workflow.Demo;
using Workflow.Domain.Municipalities;

namespace Workflow.Benchmarks;

/// <param name="Rows">Municipalities in the national list imported (the sample's 1,809).</param>
/// <param name="XlsxRows">Rows of the workbook, which is the registry as exported: the national list and whatever else was registered.</param>
public sealed record RegistryImportFigures(int Rows, double Utf8CsvSeconds, double ShiftJisCsvSeconds, int XlsxRows, double XlsxSeconds, int XlsxBytes);

/// <summary>
/// The ministry imports the whole national list of 地方公共団体 through the API, in each form it takes: CSV in UTF-8
/// with English headings, CSV as Excel saves it (Shift_JIS, Japanese headings, codes that lost their leading zero),
/// and an .xlsx workbook. The workbook is the registry's own export, so the bench needs no spreadsheet library; each
/// import is timed from request to answer, every row checked and stored.
/// </summary>
public static class RegistryImport
{
    public static async Task<RegistryImportFigures> MeasureAsync(Uri baseUrl, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var list = SampleMunicipalities.National();
        using var api = new ApiClient(baseUrl);
        var utf8 = Encoding.UTF8.GetBytes("code,name,prefecture\n" + string.Concat(list.Select(m => $"{m.Code},{m.Name},{m.Prefecture}\n")));
        var shiftJis = CodePagesEncodingProvider.Instance.GetEncoding(932)!.GetBytes(
            "団体コード,団体名,都道府県名\r\n" + string.Concat(list.Select(m => $"{m.Code.TrimStart('0')},{m.Name},{m.Prefecture}\r\n")));

        async Task<(int Rows, double Seconds)> ImportAsync(string form, byte[] file, string contentType)
        {
            var clock = Stopwatch.StartNew();
            var answer = await api.Ministry.ImportMunicipalitiesAsync(file, contentType, cancellationToken);
            var seconds = Math.Round(clock.Elapsed.TotalSeconds, 3);
            progress.Report($"[bench] registry import, {form}: {answer.Imported} in {seconds:0.000} s");
            return (ApiClient.Present(answer.Imported, "imported count"), seconds);
        }

        var (rows, utf8Seconds) = await ImportAsync("CSV (UTF-8)", utf8, "text/csv");
        var (_, shiftJisSeconds) = await ImportAsync("CSV (Shift_JIS, Japanese headings)", shiftJis, "text/csv");
        var workbook = await api.Ministry.ExportMunicipalitiesAsync("xlsx", cancellationToken);
        var (xlsxRows, xlsxSeconds) = await ImportAsync($"xlsx ({workbook.Length:N0} bytes)", workbook, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        if (rows != list.Count || xlsxRows < list.Count)
        {
            throw new InvalidOperationException($"The registry import took {rows} (CSV) and {xlsxRows} (xlsx) of the national list's {list.Count} rows.");
        }

        return new RegistryImportFigures(rows, utf8Seconds, shiftJisSeconds, xlsxRows, xlsxSeconds, workbook.Length);
    }
}
