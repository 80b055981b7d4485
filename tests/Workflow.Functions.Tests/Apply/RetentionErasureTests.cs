using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Workflow.Domain.Privacy;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Apply;

/// <summary>
/// Erasure after the retention period: the schedule proposes who is due, the ministry approves a round (logged first),
/// the schedule erases what was approved and nothing else.
/// </summary>
[Collection("Azurite")]
public sealed class RetentionErasureTests
{
    private readonly TestStorage _storage = new();
    private readonly Mock<DurableTaskClient> _client = new("test");

    /// <summary>A year and a month after the sample round's appointments closed: its period is over.</summary>
    private static DateTimeOffset After(RoundRecord round) => round.Schedule.AppointmentClosesAt + PersonalDataRetention.DefaultPeriod + TimeSpan.FromDays(30);

    private RetentionErasures Erasures(DateTimeOffset now)
    {
        var erasure = new ApplicantErasure(_storage.Storage, new ApplicationStore(_storage.Storage), new AppointmentStore(_storage.Storage), new ConflictDeclarationStore(_storage.Storage),
            new PanelStore(_storage.Storage), _storage.Certificates(), new ContactStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(now));
        return new RetentionErasures(new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage), new ErasureCaseStore(_storage.Storage), erasure,
            new RetentionSettings(PersonalDataRetention.DefaultPeriod), new FixedClock(now), NullLogger<RetentionErasures>.Instance);
    }

    private Task<HttpAnswer> HoldAsync(string actor, string roundId, string applicationId, DateTimeOffset now, ErasureHoldReason? reason) =>
        HoldAsync(actor, roundId, applicationId, now, reason is null ? null : new ErasureHoldBody(reason));

    /// <param name="body">Null: a release (DELETE).</param>
    private async Task<HttpAnswer> HoldAsync(string actor, string roundId, string applicationId, DateTimeOffset now, object? body)
    {
        var request = body is null ? Requests.Request("DELETE", actor) : Requests.JsonOf("PUT", actor, body);
        var function = new HoldErasure(TestSignIn.Gate(_storage.Storage), new ErasureCaseStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(now));
        return await Requests.ExecuteAsync(body is null ? await function.Release(request, roundId, applicationId) : await function.Hold(request, roundId, applicationId), request);
    }

    private async Task<int> LoggedAsync(string roundId, string action) =>
        (await new BusinessLog(_storage.Storage).ReadAsync(roundId, 100, null)).Entries.Count(e => e.Action == action);

    private async Task<HttpAnswer> ApproveAsync(string actor, string roundId, DateTimeOffset now)
    {
        var request = Requests.JsonOf("POST", actor, new { });
        return await Requests.ExecuteAsync(await new ApproveErasures(TestSignIn.Gate(_storage.Storage), new ErasureCaseStore(_storage.Storage), new BusinessLog(_storage.Storage),
            new FixedClock(now)).Run(request, roundId), request);
    }

    [Fact]
    public async Task Nothing_is_erased_until_the_ministry_approves_and_then_the_schedule_erases_exactly_what_was_approved()
    {
        var due = Samples.Round(RoundState.Completed);
        var recent = Samples.Round(RoundState.Completed, Samples.Now.AddYears(2));
        await new RoundStore(_storage.Storage).CreateAsync(due, "ministry");
        await new RoundStore(_storage.Storage).CreateAsync(recent, "ministry");
        var first = await SeededApplications.AddAsync(_storage.Storage, due.RoundId, Samples.EligibleProducer("kept1@example.jp"));
        var second = await SeededApplications.AddAsync(_storage.Storage, due.RoundId, Samples.IneligibleEngineer("kept2@example.jp"));
        var notYet = await SeededApplications.AddAsync(_storage.Storage, recent.RoundId, Samples.EligibleProducer("notyet@example.jp"));
        var now = After(due);

        Assert.Equal(2, await Erasures(now).ProposeDueAsync());
        Assert.Equal(0, await Erasures(now).ProposeDueAsync());
        Assert.Equal((0, 0), await Erasures(now).EraseApprovedAsync(_client.Object));
        Assert.NotNull(await new ApplicationStore(_storage.Storage).GetAsync(first));

        Assert.Equal(403, (await ApproveAsync("operator:" + due.RoundId, due.RoundId, now)).Status);
        var approved = await ApproveAsync("ministry", due.RoundId, now);
        Assert.Equal(200, approved.Status);
        Assert.Equal(2, approved.Json.GetProperty("approved").GetInt32());
        Assert.Equal(0, (await ApproveAsync("ministry", due.RoundId, now)).Json.GetProperty("approved").GetInt32());
        var logged = Assert.Single((await new BusinessLog(_storage.Storage).ReadAsync(due.RoundId, 100, null)).Entries, e => e.Action == BusinessLogActions.ErasureApproved);
        Assert.Equal("2件", logged.Detail);

        Assert.Equal((2, 0), await Erasures(now.AddDays(1)).EraseApprovedAsync(_client.Object));
        Assert.Null(await new ApplicationStore(_storage.Storage).GetAsync(first));
        Assert.Null(await new ApplicationStore(_storage.Storage).GetAsync(second));
        Assert.NotNull(await new ApplicationStore(_storage.Storage).GetAsync(notYet));
        var tombstones = (await new BusinessLog(_storage.Storage).ReadAsync(due.RoundId, 100, null)).Entries.Where(e => e.Action == ApplicantErasure.TombstoneAction).ToList();
        Assert.Equal(2, tombstones.Count);
        Assert.All(tombstones, t => Assert.Equal(TestSignIn.LogName("ministry"), t.Actor));

        var cases = await new ErasureCaseStore(_storage.Storage).ListAsync(due.RoundId);
        Assert.All(cases, c => Assert.Equal(ErasureState.Erased, c.Case.State));
        Assert.Equal((0, 0), await Erasures(now.AddDays(2)).EraseApprovedAsync(_client.Object));

        var listRequest = Requests.Request("GET", "ministry");
        var list = await Requests.ExecuteAsync(await new ListErasures(TestSignIn.Gate(_storage.Storage), new ErasureCaseStore(_storage.Storage), new RoundStore(_storage.Storage),
            Erasures(now)).Run(listRequest), listRequest);
        var item = Assert.Single(list.Json.GetProperty("items").EnumerateArray());
        Assert.Equal((0, 0, 2), (item.GetProperty("proposed").GetInt32(), item.GetProperty("approved").GetInt32(), item.GetProperty("erased").GetInt32()));
    }

    [Fact]
    public async Task Two_ministry_members_approving_a_round_at_once_make_one_approval_logged_once_and_the_later_is_told_who_approved()
    {
        for (var run = 0; run < 5; run++)
        {
            var round = Samples.Round(RoundState.Completed);
            await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
            for (var i = 0; i < 3; i++)
            {
                await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer($"race{run}-{i}@example.jp"));
            }

            var now = After(round);
            Assert.Equal(3, await Erasures(now).ProposeDueAsync());
            var answers = await Task.WhenAll(ApproveAsync("ministry@alice", round.RoundId, now), ApproveAsync("ministry@bob", round.RoundId, now.AddSeconds(1)));

            var winner = Assert.Single(answers, a => a.Status == 200);
            var loser = Assert.Single(answers, a => a.Status == 409);
            Assert.Equal(3, winner.Json.GetProperty("approved").GetInt32());
            var logged = Assert.Single((await new BusinessLog(_storage.Storage).ReadAsync(round.RoundId, 100, null)).Entries, e => e.Action == BusinessLogActions.ErasureApproved);
            var cases = await new ErasureCaseStore(_storage.Storage).ListAsync(round.RoundId);
            Assert.All(cases, c => Assert.Equal((ErasureState.Approved, logged.Actor), (c.Case.State, c.Case.ApprovedBy)));
            Assert.Contains(logged.Actor, loser.Json.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task An_approval_recorded_by_a_process_that_stopped_before_approving_the_cases_is_completed_as_its_author_by_the_next_click()
    {
        var round = Samples.Round(RoundState.Completed);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var application = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("halfway@example.jp"));
        var now = After(round);
        await Erasures(now).ProposeDueAsync();
        var alice = TestSignIn.LogName("ministry@alice");
        await new ErasureCaseStore(_storage.Storage).ClaimApprovalAsync(ErasureApproval.Of(round.RoundId, [application], alice, now));

        // Nothing is erased on an approval the log does not show yet.
        Assert.Equal((0, 0), await Erasures(now.AddDays(1)).EraseApprovedAsync(_client.Object));
        Assert.Equal(409, (await ApproveAsync("ministry@bob", round.RoundId, now.AddMinutes(5))).Status);

        var logged = Assert.Single((await new BusinessLog(_storage.Storage).ReadAsync(round.RoundId, 100, null)).Entries, e => e.Action == BusinessLogActions.ErasureApproved);
        Assert.Equal((alice, now), (logged.Actor, logged.At));
        var stored = Assert.Single(await new ErasureCaseStore(_storage.Storage).ListAsync(round.RoundId));
        Assert.Equal((ErasureState.Approved, alice), (stored.Case.State, stored.Case.ApprovedBy));

        // Alice's own later click is not refused as someone else's, and logs nothing more.
        var again = await ApproveAsync("ministry@alice", round.RoundId, now.AddMinutes(6));
        Assert.Equal(200, again.Status);
        Assert.Single((await new BusinessLog(_storage.Storage).ReadAsync(round.RoundId, 100, null)).Entries, e => e.Action == BusinessLogActions.ErasureApproved);
    }

    [Fact]
    public async Task A_held_person_is_left_out_of_the_rounds_approval_and_the_erasure_until_released_and_approved_again()
    {
        var round = Samples.Round(RoundState.Completed);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var held = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("held@example.jp"));
        var other = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.IneligibleEngineer("other@example.jp"));
        var now = After(round);
        await Erasures(now).ProposeDueAsync();

        Assert.Equal(403, (await HoldAsync($"operator:{round.RoundId}", round.RoundId, held, now, ErasureHoldReason.Dispute)).Status);
        Assert.Equal(400, (await HoldAsync("ministry", round.RoundId, held, now, new { reason = "whim" })).Status);
        Assert.Equal(400, (await HoldAsync("ministry", round.RoundId, held, now, new { })).Status);
        Assert.Equal(404, (await HoldAsync("ministry", round.RoundId, "R2026-nope", now, ErasureHoldReason.Dispute)).Status);
        Assert.Equal(200, (await HoldAsync("ministry", round.RoundId, held, now, ErasureHoldReason.Dispute)).Status);
        Assert.Equal(200, (await HoldAsync("ministry", round.RoundId, held, now.AddMinutes(1), ErasureHoldReason.Dispute)).Status);
        Assert.Equal(409, (await HoldAsync("ministry", round.RoundId, held, now, ErasureHoldReason.Audit)).Status);
        Assert.Equal(1, await LoggedAsync(round.RoundId, BusinessLogActions.ErasureHeld));

        Assert.Equal(1, (await ApproveAsync("ministry", round.RoundId, now)).Json.GetProperty("approved").GetInt32());
        Assert.Equal((1, 0), await Erasures(now.AddDays(1)).EraseApprovedAsync(_client.Object));
        Assert.NotNull(await new ApplicationStore(_storage.Storage).GetAsync(held));
        Assert.Null(await new ApplicationStore(_storage.Storage).GetAsync(other));

        var listRequest = Requests.Request("GET", "ministry");
        var list = await Requests.ExecuteAsync(await new ListErasures(TestSignIn.Gate(_storage.Storage), new ErasureCaseStore(_storage.Storage), new RoundStore(_storage.Storage),
            Erasures(now)).Run(listRequest), listRequest);
        var item = Assert.Single(list.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(1, item.GetProperty("held").GetInt32());
        Assert.Equal(held, Assert.Single(item.GetProperty("holds").EnumerateArray()).GetProperty("applicationId").GetString());

        Assert.Equal(200, (await HoldAsync("ministry", round.RoundId, held, now.AddDays(2), null)).Status);
        Assert.Equal(200, (await HoldAsync("ministry", round.RoundId, held, now.AddDays(2), null)).Status);
        Assert.Equal(1, await LoggedAsync(round.RoundId, BusinessLogActions.ErasureHoldReleased));
        Assert.Equal((0, 0), await Erasures(now.AddDays(3)).EraseApprovedAsync(_client.Object));
        Assert.Equal(1, (await ApproveAsync("ministry", round.RoundId, now.AddDays(3))).Json.GetProperty("approved").GetInt32());
        Assert.Equal((1, 0), await Erasures(now.AddDays(4)).EraseApprovedAsync(_client.Object));
        Assert.Null(await new ApplicationStore(_storage.Storage).GetAsync(held));
        Assert.Equal(409, (await HoldAsync("ministry", round.RoundId, held, now.AddDays(5), ErasureHoldReason.Audit)).Status);
    }

    [Fact]
    public async Task A_case_the_schedule_has_begun_erasing_is_finished_by_the_next_run_and_cannot_be_held()
    {
        var round = Samples.Round(RoundState.Completed);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var application = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("marked@example.jp"));
        var now = After(round);
        await Erasures(now).ProposeDueAsync();
        Assert.Equal(200, (await ApproveAsync("ministry", round.RoundId, now)).Status);
        // A run that stopped right after marking the case.
        var store = new ErasureCaseStore(_storage.Storage);
        var (approved, etag) = (await store.GetAsync(round.RoundId, application))!.Value;
        Assert.NotNull(await store.RecordAsync(approved.Erasing(), etag));

        Assert.Equal(409, (await HoldAsync("ministry", round.RoundId, application, now, ErasureHoldReason.Audit)).Status);
        Assert.Equal((1, 0), await Erasures(now.AddDays(1)).EraseApprovedAsync(_client.Object));
        Assert.Null(await new ApplicationStore(_storage.Storage).GetAsync(application));
        Assert.Equal(ErasureState.Erased, (await store.GetAsync(round.RoundId, application))!.Value.Case.State);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task A_hold_and_the_rounds_approval_at_once_leave_the_person_held_and_never_erased(int run)
    {
        var round = Samples.Round(RoundState.Completed);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var held = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer($"hold-race{run}@example.jp"));
        var now = After(round);
        await Erasures(now).ProposeDueAsync();

        var answers = await Task.WhenAll(HoldAsync("ministry@alice", round.RoundId, held, now, ErasureHoldReason.Audit), ApproveAsync("ministry@bob", round.RoundId, now));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        var (stored, _) = (await new ErasureCaseStore(_storage.Storage).GetAsync(round.RoundId, held))!.Value;
        Assert.Equal((ErasureState.Held, null), (stored.State, stored.ApprovedBy));
        Assert.Equal(1, await LoggedAsync(round.RoundId, BusinessLogActions.ErasureHeld));
        Assert.Equal((0, 0), await Erasures(now.AddDays(1)).EraseApprovedAsync(_client.Object));
        Assert.NotNull(await new ApplicationStore(_storage.Storage).GetAsync(held));
    }
}
