using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Functions.Appoint;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Waits;

/// <summary>What the list holds, and how many running orchestrations wait on no person (by role: schedule, none).</summary>
/// <param name="Roles">The roles the list's <c>role</c> filter takes: every wait on people.</param>
public sealed record PendingWaitList(IReadOnlyList<PendingWait> Items, IReadOnlyDictionary<string, int> NotOnPeople, DateTimeOffset At)
{
    public IReadOnlyList<string> Roles { get; } = Waiting.Names.Keys.Where(Waiting.IsOnPeople).ToList();
}

/// <summary>
/// Every wait on people across all running round and appointment orchestrations, read from the orchestrations' own
/// custom status through the durable client: what the list says is what the engine waits for.
/// </summary>
/// <remarks>
/// A round waiting for a date of its schedule, or at work, or an orchestration that has not said yet what it waits for,
/// waits on no one: nobody can act on it and nobody is late. Such orchestrations are only counted
/// (<see cref="PendingWaitList.NotOnPeople"/>), so the waits that need someone stay on top of the morning's list.
/// </remarks>
public sealed class PendingWaitReader(RoundStore rounds, AppointmentStore appointments, MunicipalityStore municipalities)
{
    /// <summary>The engine's statuses of instances that still run; finished ones wait for no one.</summary>
    private static readonly OrchestrationRuntimeStatus[] Running =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    public async Task<PendingWaitList> ReadAsync(DurableTaskClient client, WaitFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Every orchestration of the app is named under its round (ADR 0003's auditors' prefix): one query finds them all,
        // or a round's when the list is for one round. The round's own id is checked below, since a prefix also matches longer ids.
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = filter.RoundId is { } only ? RoundIds.InstanceId(only) : RoundIds.InstancePrefix,
            Statuses = Running,
            FetchInputsAndOutputs = true,
            PageSize = 500,
        };
        var roundInstances = new List<(OrchestrationMetadata Instance, RoundStatus Status)>();
        var appointmentInstances = new List<(OrchestrationMetadata Instance, AppointmentProgress Progress, string RoundId, string AppointmentId)>();
        var notOnPeople = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void NotOnPeople(string role) => notOnPeople[role] = notOnPeople.GetValueOrDefault(role) + 1;

        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            switch (instance.Name)
            {
                case nameof(RecruitingRoundOrchestration):
                    if (RoundStatuses.Read(instance.SerializedCustomStatus) is not { } status)
                    {
                        NotOnPeople(Waiting.Nobody);
                    }
                    else if (!Waiting.IsOnPeople(status.Wait.WaitingFor))
                    {
                        NotOnPeople(status.Wait.WaitingFor);
                    }
                    else
                    {
                        roundInstances.Add((instance, status));
                    }

                    break;
                case nameof(AppointmentOrchestration):
                    if (AppointmentProgresses.Read(instance.SerializedCustomStatus) is not { } progress || !Waiting.IsOnPeople(progress.Wait.WaitingFor))
                    {
                        NotOnPeople(Waiting.Nobody);
                    }
                    else if (AppointmentProgresses.IdsOf(instance.InstanceId, progress) is { } ids)
                    {
                        appointmentInstances.Add((instance, progress, ids.RoundId, ids.AppointmentId));
                    }

                    break;
            }
        }

        // The rows the statuses are checked against, each read once: every round (one partition), the appointments of
        // the rounds that have one waiting (a partition each), the municipalities that asked (a point read each).
        var roundRows = (await rounds.ListAsync(cancellationToken)).ToDictionary(r => r.RoundId, StringComparer.Ordinal);
        var appointmentRows = new Dictionary<string, AppointmentRecord>(StringComparer.Ordinal);
        foreach (var list in await Task.WhenAll(appointmentInstances.Select(a => a.RoundId).Distinct(StringComparer.Ordinal)
                     .Select(roundId => appointments.ListAsync(roundId, cancellationToken))))
        {
            foreach (var row in list)
            {
                appointmentRows[row.AppointmentId] = row;
            }
        }

        var codes = appointmentInstances
            .Select(a => a.Progress.MunicipalityCode ?? appointmentRows.GetValueOrDefault(a.AppointmentId)?.MunicipalityCode)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var registry = (await Task.WhenAll(codes.Select(code => municipalities.GetAsync(code, cancellationToken))))
            .OfType<Municipality>()
            .ToDictionary(m => m.Code, StringComparer.Ordinal);

        var waits = new List<PendingWait>();
        foreach (var (instance, status) in roundInstances)
        {
            var roundId = instance.InstanceId[RoundIds.InstancePrefix.Length..];
            if (roundRows.TryGetValue(roundId, out var round) && PendingWaits.FromRound(round, status, instance.InstanceId, now) is { } wait)
            {
                waits.Add(wait);
            }
        }

        foreach (var (instance, progress, roundId, appointmentId) in appointmentInstances)
        {
            if (appointmentRows.TryGetValue(appointmentId, out var row)
                && PendingWaits.FromAppointment(row, progress, roundRows.GetValueOrDefault(roundId),
                    registry.GetValueOrDefault(progress.MunicipalityCode ?? row.MunicipalityCode), instance.InstanceId, now) is { } wait)
            {
                waits.Add(wait);
            }
        }

        return new PendingWaitList(PendingWaits.Order(waits.Where(filter.Matches)), notOnPeople, now);
    }
}

/// <summary>
/// 総務省: every wait on people across all rounds and appointments — who, since when, until when, overdue or not — overdue
/// first, filtered by role, prefecture and round. The auditor reads it too.
/// </summary>
public sealed class ListPendingWaits(AccessGate access, PendingWaitReader reader, TimeProvider clock)
{
    [Function(nameof(ListPendingWaits))]
    [ApiOperation("人の対応を待っている事項の一覧（期限切れが先）")]
    [ApiResponse(200, typeof(PendingWaitList))]
    [ApiQuery("role", "待っている相手の役割")]
    [ApiQuery("prefecture", "都道府県名")]
    [ApiQuery("roundId", "公募ラウンドの ID")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ministry/waits")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(ListPendingWaits));
        if (denied is not null)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        var filter = new WaitFilter(
            Single(request, "role", role => Waiting.IsOnPeople(role) ? role : null, "待っている相手の指定が正しくありません（受託事業者、総務省などの役割の値を指定してください）。", errors),
            Single(request, "prefecture", name => ApplicationValidator.NormalizeText(name) is var p && Prefectures.IsPrefecture(p) ? p : null, "都道府県名の指定が正しくありません。", errors),
            Single(request, "roundId", id => RoundIds.IsWellFormed(id) ? id : null, "公募ラウンドの指定が正しくありません。", errors));
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        return ApiResults.Ok(await reader.ReadAsync(client, filter, clock.GetUtcNow(), request.HttpContext.RequestAborted));
    }

    /// <summary>A parameter given once and valid, or absent; anything else is the caller's error, never ignored.</summary>
    private static string? Single(HttpRequest request, string name, Func<string, string?> parse, string message, List<FieldError> errors)
    {
        var values = request.Query[name];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            return null;
        }

        if (values.Count == 1 && values[0] is { Length: <= 100 } text && parse(text) is { } value)
        {
            return value;
        }

        errors.Add(new FieldError(name, message));
        return null;
    }
}
