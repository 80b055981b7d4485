using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Appoint;

/// <summary>One prefecture's appointments across rounds: asked, accepted, and accepted under the 特別交付税措置.</summary>
/// <param name="Municipalities">How many of its municipalities asked anyone.</param>
public sealed record PrefectureAppointments(string Prefecture, int Requested, int Accepted, int Qualifying, int Municipalities);

/// <param name="Prefectures">Every prefecture in JIS order, those without any request included, so that the gaps show.</param>
/// <param name="AcceptedByRound">
/// Accepted appointments per round as they stand now: a round counts its appointments only when it closes, and the
/// appointing window lasts months.
/// </param>
public sealed record AppointmentsSummary(IReadOnlyList<PrefectureAppointments> Prefectures, int Requested, int Accepted, int Qualifying,
    IReadOnlyDictionary<string, int> AcceptedByRound);

/// <summary>総務省: where municipalities asked for and appointed people, by prefecture (the 団体コード's first two digits) and by round.</summary>
public sealed class GetAppointmentsSummary(AccessGate access, WorkflowStorage storage)
{
    [Function(nameof(GetAppointmentsSummary))]
    [ApiOperation("応募から任用までの集計")]
    [ApiResponse(200, typeof(AppointmentsSummary))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ministry/appointments/summary")] HttpRequest request)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(GetAppointmentsSummary));
        if (denied is not null)
        {
            return denied;
        }

        var table = await storage.TableAsync(Tables.Appointments);
        // Appointment rows only (the people's commitment rows have no municipality), a few columns of each.
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, "MunicipalityCode ne ''",
            ["PartitionKey", "MunicipalityCode", "Status", "WithinSpecialTaxMeasure", "SharesJson"], request.HttpContext.RequestAborted);
        return ApiResults.Ok(Summarize(rows.Select(r => new SummaryAppointment(r.PartitionKey, r.GetString("Status"),
            r.GetString("SharesJson") is { } shares
                ? [.. JsonSerializer.Deserialize<List<MunicipalityShare>>(shares, Http.Json.Options)!.Select(m => (m.MunicipalityCode, m.Measure.Qualifies))]
                : [(r.GetString("MunicipalityCode") ?? string.Empty, r.GetBoolean("WithinSpecialTaxMeasure") ?? false)]))));
    }

    /// <summary>
    /// A prefecture counts each appointment any of its municipalities is part of, once, and as qualifying when one of
    /// them qualifies on its share: a shared (広域) CIO補佐官 across two prefectures shows in both. The totals count each
    /// appointment once.
    /// </summary>
    public static AppointmentsSummary Summarize(IEnumerable<SummaryAppointment> appointments)
    {
        var all = appointments.ToList();
        bool IsAccepted(SummaryAppointment a) => a.Status == nameof(AppointmentStatus.Accepted);
        var items = Prefectures.All.Select(p =>
        {
            var here = all.Select(a => (Appointment: a, Parties: a.Parties.Where(x => MunicipalityCode.IsValid(x.Code) && Prefectures.NameOf(x.Code[..2]) == p).ToList()))
                .Where(x => x.Parties.Count > 0).ToList();
            var accepted = here.Where(x => IsAccepted(x.Appointment)).ToList();
            return new PrefectureAppointments(p, here.Count, accepted.Count, accepted.Count(x => x.Parties.Any(q => q.Qualifies)),
                here.SelectMany(x => x.Parties.Select(q => q.Code)).Distinct().Count());
        }).ToList();
        var known = all.Where(a => a.Parties.Any(x => MunicipalityCode.IsValid(x.Code))).ToList();
        var byRound = all.Where(IsAccepted).GroupBy(a => a.RoundId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new AppointmentsSummary(items, known.Count, known.Count(IsAccepted), known.Where(IsAccepted).Count(a => a.Parties.Any(q => q.Qualifies)), byRound);
    }
}

/// <summary>One appointment as the summary reads it: every municipality on it (the asker, and the partners of a shared one), each with whether it qualifies on its own share.</summary>
public sealed record SummaryAppointment(string RoundId, string? Status, IReadOnlyList<(string Code, bool Qualifies)> Parties);
