using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Http;

namespace Workflow.Functions.Platform;

/// <summary>Liveness for scripts and probes.</summary>
public sealed class Health
{
    [Function(nameof(Health))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) =>
        ApiResults.Ok(new { status = "ok" });
}
