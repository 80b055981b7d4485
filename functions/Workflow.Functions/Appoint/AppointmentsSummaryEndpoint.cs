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
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ministry/appointments/summary")] HttpRequest request)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(GetAppointmentsSummary));
        if (denied is not null)
        {
            return denied;
        }

        var table = await storage.TableAsync(Tables.Appointments);
        // Appointment rows only (the people's commitment rows have no municipality), a few columns of each.
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, "MunicipalityCode ne ''", ["PartitionKey", "MunicipalityCode", "Status", "WithinSpecialTaxMeasure"],
            request.HttpContext.RequestAborted);
        return ApiResults.Ok(Summarize(rows.Select(r =>
            (RoundId: r.PartitionKey, Code: r.GetString("MunicipalityCode") ?? string.Empty, Status: (string?)r.GetString("Status"), Qualifies: r.GetBoolean("WithinSpecialTaxMeasure") ?? false))));
    }

    public static AppointmentsSummary Summarize(IEnumerable<(string RoundId, string Code, string? Status, bool Qualifies)> appointments)
    {
        var all = appointments.ToList();
        var byPrefecture = all.Where(a => MunicipalityCode.IsValid(a.Code)).GroupBy(a => Prefectures.NameOf(a.Code[..2])).ToDictionary(g => g.Key, g => g.ToList());
        var items = Prefectures.All.Select(p =>
        {
            var list = byPrefecture.GetValueOrDefault(p) ?? [];
            var accepted = list.Where(a => a.Status == nameof(AppointmentStatus.Accepted)).ToList();
            return new PrefectureAppointments(p, list.Count, accepted.Count, accepted.Count(a => a.Qualifies), list.Select(a => a.Code).Distinct().Count());
        }).ToList();
        var byRound = all.Where(a => a.Status == nameof(AppointmentStatus.Accepted)).GroupBy(a => a.RoundId)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new AppointmentsSummary(items, items.Sum(i => i.Requested), items.Sum(i => i.Accepted), items.Sum(i => i.Qualifying), byRound);
    }
}
