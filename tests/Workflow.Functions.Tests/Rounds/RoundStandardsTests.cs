using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Advertise;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Commission;
using Workflow.Functions.Http;
using Workflow.Functions.Pages.Public;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Storage;
using Workflow.Functions.Notifications;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Rounds;

/// <summary>
/// A round reads the skill standard version it pinned when commissioned, for ever: after a newer version is added,
/// a round stored before versions existed still advertises, validates and screens on the seed's text, and a round
/// commissioned now uses the new one.
/// </summary>
[Collection("Azurite")]
public sealed class RoundStandardsTests
{
    private static readonly DateTimeOffset DuringWindow = Samples.Now.AddDays(5);
    private const int Shard = 7;
    private readonly TestStorage _storage = new();
    private readonly SkillStandardVersion _revised = Standards.Revised();

    /// <summary>The host after the new version was registered.</summary>
    private RoundStandards AfterTheNewVersion() => Standards.For(_storage.Storage, _revised);

    [Fact]
    public async Task Rounds_stored_before_versions_read_as_the_first_version_and_new_rounds_pin_the_current_one()
    {
        var old = await StoredBeforePinningAsync();
        var created = await CommissionAsync();

        var rounds = new RoundStore(_storage.Storage);
        Assert.Equal(SkillStandardVersions.UnpinnedRoundVersion, (await rounds.GetAsync(old.RoundId))!.StandardVersion);
        Assert.Equal(SkillStandardCatalog.R3Draft.Id, SkillStandardVersions.UnpinnedRoundVersion);
        Assert.Equal(_revised.Id, (await rounds.GetAsync(created))!.StandardVersion);
        var row = (await _storage.RowsAsync(Tables.Rounds)).Single(r => r.RowKey == created);
        Assert.Equal(_revised.Id, row.GetString("StandardVersion"));
    }

