using Workflow.Functions;
using Workflow.Functions.Rounds;
using Workflow.LocalHost;
using Workflow.LocalHost.Durable;
using Workflow.LocalHost.Http;

var builder = WebApplication.CreateBuilder(args);
var functionsAssembly = typeof(RecruitingRoundOrchestration).Assembly;
builder.Services.AddRecruitingWorkflow(builder.Configuration);
builder.Services.AddLocalDurableEngine(builder.Configuration, functionsAssembly);

var app = builder.Build();
app.UseMiddleware<ProblemExceptionMiddleware>();
app.MapFunctionHttpTriggers(app.Services.GetRequiredService<FunctionCatalog>(), HostJsonHttp.RoutePrefix());
app.Run();
