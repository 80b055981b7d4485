using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workflow.LocalHost.Durable;
using Workflow.LocalHost.Tests.Durable;
using Workflow.LocalHost.Timers;

namespace Workflow.LocalHost.Tests.Timers;

/// <summary>The local host runs [TimerTrigger] functions on their NCRONTAB schedules, read from settings, as Functions does.</summary>
public sealed class TimerTriggerServiceTests
{
    private static IHost Build(string? schedule)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SampleTimerSchedule"] = schedule });
        builder.Services.AddSingleton(FunctionCatalog.FromTypes([typeof(SampleTimer)]));
        builder.Services.AddSingleton<TimerRuns>();
        builder.Services.AddLocalTimerTriggers();
        return builder.Build();
    }

    [Fact]
    public async Task Runs_a_timer_function_on_its_schedule_without_overlapping_runs()
    {
        using var host = Build("* * * * * *");
        var runs = host.Services.GetRequiredService<TimerRuns>();

        await host.StartAsync();
        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (runs.Runs.Count < 3)
        {
            await Task.Delay(100, waited.Token);
        }

        await host.StopAsync();

        var seen = runs.Runs.ToList();
        Assert.False(runs.Overlapped);
        Assert.All(seen, r => Assert.True(r.Info.ScheduleStatus!.Next > r.Info.ScheduleStatus.Last));

        // Each run starts after the previous one ended (each takes 1.5 s; the schedule fires every second).
        Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromMilliseconds(1500)));
    }

    [Fact]
    public async Task A_timer_that_takes_a_durable_client_gets_the_hosts_client()
    {
        var client = new Moq.Mock<Microsoft.DurableTask.Client.DurableTaskClient>("local").Object;
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SampleTimerSchedule"] = "* * * * * *" });
        builder.Services.AddSingleton(FunctionCatalog.FromTypes([typeof(SampleDurableTimer)]));
        builder.Services.AddSingleton<TimerRuns>();
        builder.Services.AddSingleton(client);
        builder.Services.AddLocalTimerTriggers();
        using var host = builder.Build();
        var runs = host.Services.GetRequiredService<TimerRuns>();

        await host.StartAsync();
        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (runs.Runs.IsEmpty)
        {
            await Task.Delay(100, waited.Token);
        }

        await host.StopAsync();
        Assert.Contains(SampleDurableTimer.Clients, c => ReferenceEquals(c, client));
    }

    [Fact]
    public void A_schedule_named_by_a_setting_is_read_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SampleTimerSchedule"] = "0 */5 * * * *" }).Build();
        var function = FunctionCatalog.FromTypes([typeof(SampleTimer)]).TimerTriggers.Single();

        var schedule = TimerTriggerService.ScheduleOf(function, configuration);

        Assert.Equal(new DateTime(2026, 4, 1, 9, 5, 0), schedule.GetNextOccurrence(new DateTime(2026, 4, 1, 9, 2, 30)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("every five minutes")]
    public void A_missing_or_invalid_schedule_is_refused_naming_the_function(string? schedule)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SampleTimerSchedule"] = schedule }).Build();
        var function = FunctionCatalog.FromTypes([typeof(SampleTimer)]).TimerTriggers.Single();

        var error = Assert.Throws<InvalidOperationException>(() => TimerTriggerService.ScheduleOf(function, configuration));

        Assert.Contains(nameof(SampleTimer), error.Message, StringComparison.Ordinal);
    }
}