    [Fact]
    public async Task Each_call_states_the_requirements_and_skills_of_its_own_version()
    {
        var old = await StoredBeforePinningAsync();
        var created = await OpenAsync(await CommissionAsync());

        var oldCall = await GetCallAsync(old.RoundId);
        var newCall = await GetCallAsync(created);
        Assert.Equal(SkillStandardCatalog.R3Draft.Id, oldCall.GetProperty("standard").GetProperty("id").GetString());
        Assert.Equal(_revised.Id, newCall.GetProperty("standard").GetProperty("id").GetString());
        Assert.Equal(Expected(SkillStandardCatalog.R3Draft), ProducerOptions(oldCall));
        Assert.Equal(Expected(_revised), ProducerOptions(newCall));
        Assert.DoesNotContain(Standards.RevisedSkillCode, ProducerSkillCodes(oldCall));
        Assert.Contains(Standards.RevisedSkillCode, ProducerSkillCodes(newCall));

        var oldPage = await CallPageAsync(old.RoundId);
        var newPage = await CallPageAsync(created);
        Assert.Contains(Encode(Expected(SkillStandardCatalog.R3Draft)[0]), oldPage, StringComparison.Ordinal);
        Assert.DoesNotContain(Encode(Expected(_revised)[0]), oldPage, StringComparison.Ordinal);
        Assert.DoesNotContain("生成AIの活用", oldPage, StringComparison.Ordinal);
        Assert.Contains(Encode(Expected(_revised)[0]), newPage, StringComparison.Ordinal);
        Assert.Contains("生成AIの活用", newPage, StringComparison.Ordinal);
        Assert.Contains(Encode(SkillStandardCatalog.R3Draft.Source), oldPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_and_the_submission_ask_for_the_skill_items_of_the_rounds_version()
    {
        var old = await StoredBeforePinningAsync();
        var created = await OpenAsync(await CommissionAsync());

        Assert.DoesNotContain("assess-" + Standards.RevisedSkillCode, await FormPageAsync(old.RoundId), StringComparison.Ordinal);
        Assert.Contains("assess-" + Standards.RevisedSkillCode, await FormPageAsync(created), StringComparison.Ordinal);

        var seedForm = Samples.EligibleProducer("seed.form@example.jp");
        Assert.Equal(201, (await SubmitAsync(old.RoundId, seedForm)).Status);
        var refused = await SubmitAsync(created, seedForm);
        Assert.Equal(400, refused.Status);
        Assert.Contains(refused.ErrorsFor("selfAssessments"), m => m.Contains("生成AIの活用", StringComparison.Ordinal));

        var revisedForm = seedForm with { SelfAssessments = _revised.For(Persona.Producer).AllSkills.Select(s => new SelfAssessment(s.Code, 3)).ToList() };
        Assert.Equal(201, (await SubmitAsync(created, revisedForm)).Status);
        var wrongForOld = await SubmitAsync(old.RoundId, revisedForm with { Email = "revised.form@example.jp" });
        Assert.Equal(400, wrongForOld.Status);
        var unknownAt = revisedForm.SelfAssessments.Select((a, i) => (a.SkillCode, i)).Single(x => x.SkillCode == Standards.RevisedSkillCode).i;
        Assert.Contains("応募する人材像に含まれないスキル項目です。", wrongForOld.ErrorsFor($"selfAssessments[{unknownAt}].skillCode"));
    }

    [Fact]
    public async Task Screening_applies_the_rounds_version()
    {
        var old = await StoredBeforePinningAsync(RoundState.Screening);
        var created = await CommissionAsync();
        // Level 4 meets the seed's producer levels; the revised version asks for 5.
        var form = Samples.EligibleProducer(Samples.EmailInShard(Shard, "level4")) with
        {
            Qualifications = [],
            SkillLevels = [new SkillLevelClaim(SkillFramework.Itss, "コンサルタント", 4)],
        };
        var inOld = await SeededApplications.AddAsync(_storage.Storage, old.RoundId, form);
        var inNew = await SeededApplications.AddAsync(_storage.Storage, created, form);
        var applications = new ApplicationStore(_storage.Storage);
        var screen = new ScreenApplicationShard(applications, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage), AfterTheNewVersion());

        await screen.Run(new ShardInput(old.RoundId, Shard, Samples.Now), CancellationToken.None);
        await screen.Run(new ShardInput(created, Shard, Samples.Now), CancellationToken.None);

        Assert.True((await applications.GetAsync(inOld))!.Eligible);
        var rejected = (await applications.GetAsync(inNew))!;
        Assert.False(rejected.Eligible);
        var reasons = JsonSerializer.Deserialize<ApplicationScreening>(rejected.ScreeningJson!, Functions.Http.Json.Options)!.PerPersona.Single().Reasons;
        Assert.Contains($"望ましいスキルレベル又は資格が確認できません（{string.Join("、又は", Expected(_revised))}）。", reasons);
    }

    [Fact]
    public async Task The_standard_api_answers_the_version_of_a_round_a_version_or_the_current_one()
    {
        var old = await StoredBeforePinningAsync();

        Assert.Equal(_revised.Id, await StandardVersionAsync(string.Empty));
        Assert.Equal(SkillStandardCatalog.R3Draft.Id, await StandardVersionAsync($"?roundId={old.RoundId}"));
        Assert.Equal(SkillStandardCatalog.R3Draft.Id, await StandardVersionAsync($"?version={SkillStandardCatalog.R3Draft.Id}"));
        Assert.Equal(_revised.Id, await StandardVersionAsync($"?version={_revised.Id}"));
        Assert.Equal(404, (await SkillStandardAsync("?version=r0-none")).Status);
        Assert.Equal(404, (await SkillStandardAsync($"?roundId={RoundIds.NewRoundId(2025)}")).Status);
        Assert.Equal(400, (await SkillStandardAsync($"?roundId={old.RoundId}&version={_revised.Id}")).Status);

        var revised = (await SkillStandardAsync($"?version={_revised.Id}")).Json;
        Assert.Contains(Standards.RevisedSkillCode, revised.GetProperty("personas").EnumerateArray()
            .Single(p => p.GetProperty("persona").GetString() == "producer").GetProperty("technicalSkills").EnumerateArray().Select(s => s.GetProperty("code").GetString()));
    }

    [Fact]
    public void A_host_adds_a_version_by_registering_it()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_revised);
        services.AddRecruitingWorkflow(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        var versions = provider.GetRequiredService<SkillStandardVersions>();

        Assert.Same(_revised, versions.Current);
        Assert.Same(SkillStandardCatalog.R3Draft, versions.Get(SkillStandardCatalog.R3Draft.Id));
    }

    /// <summary>A round row as written before rounds pinned a version: no StandardVersion column.</summary>
    private async Task<RoundRecord> StoredBeforePinningAsync(RoundState state = RoundState.AcceptingApplications)
    {
        var round = Samples.Round(state);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var table = await _storage.Storage.TableAsync(Tables.Rounds);
        var row = (await table.GetEntityAsync<TableEntity>("round", round.RoundId)).Value;
        Assert.True(row.Remove("StandardVersion"));
        await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
        return round;
    }

