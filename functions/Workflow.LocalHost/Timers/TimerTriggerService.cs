using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using NCrontab;
using Workflow.LocalHost.Durable;

namespace Workflow.LocalHost.Timers;

/// <summary>
/// Runs the app's <c>[TimerTrigger]</c> functions on their NCRONTAB schedules, as the Functions host does: a
/// <c>%name%</c> schedule is read from configuration, six fields include seconds, runs of one function never overlap,
/// and a run that fails is logged and the next occurrence runs as planned.
/// </summary>
/// <remarks>
/// What the Functions host adds and this does not: a blob lease so that one instance of a scaled-out app runs each
/// occurrence, and a record of the last run to report a missed one as past due. Every timer of the app is written to
/// be safe to run twice or late (sealing a head already sealed does nothing).
/// </remarks>
public sealed class TimerTriggerService(
    FunctionCatalog catalog,
    IConfiguration configuration,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<TimerTriggerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Schedules are resolved before anything runs: a timer with no schedule stops the host at startup, as in Azure.
        // A function disabled by the app setting Functions reads (AzureWebJobs.<name>.Disabled) does not run.
        var timers = catalog.TimerTriggers.Where(t => !IsDisabled(t, configuration))
            .Select(t => (Function: t, Schedule: ScheduleOf(t, configuration))).ToList();
        return Task.WhenAll(timers.Select(t => RunAsync(t.Function, t.Schedule, stoppingToken)));
    }

    public static bool IsDisabled(FunctionEntryPoint function, IConfiguration configuration) =>
        bool.TryParse(configuration[$"AzureWebJobs.{function.Name}.Disabled"] ?? configuration[$"AzureWebJobs:{function.Name}:Disabled"], out var disabled) && disabled;

    public static CrontabSchedule ScheduleOf(FunctionEntryPoint function, IConfiguration configuration)
    {
        var expression = ((TimerTriggerAttribute)function.TriggerAttribute).Schedule;
        if (expression is ['%', .. var name, '%'])
        {
            expression = configuration[name] is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"Timer function '{function.Name}' names the setting '{name}' for its schedule, which is not set.");
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 })
               ?? throw new InvalidOperationException($"Timer function '{function.Name}' has the schedule '{expression}', which is not an NCRONTAB expression.");
    }

    private async Task RunAsync(FunctionEntryPoint function, CrontabSchedule schedule, CancellationToken stoppingToken)
    {
        DateTime? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var info = new TimerInfo
            {
                IsPastDue = false,
                ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = schedule.GetNextOccurrence(next), LastUpdated = clock.GetUtcNow().UtcDateTime },
            };
            try
            {
                await InvokeAsync(function, info, stoppingToken);
                logger.LogInformation("Timer function {Function} ran for {Occurrence}", function.Name, next.ToString("O", CultureInfo.InvariantCulture));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Timer function {Function} failed for {Occurrence}", function.Name, next.ToString("O", CultureInfo.InvariantCulture));
            }

            last = next;
        }
    }

    private Task InvokeAsync(FunctionEntryPoint function, TimerInfo info, CancellationToken stoppingToken) =>
        FunctionInvoker.InvokeInNewScopeAsync(services, function.Method,
            p => p.Position == function.TriggerParameter.Position ? info
                : p.ParameterType == typeof(DurableTaskClient) ? services.GetRequiredService<DurableTaskClient>()
                : stoppingToken);
}
