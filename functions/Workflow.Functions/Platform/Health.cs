using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Http;

namespace Workflow.Functions.Platform;

public sealed record HealthStatus(string Status);

/// <summary>Liveness for scripts and probes.</summary>
public sealed class Health
{
    [Function(nameof(Health))]
    [ApiOperation("死活監視")]
    [ApiResponse(200, typeof(HealthStatus))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) =>
        ApiResults.Ok(new HealthStatus("ok"));
}
