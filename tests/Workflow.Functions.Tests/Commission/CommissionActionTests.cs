using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;
using Workflow.Functions.Commission;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Commission;

/// <summary>The human actions of ①委託: each raises its event only from the states where it makes sense.</summary>
[Collection("Azurite")]
public sealed class CommissionActionTests
{
    private readonly TestStorage _storage = new();
    private readonly Mock<DurableTaskClient> _client = new("test");

    private RoundActions Actions() => new(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));

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
        _client.Verify(c => c.RaiseEventAsync($"round-{round.RoundId}", RoundEvents.CommissionAccepted, TestSignIn.LogName("operator"), It.IsAny<CancellationToken>()), Times.Once);
        _client.VerifyNoOtherCalls();
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
    public async Task Extension_of_an_overdue_commission_raises_the_new_deadline()
    {
        var round = await StoredRoundAsync(RoundState.CommissionOverdue);
        var deadline = Samples.Now.AddDays(7);
        var request = Requests.JsonOf("POST", "ministry", new ExtendCommissionRequest(deadline));

        var answer = await Requests.ExecuteAsync(await new ExtendCommissionDeadline(TestSignIn.Gate(_storage.Storage), Actions()).Run(request, _client.Object, round.RoundId), request);

        Assert.Equal(202, answer.Status);
        _client.Verify(c => c.RaiseEventAsync($"round-{round.RoundId}", RoundEvents.CommissionDeadlineExtended, deadline, It.IsAny<CancellationToken>()), Times.Once);
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
        _client.Verify(c => c.RaiseEventAsync($"round-{round.RoundId}", RoundEvents.RoundCancelled, It.IsAny<object?>(), It.IsAny<CancellationToken>()),
            status == 202 ? Times.Once() : Times.Never());
    }
}
