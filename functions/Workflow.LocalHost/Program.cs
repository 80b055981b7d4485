using Workflow.Functions;
using Workflow.Functions.Rounds;
using Workflow.Functions.Configuration;
using Workflow.Functions.Storage;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Workflow.Functions.Telemetry;
using Workflow.LocalHost.Durable;
using Workflow.LocalHost.Http;
using Workflow.LocalHost.Identity;
using Workflow.LocalHost.Timers;

// Settings and host.json sit beside the binary, wherever the host is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (args is ["token", ..])
{
    return DevelopmentSignIn.RunCommand(args, builder.Configuration, Console.Out, Console.Error);
}

// The OpenAPI document the app serves, written without starting a host: `openapi FILE` (or to standard output).
if (args is ["openapi", ..])
{
    var document = Workflow.Functions.Platform.OpenApiDocument.Text;
    if (args.Length > 1) { File.WriteAllText(args[1], document); } else { Console.Out.Write(document); }
    return 0;
}

// The development OpenID Connect provider (ADR 0023), unless the settings name another issuer's metadata: it starts
// first, on its own https port, so that the app reads its keys from its discovery document like Entra ID's.
DevelopmentSignInKeys? signInKeys = null;
await using var signInProvider = string.IsNullOrEmpty(builder.Configuration[SettingNames.SignInMetadataAddress])
    ? await DevelopmentOidcProvider.StartAsync(builder.Configuration, signInKeys = DevelopmentSignInKeys.Load(builder.Configuration))
    : null;
if (signInProvider is not null)
{
    builder.Configuration.AddInMemoryCollection(signInProvider.AppSettings());
}

var functionsAssembly = typeof(RecruitingRoundOrchestration).Assembly;
var countStorageRequests = builder.Configuration.GetValue<bool>(SettingNames.CountStorageRequests);
if (countStorageRequests)
{
    // Registered before the storage and the engine are built, so that both count through it (./workflow bench).
    builder.Services.AddSingleton<StorageRequestCounter>();
}

builder.Services.AddRecruitingWorkflow(builder.Configuration);
builder.Services.AddWorkflowTelemetry(builder.Configuration, otel => otel.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(o =>
{
    // The development provider stands in for Entra ID, which is not part of the app's traces in Azure: its requests
    // (the app reading its metadata and keys in the middle of a request) make no spans here either.
    o.Filter = context => !context.Request.Path.StartsWithSegments(DevelopmentOidcProvider.PathBase, StringComparison.Ordinal);
    // The request span Azure's Functions host makes; its round as the route names it (known once routing ran).
    o.EnrichWithHttpResponse = (span, response) =>
    {
        if (span.GetTagItem(WorkflowTelemetry.RoundIdTag) is null && WorkflowTelemetry.RoundIdFrom(response.HttpContext.Request.RouteValues) is { } roundId)
        {
            span.SetTag(WorkflowTelemetry.RoundIdTag, roundId);
        }
    };
})));
builder.Services.AddLocalDurableEngine(builder.Configuration, functionsAssembly);
builder.Services.AddLocalTimerTriggers();

var app = builder.Build();
app.UseMiddleware<ProblemExceptionMiddleware>();
app.MapDevelopmentSignIn(signInKeys);
app.MapFunctionHttpTriggers(app.Services.GetRequiredService<FunctionCatalog>(), HostJson.Load(HostJson.DefaultPath).RoutePrefix);
if (countStorageRequests)
{
    // Outside the API's route prefix: a local-host-only diagnostic, never served by the Functions app.
    app.MapGet("/local/storage-requests", (StorageRequestCounter counter) => Results.Json(counter.Snapshot()));
}

await app.RunAsync();
return 0;
