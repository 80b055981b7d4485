using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Audit;
using Workflow.Functions.Commission;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Commission;

[Collection("Azurite")]
public sealed class CreateRoundTests
{
    private readonly TestStorage _storage = new();
    private readonly Mock<DurableTaskClient> _client = new("test");

    private CreateRound Function() =>
        new(TestSignIn.Gate(_storage.Storage), new Workflow.Functions.Http.IdempotentRequests(_storage.Storage, new FixedClock(Samples.Now)), new RoundStore(_storage.Storage), Standards.For(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));

    private static CreateRoundRequest ValidBody() =>
        new(2025, "令和7年度 自治体DX外部人材公募", "株式会社テスト総研", [new PersonaOpening(Persona.Producer, 2)], Samples.Schedule(Samples.Now));

    [Fact]
    public async Task Valid_round_is_stored_and_its_orchestration_scheduled_under_the_round_instance_id_with_only_the_id_as_input()
    {
        object? input = null;
        StartOrchestrationOptions? options = null;
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<TaskName, object?, StartOrchestrationOptions?, CancellationToken>((_, i, o, _) => (input, options) = (i, o))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);
        var request = Requests.JsonOf("POST", "ministry", ValidBody());

        var answer = await Requests.ExecuteAsync(await Function().Run(request, _client.Object), request);

        Assert.Equal(201, answer.Status);
        OpenApiAnswers.AssertMatches(nameof(CreateRound), answer);
        var roundId = answer.Json.GetProperty("roundId").GetString()!;
        Assert.Equal($"round-{roundId}", answer.Json.GetProperty("instanceId").GetString());
        Assert.Equal($"/api/rounds/{roundId}", answer.Headers.Location.ToString());
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == nameof(RecruitingRoundOrchestration)),
            It.Is<object>(i => i is RoundInput && ((RoundInput)i).RoundId == roundId),
            It.Is<StartOrchestrationOptions>(o => o.InstanceId == $"round-{roundId}"),
            It.IsAny<CancellationToken>()), Times.Once);

        // The history keeps the input for ever: it must carry the id and nothing a person typed.
        var serialized = JsonDocument.Parse(JsonSerializer.Serialize(input)).RootElement;
        Assert.Equal([nameof(RoundInput.RoundId)], serialized.EnumerateObject().Select(p => p.Name));
        Assert.NotNull(options);

        var stored = await new RoundStore(_storage.Storage).GetAsync(roundId);
        Assert.NotNull(stored);
        Assert.Equal(RoundState.AwaitingCommissionAcceptance, stored.State);
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("operator", 403)]
    [InlineData("municipality:131016", 403)]
    public async Task Only_the_ministry_may_commission_a_round(string? actor, int status)
    {
        var request = Requests.JsonOf("POST", actor, ValidBody());

        var answer = await Requests.ExecuteAsync(await Function().Run(request, _client.Object), request);

        Assert.Equal(status, answer.Status);
        Assert.True(answer.IsProblem);
        OpenApiAnswers.AssertMatches(nameof(CreateRound), answer);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", answer.Json.GetProperty("title").GetString()!);
        await AssertNothingHappenedAsync();
    }

    [Theory]
    [InlineData("X-Actor", "ministry")]
    [InlineData("X-MS-CLIENT-PRINCIPAL", "eyJ1c2VyUm9sZXMiOlsibWluaXN0cnkiXX0=")]
    [InlineData("Authorization", "")]
    [InlineData("Authorization", "Bearer someone")]
    [InlineData("Authorization", "Basic bWluaXN0cnk6eA==")]
    public async Task Headers_other_than_a_valid_bearer_token_grant_nothing(string header, string value)
    {
        var request = Requests.JsonOf("POST", null, ValidBody());
        request.Headers[header] = value;

        var answer = await Requests.ExecuteAsync(await Function().Run(request, _client.Object), request);

        Assert.Equal(401, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.StartsWith("Bearer", answer.Headers.WWWAuthenticate.ToString());
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task Malformed_json_names_the_path_of_the_bad_value()
    {
        var request = Requests.Json("POST", "ministry", """{"fiscalYear":"令和7年","title":"x"}""");

        var answer = await Requests.ExecuteAsync(await Function().Run(request, _client.Object), request);

        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Equal(["fiscalYear"], answer.ErrorFields);
        Assert.Contains("JSON", answer.ErrorsFor("fiscalYear").Single());
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task Body_that_is_not_json_is_refused_as_unsupported()
    {
        var request = Requests.Json("POST", "ministry", JsonSerializer.Serialize(ValidBody(), Workflow.Functions.Http.Json.Options), "text/plain");

        var answer = await Requests.ExecuteAsync(await Function().Run(request, _client.Object), request);

        Assert.Equal(415, answer.Status);
        Assert.True(answer.IsProblem);
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task Missing_fields_are_each_named()
    {
        var request = Requests.Json("POST", "ministry", "{}");

        var answer = await Requests.ExecuteAsync(await Function().Run(request, _client.Object), request);

        Assert.Equal(400, answer.Status);
        Assert.Equal("年度を入力してください。", answer.ErrorsFor("fiscalYear").Single());
        Assert.Equal("日程を入力してください。", answer.ErrorsFor("schedule").Single());
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task Invalid_schedule_and_texts_are_refused_with_each_bad_field()
    {
        var good = Samples.Schedule(Samples.Now);
        var schedule = good with
        {
            ApplicationClosesAt = good.ApplicationOpensAt.AddDays(-1),
            TrainingSessions = good.TrainingSessions.Take(4).ToList(),
        };
        var request = Requests.JsonOf("POST", "ministry", new CreateRoundRequest(2025, "  ", "株式会社テスト総研", [], schedule));

        var answer = await Requests.ExecuteAsync(await Function().Run(request, _client.Object), request);

        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Contains("応募締切日時は公募開始日時より後にしてください。", answer.ErrorsFor("schedule.applicationClosesAt"));
        Assert.Contains("研修は5回から6回で設定してください。", answer.ErrorsFor("schedule.trainingSessions"));
        Assert.Equal("公募の名称を入力してください。", answer.ErrorsFor("title").Single());
        Assert.NotEmpty(answer.ErrorsFor("personas"));
        await AssertNothingHappenedAsync();
    }

    private async Task AssertNothingHappenedAsync()
    {
        // Validation answers come before storage: not even the table may have been created.
        Assert.False(await _storage.TableExistsAsync(Storage.Tables.Rounds));
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
