using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;

namespace Workflow.Domain.Tests.Privacy;

public sealed class PersonalDataRetentionTests
{
    private static readonly DateTimeOffset WindowEnds = new(2026, 3, 31, 15, 0, 0, TimeSpan.Zero);

    private static RoundSchedule Schedule() => new(
        WindowEnds.AddDays(-200), WindowEnds.AddDays(-190), WindowEnds.AddDays(-160), WindowEnds.AddDays(-130),
        [new TrainingSession(1, 1, WindowEnds.AddDays(-120))], WindowEnds.AddDays(-100), WindowEnds);

    [Fact]
    public void The_period_runs_from_the_end_of_the_appointment_window()
    {
        Assert.Equal(WindowEnds.AddDays(365), PersonalDataRetention.ErasableFrom(Schedule(), null, PersonalDataRetention.DefaultPeriod));
    }

    [Fact]
    public void A_round_closed_early_starts_the_period_at_its_completion()
    {
        var closed = WindowEnds.AddDays(-50);
        Assert.Equal(closed.AddDays(30), PersonalDataRetention.ErasableFrom(Schedule(), closed, TimeSpan.FromDays(30)));
    }

    [Fact]
    public void A_completion_recorded_after_the_window_does_not_lengthen_the_period()
    {
        Assert.Equal(WindowEnds, PersonalDataRetention.ErasableFrom(Schedule(), WindowEnds.AddDays(3), TimeSpan.Zero));
    }
}
