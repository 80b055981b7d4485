using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;
using Workflow.Functions.Commission;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Commission;

/// <summary>
/// The human actions of ①委託: each is recorded on the round row only from the states where it makes sense, once,
/// and then wakes the round's orchestration.
/// </summary>
[Collection("Azurite")]
public sealed class CommissionActionTests
{
    private readonly TestStorage _storage = new();
    private readonly Mock<DurableTaskClient> _client = new("test");

    private RoundActions Actions() => new(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));

    /// <summary>The operator's acceptance of <paramref name="round"/>, sent with an Idempotency-Key.</summary>
    private static Microsoft.AspNetCore.Http.HttpRequest KeyedAcceptance(RoundRecord round, string key)
    {
        var request = Requests.Request("POST", $"operator:{round.RoundId}");
        request.Headers["Idempotency-Key"] = key;
        return request;
    }

    private async Task<RoundRecord> StoredRoundAsync(RoundState state)
    {
        var round = Samples.Round(state);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        return round;
    }

    [Theory]
    [InlineData(RoundState.AwaitingCommissionAcceptance)]
    [InlineData(RoundState.CommissionOverdue)]
    public async Task Operator_acceptance_raises_CommissionAccepted_to_the_round_instance(RoundState state)
    {
        var round = await StoredRoundAsync(state);
        var request = Requests.Request("POST", $"operator:{round.RoundId}");

        var answer = await Requests.ExecuteAsync(await new AcceptCommission(Actions()).Run(request, _client.Object, round.RoundId), request);

        Assert.Equal(202, answer.Status);
        Assert.Equal(RoundEvents.CommissionAccepted, answer.Json.GetProperty("action").GetString());
        _client.Verify(c => c.RaiseEventAsync($"round-{round.RoundId}", RoundEvents.CommandRecorded, nameof(RoundCommand.AcceptCommission), It.IsAny<CancellationToken>()), Times.Once);
        _client.VerifyNoOtherCalls();
        var stored = (await new RoundStore(_storage.Storage).GetAsync(round.RoundId))!;
        Assert.Equal(RoundCommand.AcceptCommission, stored.Lifecycle.Closing!.Command);
        Assert.Equal(TestSignIn.LogName("operator"), stored.Lifecycle.Closing.By);
    }

    [Theory]
    [InlineData(RoundState.CommissionAccepted)]
    [InlineData(RoundState.CallPublished)]
    [InlineData(RoundState.Cancelled)]
    public async Task Acceptance_in_any_other_state_is_a_conflict_and_raises_nothing(RoundState state)
    {
        var round = await StoredRoundAsync(state);
        var request = Requests.Request("POST", $"operator:{round.RoundId}");

        var answer = await Requests.ExecuteAsync(await new AcceptCommission(Actions()).Run(request, _client.Object, round.RoundId), request);

        Assert.Equal(409, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Contains(RoundStateMachine.DisplayName(state), answer.Json.GetProperty("detail").GetString());
        _client.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("ministry", 403)]
    [InlineData("auditor", 403)]
    public async Task Acceptance_by_anyone_but_the_operator_is_refused_before_storage(string? actor, int status)
    {
        var request = Requests.Request("POST", actor);

        var answer = await Requests.ExecuteAsync(await new AcceptCommission(Actions()).Run(request, _client.Object, "R2025-abcdef12"), request);

        Assert.Equal(status, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.False(await _storage.TableExistsAsync(Storage.Tables.Rounds));
        _client.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Acceptance_of_an_unknown_round_is_not_found()
    {
        var request = Requests.Request("POST", "operator:R2025-00000000");

        var answer = await Requests.ExecuteAsync(await new AcceptCommission(Actions()).Run(request, _client.Object, "R2025-00000000"), request);

        Assert.Equal(404, answer.Status);
        Assert.Equal("公募ラウンドが見つかりません。", answer.Json.GetProperty("title").GetString());
        _client.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Extension_without_a_new_deadline_names_the_field()
    {
        var request = Requests.Json("POST", "ministry", "{}");

        var answer = await Requests.ExecuteAsync(await new ExtendCommissionDeadline(TestSignIn.Gate(_storage.Storage), Actions()).Run(request, _client.Object, "R2025-abcdef12"), request);

        Assert.Equal(400, answer.Status);
        Assert.Equal("新しい受諾期限を入力してください。", answer.ErrorsFor("acceptCommissionBy").Single());
        _client.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Extension_without_an_actor_is_unauthorized_whatever_the_body()
    {
        // Every other trigger answers who-are-you before what-did-you-send; an anonymous caller gets no validation detail.
        var request = Requests.Json("POST", null, "{}");

        var answer = await Requests.ExecuteAsync(await new ExtendCommissionDeadline(TestSignIn.Gate(_storage.Storage), Actions()).Run(request, _client.Object, "R2025-abcdef12"), request);

        Assert.Equal(401, answer.Status);
        _client.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Extension_of_an_overdue_commission_records_the_new_deadline()
    {
        var round = await StoredRoundAsync(RoundState.CommissionOverdue);
        var deadline = Samples.Now.AddHours(36);
        var request = Requests.JsonOf("POST", "ministry", new ExtendCommissionRequest(deadline));

        var answer = await Requests.ExecuteAsync(await new ExtendCommissionDeadline(TestSignIn.Gate(_storage.Storage), Actions()).Run(request, _client.Object, round.RoundId), request);

        Assert.Equal(202, answer.Status);
        _client.Verify(c => c.RaiseEventAsync($"round-{round.RoundId}", RoundEvents.CommandRecorded, nameof(RoundCommand.ExtendCommission), It.IsAny<CancellationToken>()), Times.Once);
        var stored = (await new RoundStore(_storage.Storage).GetAsync(round.RoundId))!;
        Assert.Equal(deadline, stored.Lifecycle.Closing!.NewDeadline);
        Assert.Equal(deadline, stored.Schedule.AcceptCommissionBy);
        Assert.Equal(1, stored.Lifecycle.CommissionExtensions);
    }

    [Theory]
    [InlineData(-1, "新しい受諾期限は現在より後の日時にしてください。")]
    [InlineData(24 * 7, "新しい受諾期限は応募受付の開始より前の日時にしてください。")]
    public async Task Extension_to_a_date_in_the_past_or_after_the_window_opens_is_refused_and_changes_nothing(int hours, string message)
    {
        var round = await StoredRoundAsync(RoundState.CommissionOverdue);
        var request = Requests.JsonOf("POST", "ministry", new ExtendCommissionRequest(Samples.Now.AddHours(hours)));

        var answer = await Requests.ExecuteAsync(await new ExtendCommissionDeadline(TestSignIn.Gate(_storage.Storage), Actions()).Run(request, _client.Object, round.RoundId), request);

        Assert.Equal(400, answer.Status);
        Assert.Equal(message, answer.ErrorsFor("acceptCommissionBy").Single());
        Assert.Null((await new RoundStore(_storage.Storage).GetAsync(round.RoundId))!.Lifecycle.Closing);
        _client.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Two_acceptances_at_once_record_one_and_tell_the_other_why()
    {
        var round = await StoredRoundAsync(RoundState.AwaitingCommissionAcceptance);
        var requests = Enumerable.Range(0, 6).Select(_ => Requests.Request("POST", $"operator:{round.RoundId}")).ToList();

        var answers = await Task.WhenAll(requests.Select(async r => await Requests.ExecuteAsync(await new AcceptCommission(Actions()).Run(r, _client.Object, round.RoundId), r)));

        Assert.Single(answers, a => a.Status == 202);
        Assert.All(answers.Where(a => a.Status != 202), a =>
        {
            Assert.Equal(409, a.Status);
            Assert.Equal("この操作は既に記録されています（委託の受諾）。", a.Json.GetProperty("title").GetString());
        });
        var (entries, _) = await new BusinessLog(_storage.Storage).ReadAsync(round.RoundId, 50, null);
        Assert.Single(entries, e => e.Action == RoundEvents.CommissionAccepted);
    }

    [Fact]
    public async Task A_repeat_with_the_same_idempotency_key_gets_the_first_answer_and_is_logged_once()
    {
        var round = await StoredRoundAsync(RoundState.AwaitingCommissionAcceptance);
        Microsoft.AspNetCore.Http.HttpRequest Keyed() => KeyedAcceptance(round, "accept-once-0001");

        var (first, second) = (Keyed(), Keyed());
        var one = await Requests.ExecuteAsync(await new AcceptCommission(Actions()).Run(first, _client.Object, round.RoundId), first);
        var two = await Requests.ExecuteAsync(await new AcceptCommission(Actions()).Run(second, _client.Object, round.RoundId), second);

        Assert.Equal((202, 202), (one.Status, two.Status));
        Assert.Equal(one.Json.GetProperty("message").GetString(), two.Json.GetProperty("message").GetString());
        var (entries, _) = await new BusinessLog(_storage.Storage).ReadAsync(round.RoundId, 50, null);
        Assert.Single(entries, e => e.Action == RoundEvents.CommissionAccepted);
    }

    [Fact]
    public async Task After_the_round_moved_on_a_keyed_repeat_gets_the_first_answer_and_a_late_click_is_told_it_was_recorded()
    {
        var round = await StoredRoundAsync(RoundState.AwaitingCommissionAcceptance);
        Microsoft.AspNetCore.Http.HttpRequest Keyed() => KeyedAcceptance(round, "accept-late-0001");

        var first = Keyed();
        var one = await Requests.ExecuteAsync(await new AcceptCommission(Actions()).Run(first, _client.Object, round.RoundId), first);
        var store = new RoundStore(_storage.Storage);
        await store.MoveAsync(round.RoundId, RoundState.CommissionAccepted, Samples.Now.AddSeconds(1), null);
        _client.Invocations.Clear();

        var repeat = Keyed();
        var two = await Requests.ExecuteAsync(await new AcceptCommission(Actions()).Run(repeat, _client.Object, round.RoundId), repeat);
        var click = Requests.Request("POST", $"operator:{round.RoundId}");
        var late = await Requests.ExecuteAsync(await new AcceptCommission(Actions()).Run(click, _client.Object, round.RoundId), click);

        Assert.Equal((202, 202), (one.Status, two.Status));
        Assert.Equal(one.Json.GetProperty("stateWhenRequested").GetString(), two.Json.GetProperty("stateWhenRequested").GetString());
        Assert.Equal(409, late.Status);
        Assert.Equal("この操作は既に記録されています（委託の受諾）。", late.Json.GetProperty("title").GetString());
        _client.VerifyNoOtherCalls();
        var stored = (await store.GetAsync(round.RoundId))!;
        Assert.Equal(RoundState.CommissionAccepted, stored.Lifecycle.State);
        Assert.Equal(RoundCommand.AcceptCommission, Assert.Single(stored.Lifecycle.EarlierVisits).Closing.Command);
        var (entries, _) = await new BusinessLog(_storage.Storage).ReadAsync(round.RoundId, 50, null);
        Assert.Single(entries, e => e.Action == RoundEvents.CommissionAccepted);
    }

    [Fact]
    public async Task The_eleventh_extension_is_refused_and_the_round_is_not_cancelled()
    {
        var round = Samples.Round(RoundState.CommissionOverdue);
        var store = new RoundStore(_storage.Storage);
        await store.CreateAsync(round, "ministry");
        for (var i = 0; i < RoundLifecycle.MaxCommissionExtensions; i++)
        {
            var (_, decision) = await store.RecordCommandAsync(round.RoundId, RoundCommand.ExtendCommission, "ministry", Samples.Now, null, Samples.Now.AddHours(12 + i));
            Assert.True(decision!.Recorded, decision.Refusal?.Title);
            await store.MoveAsync(round.RoundId, RoundState.AwaitingCommissionAcceptance, Samples.Now, null);
            await store.CloseByDeadlineAsync(round.RoundId, Samples.Now);
            await store.MoveAsync(round.RoundId, RoundState.CommissionOverdue, Samples.Now, null);
        }

        var request = Requests.JsonOf("POST", "ministry", new ExtendCommissionRequest(Samples.Now.AddHours(30)));
        var answer = await Requests.ExecuteAsync(await new ExtendCommissionDeadline(TestSignIn.Gate(_storage.Storage), Actions()).Run(request, _client.Object, round.RoundId), request);

        Assert.Equal(409, answer.Status);
        Assert.Equal("受諾期限の延長は10回までです。", answer.Json.GetProperty("title").GetString());
        var stored = (await store.GetAsync(round.RoundId))!;
        Assert.Equal(RoundState.CommissionOverdue, stored.State);
        Assert.Null(stored.Lifecycle.Closing);
        _client.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(RoundState.CommissionOverdue, 202)]
    [InlineData(RoundState.AwaitingCommissionAcceptance, 409)]
    [InlineData(RoundState.AcceptingApplications, 409)]
    public async Task Cancellation_is_only_possible_once_the_commission_is_overdue(RoundState state, int status)
    {
        var round = await StoredRoundAsync(state);
        var request = Requests.Request("POST", "ministry");

        var answer = await Requests.ExecuteAsync(await new CancelRound(Actions()).Run(request, _client.Object, round.RoundId), request);

        Assert.Equal(status, answer.Status);
        _client.Verify(c => c.RaiseEventAsync($"round-{round.RoundId}", RoundEvents.CommandRecorded, nameof(RoundCommand.CancelRound), It.IsAny<CancellationToken>()),
            status == 202 ? Times.Once() : Times.Never());
    }
}