    /// <summary>① 委託 through the ministry's API, on the host that knows the new version.</summary>
    private async Task<string> CommissionAsync()
    {
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);
        var body = new CreateRoundRequest(2025, "令和7年度 自治体DX外部人材公募（改訂版）", "株式会社テスト総研",
            [new PersonaOpening(Persona.Producer, 2), new PersonaOpening(Persona.Engineer, 1)], Samples.Schedule(Samples.Now));
        var request = Requests.JsonOf("POST", "ministry", body);
        var function = new CreateRound(TestSignIn.Gate(_storage.Storage), new IdempotentRequests(_storage.Storage, new FixedClock(Samples.Now)),
            new RoundStore(_storage.Storage), AfterTheNewVersion(), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));
        var answer = await Requests.ExecuteAsync(await function.Run(request, client.Object), request);
        Assert.Equal(201, answer.Status);
        return answer.Json.GetProperty("roundId").GetString()!;
    }

    private async Task<string> OpenAsync(string roundId)
    {
        var rounds = new RoundStore(_storage.Storage);
        foreach (var state in new[] { RoundState.CommissionAccepted, RoundState.CallPublished, RoundState.AcceptingApplications })
        {
            await rounds.MoveAsync(roundId, state, Samples.Now, null);
        }

        return roundId;
    }

    /// <summary>The producer's level-or-qualification alternatives as screening words them for a version.</summary>
    private static List<string> Expected(SkillStandardVersion version) =>
        [.. ScreeningRules.Requirement(version.For(Persona.Producer)).LevelOrQualification];

    private static List<string> ProducerOptions(JsonElement call) =>
        Producer(call).GetProperty("requirement").GetProperty("levelOrQualification").EnumerateArray().Select(e => e.GetString()!).ToList();

    private static List<string?> ProducerSkillCodes(JsonElement call) =>
        Producer(call).GetProperty("technicalSkills").EnumerateArray().Select(s => s.GetProperty("code").GetString()).ToList();

    private static JsonElement Producer(JsonElement call) =>
        call.GetProperty("personas").EnumerateArray().Single(p => p.GetProperty("persona").GetString() == "producer");

    private static string Encode(string text) => Functions.Pages.Html.Encode(text);

    private async Task<JsonElement> GetCallAsync(string roundId)
    {
        var request = Requests.Request("GET");
        var answer = await Requests.ExecuteAsync(await new GetCall(new RoundStore(_storage.Storage), AfterTheNewVersion()).Run(request, roundId), request);
        Assert.Equal(200, answer.Status);
        return answer.Json;
    }

    private async Task<string> CallPageAsync(string roundId)
    {
        var request = Requests.Request("GET");
        var answer = await Requests.ExecuteAsync(await new ShowCallPage(new RoundStore(_storage.Storage), AfterTheNewVersion()).Run(request, roundId), request);
        Assert.Equal(200, answer.Status);
        return answer.Body;
    }

    private async Task<string> FormPageAsync(string roundId)
    {
        var request = Requests.Request("GET");
        var answer = await Requests.ExecuteAsync(await new ShowApplicationForm(new RoundStore(_storage.Storage), AfterTheNewVersion()).Run(request, roundId), request);
        Assert.Equal(200, answer.Status);
        return answer.Body;
    }

    private async Task<HttpAnswer> SubmitAsync(string roundId, ApplicationForm form)
    {
        var request = await Requests.MultipartAsync(JsonSerializer.Serialize(Samples.ToRequest(form), Functions.Http.Json.Options), Samples.Pdf());
        var function = new SubmitApplication(new RoundStore(_storage.Storage), AfterTheNewVersion(), new ApplicationStore(_storage.Storage), new NotificationStore(_storage.Storage), new BusinessLog(_storage.Storage),
            new FixedClock(DuringWindow), NullLogger<SubmitApplication>.Instance);
        return await Requests.ExecuteAsync(await function.Run(request, roundId), request);
    }

    private async Task<HttpAnswer> SkillStandardAsync(string query)
    {
        var request = Requests.Request("GET");
        request.QueryString = new QueryString(query.Length == 0 ? null : query);
        var answer = await Requests.ExecuteAsync(await new GetSkillStandard(new RoundStore(_storage.Storage), AfterTheNewVersion()).Run(request), request);
        OpenApiAnswers.AssertMatches(nameof(GetSkillStandard), answer);
        return answer;
    }

    private async Task<string?> StandardVersionAsync(string query)
    {
        var answer = await SkillStandardAsync(query);
        Assert.Equal(200, answer.Status);
        return answer.Json.GetProperty("version").GetProperty("id").GetString();
    }
}
