using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;
using Workflow.Functions;
using Workflow.Functions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddRecruitingWorkflow(builder.Configuration);
builder.Services.AddWorkflowTelemetry(builder.Configuration, otel => otel.UseFunctionsWorkerDefaults());
builder.UseMiddleware<RoundTagMiddleware>();
builder.Build().Run();
