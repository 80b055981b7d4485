using Workflow.Domain.Appointments;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Applications;
using Workflow.Domain.Calendar;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Appoint;

/// <summary>A municipality's request: whom, and the terms the person is asked to agree to (<see cref="AppointmentTerms"/>).</summary>
/// <param name="StartsOn">The term's first day (YYYY-MM-DD, Japan's calendar).</param>
/// <param name="EndsOn">The term's last day, inclusive.</param>
/// <param name="Partners">
/// For a shared (広域) appointment, the other municipalities and each one's share in percent; the asking municipality's
/// share is the rest (<see cref="AppointmentShares"/>). None or empty: the asking municipality holds it alone.
/// </param>
public sealed record AppointmentRequest(
    string? CandidateId,
    AppointmentRole? Role,
    string? RoleTitle,
    EmploymentForm? EmploymentForm = null,
    DateOnly? StartsOn = null,
    DateOnly? EndsOn = null,
    int? DaysPerWeek = null,
    WorkStyle? WorkStyle = null,
    IReadOnlyList<PartnerAsked?>? Partners = null);

public sealed record AnswerRequest(bool? Accept);

public sealed record AppointmentAnswered(string AppointmentId, bool Accept, string Message);

/// <summary>⑦ 任用: a municipality asks to appoint a person from the roster.</summary>
public sealed class RequestAppointment(AccessGate access, IdempotentRequests idempotency, RoundStore rounds, RosterStore roster, MunicipalityStore municipalities, AppointmentStore appointments, BusinessLog log, TimeProvider clock)
{
    public static readonly TimeSpan AnswerPeriod = TimeSpan.FromDays(14);

    [Function(nameof(RequestAppointment))]
    [ApiOperation("任用を申し込む", Body = typeof(AppointmentRequest), Idempotent = true)]
    [ApiResponse(201, typeof(AppointmentRecord), Description = "新しい申込み")]
    [ApiResponse(200, typeof(AppointmentRecord), Description = "この自治体は既にこの人に申込み済み")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/appointments")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(RequestAppointment), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        return await idempotency.RunAsync(request, $"{nameof(RequestAppointment)}|{actor!.LogName}", () => RequestAsync(request, client, roundId, actor), GoneUnlessStoredAsync);
    }

    /// <summary>Erasing a person removes their appointments: a replay for one of them then says it is gone.</summary>
    private async Task<JsonBodyResult?> GoneUnlessStoredAsync(JsonElement answer, CancellationToken cancellationToken) =>
        answer.TryGetProperty("appointmentId", out var id) && id.GetString() is { } appointmentId && await appointments.GetAsync(appointmentId, cancellationToken) is null
            ? ApiResults.Gone("この任用の申込みは削除されました。", "申込み先の方の個人情報が削除されたため、申込みは残っていません。")
            : null;

    private async Task<IActionResult> RequestAsync(HttpRequest request, DurableTaskClient client, string roundId, Actor actor)
    {
        var (body, error) = await RequestBody.ReadJsonAsync<AppointmentRequest>(request);
        if (error is not null)
        {
            return error;
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body!.CandidateId))
        {
            errors.Add(new FieldError("candidateId", "任用したい人材のID（人材リストの candidateId）を指定してください。"));
        }

        if (body.Role is null)
        {
            errors.Add(new FieldError("role", "任用の職（cioAdvisor または other）を指定してください。"));
        }

        var roleTitle = ApplicationValidator.NormalizeText(body.RoleTitle ?? (body.Role == AppointmentRole.CioAdvisor ? AppointmentNames.DisplayName(AppointmentRole.CioAdvisor) : string.Empty));
        if (body.Role == AppointmentRole.Other && roleTitle.Length == 0)
        {
            errors.Add(new FieldError("roleTitle", "職名を入力してください。"));
        }

        if (roleTitle.Length > 100)
        {
            errors.Add(new FieldError("roleTitle", "職名は100文字以内で入力してください。"));
        }

        if (body.EmploymentForm is null)
        {
            errors.Add(new FieldError("employmentForm", "任用の形態（specialPartTime: 特別職非常勤職員、contract: 業務委託、fixedTerm: 任期付職員、other: その他）を指定してください。"));
        }

        if (body.StartsOn is null)
        {
            errors.Add(new FieldError("startsOn", "任用の開始日を指定してください。"));
        }

        if (body.EndsOn is null)
        {
            errors.Add(new FieldError("endsOn", "任用の終了日を指定してください。"));
        }

        if (body.DaysPerWeek is null)
        {
            errors.Add(new FieldError("daysPerWeek", "週あたりの勤務日数を指定してください。"));
        }

        if (body.WorkStyle is null)
        {
            errors.Add(new FieldError("workStyle", "勤務の形（onSite: 常駐、remote: リモート、hybrid: 併用）を指定してください。"));
        }

