using Workflow.Functions;
using Workflow.Functions.Rounds;
using Workflow.Functions.Configuration;
using Workflow.LocalHost.Durable;
using Workflow.LocalHost.Http;
using Workflow.LocalHost.Identity;

// Settings and host.json sit beside the binary, wherever the host is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (args is ["token", ..])
{
    return DevelopmentSignIn.RunCommand(args, builder.Configuration, Console.Out, Console.Error);
}

var functionsAssembly = typeof(RecruitingRoundOrchestration).Assembly;
builder.Services.AddRecruitingWorkflow(builder.Configuration);
builder.Services.AddLocalDurableEngine(builder.Configuration, functionsAssembly);

var app = builder.Build();
app.UseMiddleware<ProblemExceptionMiddleware>();
app.MapDevelopmentSignIn();
app.MapFunctionHttpTriggers(app.Services.GetRequiredService<FunctionCatalog>(), HostJson.Load(HostJson.DefaultPath).RoutePrefix);
app.Run();
return 0;
