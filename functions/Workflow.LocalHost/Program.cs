using Workflow.Functions;
using Workflow.Functions.Rounds;
using Workflow.Functions.Configuration;
using Workflow.Functions.Storage;
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

var functionsAssembly = typeof(RecruitingRoundOrchestration).Assembly;
var countStorageRequests = builder.Configuration.GetValue<bool>(SettingNames.CountStorageRequests);
if (countStorageRequests)
{
    // Registered before the storage and the engine are built, so that both count through it (./workflow bench).
    builder.Services.AddSingleton<StorageRequestCounter>();
}

builder.Services.AddRecruitingWorkflow(builder.Configuration);
builder.Services.AddLocalDurableEngine(builder.Configuration, functionsAssembly);
builder.Services.AddLocalTimerTriggers();

var app = builder.Build();
app.UseMiddleware<ProblemExceptionMiddleware>();
app.MapDevelopmentSignIn();
app.MapFunctionHttpTriggers(app.Services.GetRequiredService<FunctionCatalog>(), HostJson.Load(HostJson.DefaultPath).RoutePrefix);
if (countStorageRequests)
{
    // Outside the API's route prefix: a local-host-only diagnostic, never served by the Functions app.
    app.MapGet("/local/storage-requests", (StorageRequestCounter counter) => Results.Json(counter.Snapshot()));
}

app.Run();
return 0;