        // The partners are checked against the registry with the other fields, so that every mistake is told at once.
        var cancellationToken = request.HttpContext.RequestAborted;
        var partners = (body.Partners ?? []).Select(p => p ?? new PartnerAsked(null, null)).ToList();
        var partnerNames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (partners.Count <= AppointmentShares.MaxPartners)
        {
            foreach (var code in partners.Select(p => p.MunicipalityCode?.Trim()).OfType<string>().Where(Domain.Municipalities.MunicipalityCode.IsValid).Distinct(StringComparer.Ordinal))
            {
                if (await municipalities.GetAsync(code, cancellationToken) is { } partner)
                {
                    partnerNames[code] = partner.Name;
                }
            }
        }

        errors.AddRange(AppointmentShares.Validate(actor.MunicipalityCode!, partners, partnerNames.ContainsKey));

        var now = clock.GetUtcNow();
        var terms = errors.Count > 0 ? null : new AppointmentTerms(body.Role!.Value, roleTitle, body.EmploymentForm!.Value, body.StartsOn!.Value, body.EndsOn!.Value,
            body.DaysPerWeek!.Value, body.WorkStyle!.Value);
        if (terms is not null)
        {
            errors.AddRange(AppointmentTerms.Validate(terms, JapaneseDates.DayInJapan(now)));
        }

        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        var round = await rounds.GetAsync(roundId, cancellationToken);
        if (round is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        if (!round.Lifecycle.AcceptsAppointmentRequests || now >= round.Schedule.AppointmentClosesAt)
        {
            return ApiResults.Conflict("現在は任用の申込みを受け付けていません。", $"現在の状態: {RoundStateMachine.DisplayName(round.State)}");
        }

        var candidate = await roster.GetAsync(body.CandidateId!, cancellationToken);
        // Someone who chose not to be listed is not on the roster to be asked, whatever a municipality saw before.
        if (candidate is null || candidate.RoundId != roundId || !candidate.Listing.IsListed)
        {
            return ApiResults.Validation([new FieldError("candidateId", "この公募の人材リストに掲載されていない人材です。")]);
        }

        // 特別交付税措置 applies to a CIO補佐官等: only someone selected and certified as the producer persona can be one.
        if (body.Role == AppointmentRole.CioAdvisor && !candidate.Personas.Contains(Persona.Producer))
        {
            return ApiResults.Validation([new FieldError("role",
                $"この人材は{SkillStandardCatalog.DisplayName(Persona.Producer)}として選定・研修修了していないため、CIO補佐官等（特別交付税措置の対象）として任用を申し込むことはできません。")]);
        }

        var municipality = await municipalities.GetAsync(actor!.MunicipalityCode!, cancellationToken);
        if (municipality is null)
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "登録されていない団体です。", "総務省に団体の登録を依頼してください。");
        }

        var answerBy = now + AnswerPeriod < round.Schedule.AppointmentClosesAt ? now + AnswerPeriod : round.Schedule.AppointmentClosesAt;
        // Assessed once, on the facts as asked: the municipality claims on what it was told when it asked (ADR 0016).
        // A shared appointment is assessed for each municipality as itself, on its own share (ADR 0016, Later).
        var measure = SpecialTaxMeasure.Assess(municipality.Code, terms!, candidate.Personas.ToList());
        var shares = partners.Count == 0 ? null : AppointmentShares.Of(municipality.Code, municipality.Name,
            [.. partners.Select(p => (p.MunicipalityCode!.Trim(), partnerNames[p.MunicipalityCode!.Trim()], p.Percent!.Value))], terms!, candidate.Personas.ToList());
        var record = new AppointmentRecord(AppointmentIds.For(roundId, municipality.Code, candidate.CandidateId), roundId, municipality.Code, municipality.Name,
            candidate.CandidateId, body.Role!.Value, roleTitle, measure.Qualifies, AppointmentStatus.Requested, now, answerBy, null, terms, measure, shares);
        var created = await appointments.TryCreateAsync(record, cancellationToken);
        var stored = created ? record : (await appointments.GetAsync(record.AppointmentId, cancellationToken))!;

        // Asking again after a lost answer starts the orchestration if the first attempt did not.
        if (await client.GetInstanceAsync(stored.InstanceId, cancellationToken) is null)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(AppointmentOrchestration),
                new AppointmentInput(roundId, stored.AppointmentId, stored.AnswerBy, stored.MunicipalityCode), new StartOrchestrationOptions(stored.InstanceId), cancellationToken);
        }

        if (created)
        {
            await log.WriteAsync(roundId, now, actor.LogName, BusinessLogActions.AppointmentRequested, stored.AppointmentId, stored.Role.ToString(), cancellationToken: cancellationToken);
        }

        return created ? ApiResults.Created($"/api/appointments/{stored.AppointmentId}", stored) : ApiResults.Ok(stored);
    }
}

