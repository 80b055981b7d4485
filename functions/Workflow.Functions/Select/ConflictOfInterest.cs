using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Select;

public sealed record ConflictDeclarationRequest(bool? HasConflict);

public sealed record ConflictDeclaration(string ApplicationId, string Declarant, bool HasConflict, DateTimeOffset DeclaredAt);

/// <summary>
/// Each reviewer's declaration about each application: no conflict of interest, or a conflict (and so recusal).
/// One partition per application, so the declarations go when the applicant's data is erased.
/// </summary>
public sealed class ConflictDeclarationStore(WorkflowStorage storage)
{
    public async Task<ConflictDeclaration?> GetAsync(string applicationId, string declarant, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.ConflictDeclarations);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, applicationId, declarant, cancellationToken);
        return row is null ? null : new ConflictDeclaration(applicationId, declarant, row.GetBoolean("HasConflict") ?? true, row.GetDateTimeOffset("DeclaredAt") ?? DateTimeOffset.MinValue);
    }

    public async Task SaveAsync(ConflictDeclaration declaration, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.ConflictDeclarations);
        await table.UpsertEntityAsync(new TableEntity(declaration.ApplicationId, declaration.Declarant)
        {
            ["HasConflict"] = declaration.HasConflict,
            ["DeclaredAt"] = declaration.DeclaredAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task DeleteForApplicationAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.ConflictDeclarations);
        await TableBatches.DeleteWhereAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {applicationId}"), cancellationToken);
    }

    /// <summary>Null when the actor may look at and decide the application; otherwise the answer to give.</summary>
    public async Task<JsonBodyResult?> RequireNoConflictAsync(Actor actor, string applicationId, CancellationToken cancellationToken)
    {
        var declaration = await GetAsync(applicationId, actor.LogName, cancellationToken);
        return declaration switch
        {
            null => ApiResults.Conflict("利益相反がないことの申告が必要です。", "この応募について、先に利益相反の有無を申告してください。"),
            { HasConflict: true } => ApiResults.Conflict("利益相反を申告した応募です。", "この応募の審査・決定には加われません。"),
            _ => null,
        };
    }
}

/// <summary>A reviewer (or operator staff) declares, for one application, whether it has a conflict of interest.</summary>
public sealed class DeclareConflictOfInterest(AccessGate access, ApplicationStore applications, ConflictDeclarationStore declarations, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(DeclareConflictOfInterest))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/rounds/{roundId}/applications/{applicationId}/conflict-of-interest")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(DeclareConflictOfInterest), new AccessScope(RoundId: roundId, ApplicationId: applicationId));
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await RequestBody.ReadJsonAsync<ConflictDeclarationRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (body!.HasConflict is null)
        {
            return ApiResults.Validation([new FieldError("hasConflict", "利益相反があるか（true）ないか（false）を指定してください。")]);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var application = await applications.GetAsync(applicationId, cancellationToken);
        if (application is null || application.RoundId != roundId)
        {
            return ApiResults.NotFound("応募");
        }

        var now = clock.GetUtcNow();
        var declaration = new ConflictDeclaration(applicationId, actor!.LogName, body.HasConflict.Value, now);
        await declarations.SaveAsync(declaration, cancellationToken);
        await log.WriteAsync(roundId, now, actor.LogName, body.HasConflict.Value ? "ConflictOfInterestDeclared" : "NoConflictOfInterestDeclared", applicationId, cancellationToken: cancellationToken);
        return ApiResults.Ok(new
        {
            declaration.ApplicationId,
            declaration.HasConflict,
            declaration.DeclaredAt,
            message = body.HasConflict.Value ? "利益相反ありとして記録しました。この応募の審査には加われません。" : "利益相反なしとして記録しました。",
        });
    }
}
