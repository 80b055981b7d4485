using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Rounds;
using Workflow.Functions.Http;
using Workflow.Functions.Tests.Support;
using Workflow.Functions.Train;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Tests.Train;

/// <summary>Attendance is written for selected people only, and a request with any bad entry writes nothing.</summary>
[Collection("Azurite")]
public sealed class RecordAttendanceTests
{
    private readonly TestStorage _storage = new();

    private RecordAttendance Function() => new(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage),
        new BusinessLog(_storage.Storage), new FixedClock(Samples.Now), new IdempotentRequests(_storage.Storage, new FixedClock(Samples.Now)));

    private async Task<(string RoundId, string Selected, string NotSelected)> TrainingRoundAsync()
    {
        var round = Samples.Round(RoundState.Training);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var selected = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("selected@example.jp"), nameof(ApplicationStatus.Selected));
        var notSelected = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.IneligibleEngineer("other@example.jp"), nameof(ApplicationStatus.NotSelected));
        return (round.RoundId, selected, notSelected);
    }

    [Fact]
    public async Task Attendees_and_absentees_of_a_session_are_stored_in_that_sessions_column()
    {
        var (roundId, selected, _) = await TrainingRoundAsync();
        var request = Requests.JsonOf("PUT", $"operator:{roundId}", new AttendanceRequest([selected], null));

        var answer = await Requests.ExecuteAsync(await Function().Run(request, roundId, "2"), request);

        Assert.Equal(200, answer.Status);
        var stored = await new ApplicationStore(_storage.Storage).GetAsync(selected);
        Assert.Equal([2], stored!.AttendedSessions());
    }

    [Fact]
    public async Task A_person_not_selected_an_unknown_id_or_a_repeated_id_refuses_the_whole_request()
    {
        var (roundId, selected, notSelected) = await TrainingRoundAsync();
        var request = Requests.JsonOf("PUT", $"operator:{roundId}", new AttendanceRequest([selected, notSelected, "R2025-zzzzzzzz_00_0123456789abcdef0123"], [selected]));

        var answer = await Requests.ExecuteAsync(await Function().Run(request, roundId, "1"), request);

        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Equal(["研修の対象者（選定された人）ではありません。"], answer.ErrorsFor("attendees[1]"));
        Assert.Equal(["この公募の受付番号ではありません。"], answer.ErrorsFor("attendees[2]"));
        Assert.Equal(["同じ人を2回指定することはできません。"], answer.ErrorsFor("attendees[0]"));
        Assert.Equal(["同じ人を2回指定することはできません。"], answer.ErrorsFor("absentees[0]"));
        var store = new ApplicationStore(_storage.Storage);
        Assert.Empty((await store.GetAsync(selected))!.AttendedSessions());
        Assert.Null((await store.GetAsync(selected))!.Attended1);
    }

    [Fact]
    public async Task Outside_training_attendance_is_refused_with_a_conflict()
    {
        var round = Samples.Round(RoundState.PanelReview);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var request = Requests.JsonOf("PUT", $"operator:{round.RoundId}", new AttendanceRequest(["x"], null));

        var answer = await Requests.ExecuteAsync(await Function().Run(request, round.RoundId, "1"), request);

        Assert.Equal(409, answer.Status);
        Assert.True(answer.IsProblem);
    }
}