/// <summary>The person answers an appointment request, proving who they are with their access token.</summary>
public sealed class AnswerAppointment(AccessGate access, AppointmentStore appointments, AppointmentLimits limits, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(AnswerAppointment))]
    [ApiOperation("任用の申込みに回答する", Body = typeof(AnswerRequest))]
    [ApiResponse(202, typeof(AppointmentAnswered))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/appointments/{appointmentId}/answer")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string appointmentId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(AnswerAppointment));
        if (denied is not null)
        {
            return denied;
        }

        // Someone else's request is "not found" to this applicant: the answer does not reveal who was asked.
        var cancellationToken = request.HttpContext.RequestAborted;
        var appointment = await appointments.GetAsync(appointmentId, cancellationToken);
        if (appointment is null || appointment.CandidateId != actor!.ApplicationId)
        {
            return ApiResults.NotFound("任用の申込み");
        }

        var (body, error) = await RequestBody.ReadJsonAsync<AnswerRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (body!.Accept is null)
        {
            return ApiResults.Validation([new FieldError("accept", "承諾する（true）か辞退する（false）かを指定してください。")]);
        }

        var now = clock.GetUtcNow();
        var answer = body.Accept.Value ? AppointmentAnswer.Accepted : AppointmentAnswer.Declined;
        var wanted = body.Accept.Value ? AppointmentStatus.Accepted : AppointmentStatus.Declined;
        if (appointment.Status == AppointmentStatus.Requested && now >= appointment.AnswerBy)
        {
            return ApiResults.Conflict("回答期限が過ぎています。", "この申込みには回答できません。");
        }

        // The answer is recorded here, once, before the orchestration is woken: of two answers sent at once, one is
        // recorded and the other told so; the orchestration tells the municipality what was recorded.
        var (stored, recorded, refusal) = appointment.Status == AppointmentStatus.Requested
            ? await appointments.RecordAnswerAsync(appointmentId, answer, now, await limits.MaxDaysPerWeekAsync(cancellationToken), cancellationToken)
            : new AnswerRecording(appointment, false, null);
        if (refusal is not null)
        {
            // Nothing is recorded: the request stays open until its deadline, to be declined or accepted once days are free.
            return ApiResults.Conflict("この任用の申込みは承諾できません。", refusal);
        }

        if (!recorded && stored.Status != wanted)
        {
            return ApiResults.Conflict("この申込みには既に回答済みか、期限が過ぎています。",
                $"記録されている回答: {AppointmentNames.DisplayName(stored.Status)}");
        }

        if (recorded)
        {
            await log.WriteAsync(appointment.RoundId, now, actor.LogName, BusinessLogActions.AppointmentAnswerGiven, appointmentId, body.Accept.Value ? "accept" : "decline",
                idempotencyKey: "given-" + appointmentId, cancellationToken: cancellationToken);
        }

        // Sent again on a repeat: a wake-up is harmless, and it may be the one a crash lost.
        await client.RaiseEventAsync(appointment.InstanceId, AppointmentIds.AnsweredEvent, body.Accept.Value, cancellationToken);
        return ApiResults.Accepted(new AppointmentAnswered(appointmentId, body.Accept.Value, body.Accept.Value ? "任用の申込みを承諾しました。" : "任用の申込みを辞退しました。"));
    }
}

/// <summary>An appointment's status, for the municipality that asked, the ministry and auditors.</summary>
public sealed class GetAppointment(AccessGate access, AppointmentStore appointments)
{
    [Function(nameof(GetAppointment))]
    [ApiOperation("任用の申込み")]
    [ApiResponse(200, typeof(AppointmentRecord))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/appointments/{appointmentId}")] HttpRequest request,
        string appointmentId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(GetAppointment));
        if (denied is not null)
        {
            return denied;
        }

        var appointment = await appointments.GetAsync(appointmentId, request.HttpContext.RequestAborted);
        // A partner of a shared appointment reads it; any other municipality is told it does not exist.
        if (appointment is null || (actor!.Role == ActorRole.Municipality && !appointment.Involves(actor.MunicipalityCode)))
        {
            return ApiResults.NotFound("任用の申込み");
        }

        return ApiResults.Ok(appointment);
    }
}

/// <summary>A round's appointments: all of them for the ministry and auditors, its own for a municipality.</summary>
public sealed class ListAppointments(AccessGate access, RoundStore rounds, AppointmentStore appointments)
{
    [Function(nameof(ListAppointments))]
    [ApiOperation("公募ラウンドの任用の申込みの一覧")]
    [ApiResponse(200, typeof(Collection<AppointmentRecord>))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/appointments")] HttpRequest request,
        string roundId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ListAppointments), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        if (!RoundIds.IsWellFormed(roundId) || await rounds.GetAsync(roundId, request.HttpContext.RequestAborted) is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        var all = await appointments.ListAsync(roundId, request.HttpContext.RequestAborted);
        var visible = actor!.Role == ActorRole.Municipality ? all.Where(a => a.Involves(actor.MunicipalityCode)).ToList() : all;
        return ApiResults.Ok(new Collection<AppointmentRecord>(visible));
    }
}

/// <summary>The ministry closes the round before the appointment window's end.</summary>
public sealed class CloseRound(RoundActions actions)
{
    [Function(nameof(CloseRound))]
    [ApiOperation("公募ラウンドを終了する", Idempotent = true)]
    [ApiResponse(202, typeof(RoundActionAccepted))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/close")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId) =>
        actions.RecordAsync(request, client, roundId, nameof(CloseRound), RoundCommand.CloseRound, "公募ラウンドを終了しました。");
}
