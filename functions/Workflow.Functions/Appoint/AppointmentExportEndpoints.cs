using Workflow.Domain.Appointments;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;
using Workflow.Functions.Spreadsheets;

namespace Workflow.Functions.Appoint;

/// <summary>
/// A round's appointment requests and their answers as a sheet, for the ministry's own records of who was appointed
/// where (the person is named by receipt number, as the roster names them to municipalities).
/// </summary>
public sealed class ExportAppointments(RoundExports exports, AppointmentStore appointments)
{
    [Function(nameof(ExportAppointments))]
    [ApiOperation("任用の一覧のダウンロード（xlsx または CSV）")]
    [ApiResponse(200, MediaType = Xlsx.ContentType)]
    [ApiResponse(200, MediaType = "text/csv")]
    [ApiQuery("format", "xlsx（既定）または csv")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/appointments/export")] HttpRequest request,
        string roundId)
    {
        var (_, format, refused) = await exports.OpenAsync(request, nameof(ExportAppointments), roundId);
        if (refused is not null)
        {
            return refused;
        }

        return TableDownloads.Result(Sheet(await appointments.ListAsync(roundId, request.HttpContext.RequestAborted)), format, $"任用_{roundId}");
    }

    public static SheetTable Sheet(IEnumerable<AppointmentRecord> appointments) => new("任用",
        ["申込番号", "団体コード", "団体名", "受付番号", "役職", "役職名", "特別交付税措置", "状態", "申込日時（日本時間）", "回答期限（日本時間）", "回答日時（日本時間）",
            "任用の形態", "任用の開始日", "任用の終了日", "週の勤務日数", "勤務の形", "特別交付税措置の判定",
            "共同で任用する団体と負担割合"],
        [.. appointments.OrderBy(a => a.RequestedAt).ThenBy(a => a.AppointmentId, StringComparer.Ordinal).Select(a => (IReadOnlyList<string?>)
        [
            a.AppointmentId,
            a.MunicipalityCode,
            a.MunicipalityName,
            a.CandidateId,
            AppointmentNames.DisplayName(a.Role),
            a.RoleTitle,
            a.WithinSpecialTaxMeasure ? "対象" : "対象外",
            AppointmentNames.DisplayName(a.Status),
            TableDownloads.Jst(a.RequestedAt),
            TableDownloads.Jst(a.AnswerBy),
            TableDownloads.Jst(a.AnsweredAt),
            a.Terms is { } t ? AppointmentNames.DisplayName(t.Form) : null,
            a.Terms?.StartsOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            a.Terms?.EndsOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            a.Terms?.DaysPerWeek.ToString(System.Globalization.CultureInfo.InvariantCulture),
            a.Terms is { } w ? AppointmentNames.DisplayName(w.WorkStyle) : null,
            a.Measure is { } m ? string.Join(" / ", m.Conditions.Select(c => $"{(c.Met ? "○" : "×")} {c.Condition}（{c.Explanation}）")) : null,
            // Each municipality with its code, share and whether the measure applies to it: the ministry pays each on its own share.
            a.Shares is { } shares
                ? string.Join(" / ", shares.Select(s => $"{s.MunicipalityCode} {s.MunicipalityName} {s.Percent}%（特別交付税措置{(s.Measure.Qualifies ? "対象" : "対象外")}）"))
                : null,
        ])]);
}
