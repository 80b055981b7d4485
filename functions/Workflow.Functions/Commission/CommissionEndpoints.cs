using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Commission;

public sealed record CreateRoundRequest(int? FiscalYear, string? Title, string? OperatorName, List<PersonaOpening>? Personas, RoundSchedule? Schedule);

public sealed record RoundCreated(string RoundId, string InstanceId, RoundState State, string Message);

public sealed record ExtendCommissionRequest(DateTimeOffset? AcceptCommissionBy);

public sealed record ContractUploaded(string RoundId, string Contract, string Message);

/// <summary>① 委託: the ministry commissions an operator to run a round, and the round's orchestration starts.</summary>
public sealed class CreateRound(AccessGate access, IdempotentRequests idempotency, RoundStore rounds, RoundStandards standards, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(CreateRound))]
    [ApiOperation("公募ラウンドを作成し、受託事業者に委託する", Body = typeof(CreateRoundRequest), Idempotent = true)]
    [ApiResponse(201, typeof(RoundCreated))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(CreateRound));
        if (denied is not null)
        {
            return denied;
        }

        return await idempotency.RunAsync(request, $"{nameof(CreateRound)}|{actor!.LogName}", () => CreateAsync(request, client, actor));
    }

    private async Task<IActionResult> CreateAsync(HttpRequest request, DurableTaskClient client, Actor actor)
    {
        var (body, error) = await RequestBody.ReadJsonAsync<CreateRoundRequest>(request);
        if (error is not null)
        {
            return error;
        }

        var errors = new List<FieldError>();
        if (body!.FiscalYear is null)
        {
            errors.Add(new FieldError("fiscalYear", "年度を入力してください。"));
        }

        if (body.Schedule is null)
        {
            errors.Add(new FieldError("schedule", "日程を入力してください。"));
        }

        var title = ApplicationValidator.NormalizeText(body.Title ?? string.Empty);
        var operatorName = ApplicationValidator.NormalizeText(body.OperatorName ?? string.Empty);
        if (errors.Count == 0)
        {
            errors.AddRange(RoundRules.Validate(body.FiscalYear!.Value, title, operatorName, body.Personas ?? [], body.Schedule!));
        }

        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var now = clock.GetUtcNow();
        var round = new RoundRecord(RoundIds.NewRoundId(body.FiscalYear!.Value), body.FiscalYear.Value, title, operatorName, body.Personas!,
            body.Schedule!, RoundState.AwaitingCommissionAcceptance, now, false, new RoundCounts(), new Dictionary<RoundState, DateTimeOffset>(),
            standards.Current.Id);
        // The orchestration first, then the row: a process that dies in between leaves an orchestration that finds
        // no round and ends by itself, never a round on the dashboard that nothing runs.
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(RecruitingRoundOrchestration), new RoundInput(round.RoundId), new StartOrchestrationOptions(round.InstanceId), cancellationToken);
        Platform.CrashPoints.Reach(Platform.CrashPoints.RoundOrchestrationStarted);
        await rounds.CreateAsync(round, actor.LogName, CancellationToken.None);
        await log.WriteAsync(round.RoundId, now, actor.LogName, BusinessLogActions.RoundCommissioned, round.RoundId, cancellationToken: cancellationToken);
        return ApiResults.Created($"/api/rounds/{round.RoundId}",
            new RoundCreated(round.RoundId, round.InstanceId, round.State, "公募ラウンドを作成し、受託事業者に委託しました。受託事業者の受諾を待っています。"));
    }
}

/// <summary>The ministry attaches the signed contract (PDF) to the round.</summary>
public sealed class UploadContract(AccessGate access, RoundStore rounds, WorkflowStorage storage, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(UploadContract))]
    [ApiOperation("委託契約書（PDF）を登録する", Upload = ["application/pdf"])]
    [ApiResponse(200, typeof(ContractUploaded))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/rounds/{roundId}/contract")] HttpRequest request,
        string roundId)
    {
        var limit = BodyLimits.Apply(request, nameof(UploadContract));
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(UploadContract), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await rounds.GetAsync(roundId, cancellationToken) is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        var (pdf, refused) = await PdfBody.ReadAsync(request, limit, "contract");
        if (refused is not null)
        {
            return refused;
        }

        using var buffer = pdf!;
        var documents = await storage.DocumentsAsync();
        await documents.GetBlobClient($"contracts/{roundId}.pdf").UploadAsync(buffer,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" } }, cancellationToken);
        await rounds.MarkContractAsync(roundId, cancellationToken);
        await log.WriteAsync(roundId, clock.GetUtcNow(), actor!.LogName, BusinessLogActions.ContractUploaded, roundId, cancellationToken: cancellationToken);
        return ApiResults.Ok(new ContractUploaded(roundId, $"contracts/{roundId}.pdf", "契約書を登録しました。"));
    }
}

/// <summary>The operator accepts the commission (also after its deadline, until the ministry decides otherwise).</summary>
public sealed class AcceptCommission(RoundActions actions)
{
    [Function(nameof(AcceptCommission))]
    [ApiOperation("委託を受諾する", Idempotent = true)]
    [ApiResponse(202, typeof(RoundActionAccepted))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/commission/accept")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId) =>
        actions.RecordAsync(request, client, roundId, nameof(AcceptCommission), RoundCommand.AcceptCommission, "委託を受諾しました。公募を開始できます。");
}

/// <summary>After the acceptance deadline passed, the ministry gives the operator a new one.</summary>
public sealed class ExtendCommissionDeadline(AccessGate access, RoundActions actions)
{
    [Function(nameof(ExtendCommissionDeadline))]
    [ApiOperation("委託の受諾期限を延長する", Body = typeof(ExtendCommissionRequest), Idempotent = true)]
    [ApiResponse(202, typeof(RoundActionAccepted))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/commission/extend")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(ExtendCommissionDeadline), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadJsonAsync<ExtendCommissionRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (body!.AcceptCommissionBy is null)
        {
            return ApiResults.Validation([new FieldError("acceptCommissionBy", "新しい受諾期限を入力してください。")]);
        }

        return await actions.RecordAsync(request, client, actor!, roundId, RoundCommand.ExtendCommission, "受諾期限を延長しました。", body.AcceptCommissionBy.Value);
    }
}

/// <summary>After the acceptance deadline passed, the ministry abandons the round.</summary>
public sealed class CancelRound(RoundActions actions)
{
    [Function(nameof(CancelRound))]
    [ApiOperation("公募ラウンドを中止する", Idempotent = true)]
    [ApiResponse(202, typeof(RoundActionAccepted))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string roundId) =>
        actions.RecordAsync(request, client, roundId, nameof(CancelRound), RoundCommand.CancelRound, "公募ラウンドを中止しました。");
}
