using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;
using Workflow.Functions.Platform;

namespace Workflow.Functions.Tests.Platform;

/// <summary>
/// The crash points' parsing and counting. Nothing here arms a point in this process: other tests run the activities
/// that reach them, and an armed point would kill the test run.
/// </summary>
public sealed class CrashPointsTests
{
    [Fact]
    public void An_empty_setting_arms_nothing()
    {
        Assert.Null(CrashTrigger.Parse(null));
        Assert.Null(CrashTrigger.Parse(" "));
    }

    [Fact]
    public void A_point_fires_on_the_counted_reach_of_its_own_name_and_only_then()
    {
        var once = CrashTrigger.Parse(CrashPoints.ShardScreened)!;
        Assert.Equal(1, once.Count);
        Assert.False(once.Hit(CrashPoints.CertificatesIssued));
        Assert.True(once.Hit(CrashPoints.ShardScreened));
        Assert.False(once.Hit(CrashPoints.ShardScreened));

        var third = CrashTrigger.Parse($"{CrashPoints.CertificatesIssued}, 3")!;
        Assert.Equal([false, false, true, false], Enumerable.Range(0, 4).Select(_ => third.Hit(CrashPoints.CertificatesIssued)));
    }

    [Fact]
    public void The_count_is_exact_when_reached_from_many_threads()
    {
        var trigger = CrashTrigger.Parse($"{CrashPoints.ResumeUploaded},50")!;
        var fired = 0;
        Parallel.For(0, 200, _ =>
        {
            if (trigger.Hit(CrashPoints.ResumeUploaded))
            {
                Interlocked.Increment(ref fired);
            }
        });

        Assert.Equal(1, fired);
    }

    [Theory]
    [InlineData("no-such-point")]
    [InlineData("shard-screened,0")]
    [InlineData("shard-screened,two")]
    [InlineData("shard-screened,1,2")]
    public void A_misspelt_setting_is_refused_rather_than_never_firing(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CrashTrigger.Parse(setting));
        Assert.Contains(SettingNames.CrashAt, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_point_has_a_distinct_name()
    {
        Assert.Equal(CrashPoints.Names.Count, CrashPoints.Names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(CrashPoints.Names, name => Assert.Equal(name, CrashTrigger.Parse(name)!.Name));
    }

    [Fact]
    public void The_app_refuses_to_start_in_azure_with_a_crash_point()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.CrashAt] = CrashPoints.ShardScreened,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => CrashPoints.Arm(configuration, runningInAzure: true));
        Assert.Contains(SettingNames.CrashAt, error.Message, StringComparison.Ordinal);

        // Without one, Azure starts as usual.
        CrashPoints.Arm(new ConfigurationBuilder().Build(), runningInAzure: true);
    }
}
