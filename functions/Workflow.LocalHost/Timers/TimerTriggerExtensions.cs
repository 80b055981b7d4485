using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workflow.LocalHost.Timers;

public static class TimerTriggerExtensions
{
    /// <summary>Runs the catalog's timer functions on their schedules (needs <c>AddLocalDurableEngine</c>'s catalog).</summary>
    public static IServiceCollection AddLocalTimerTriggers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<TimerTriggerService>();
        return services;
    }
}
