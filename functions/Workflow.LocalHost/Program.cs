using Workflow.Functions;
using Workflow.Functions.Rounds;
using Workflow.Functions.Configuration;
using Workflow.LocalHost.Durable;
using Workflow.LocalHost.Http;

// Settings and host.json sit beside the binary, wherever the host is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var functionsAssembly = typeof(RecruitingRoundOrchestration).Assembly;
builder.Services.AddRecruitingWorkflow(builder.Configuration);
builder.Services.AddLocalDurableEngine(builder.Configuration, functionsAssembly);

var app = builder.Build();
app.UseMiddleware<ProblemExceptionMiddleware>();
app.MapFunctionHttpTriggers(app.Services.GetRequiredService<FunctionCatalog>(), HostJson.Load(HostJson.DefaultPath).RoutePrefix);
app.Run();
