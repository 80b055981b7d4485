using Workflow.Domain.Appointments;
using Workflow.Domain.Audit;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Appoint;

/// <summary>
/// The limit of days a week the ministry sets on its dashboard: the deployment's value until it sets one, 1–7, each
/// change logged with who and the old and new value, a repeat changing nothing, and the answer check reading it.
/// </summary>
[Collection("Azurite")]
public sealed class AppointmentLimitTests
{
    private static readonly DateTimeOffset Now = Samples.Now.AddDays(40);

    private readonly TestStorage _storage = new();

    private AppointmentLimits Limits => TestPolicies.Limits(_storage.Storage, 5);

    private async Task<HttpAnswer> ChangeAsync(string actor, AppointmentLimitRequest body, string key)
    {
        var request = Requests.JsonOf("PUT", actor, body);
        request.Headers[IdempotencyKey.Header] = key;
        var change = new ChangeAppointmentLimit(TestSignIn.Gate(_storage.Storage), new IdempotentRequests(_storage.Storage, new FixedClock(Now)), Limits,
            new BusinessLog(_storage.Storage), new FixedClock(Now));
        return await Requests.ExecuteAsync(await change.Run(request), request);
    }

    private async Task<HttpAnswer> ReadAsync(string actor)
    {
        var request = Requests.Request("GET", actor);
        return await Requests.ExecuteAsync(await new GetAppointmentLimit(TestSignIn.Gate(_storage.Storage), Limits).Run(request), request);
    }

    [Fact]
    public async Task The_default_stands_until_the_ministry_changes_it_and_every_change_is_logged_with_who_and_the_values()
    {
        var before = await ReadAsync("auditor");
        Assert.Equal((200, 5, true), (before.Status, before.Json.GetProperty("maxDaysPerWeek").GetInt32(), before.Json.GetProperty("isDefault").GetBoolean()));

        var changed = await ChangeAsync("ministry", new AppointmentLimitRequest(3, 5), "limit-key-0001");
        var repeated = await ChangeAsync("ministry", new AppointmentLimitRequest(3, 5), "limit-key-0002");

        Assert.Equal((200, true), (changed.Status, changed.Json.GetProperty("changed").GetBoolean()));
        Assert.Equal((200, false), (repeated.Status, repeated.Json.GetProperty("changed").GetBoolean()));
        Assert.Equal("上限は既に週3日です。変更はありません。", repeated.Json.GetProperty("message").GetString());
        Assert.Equal(3, await Limits.MaxDaysPerWeekAsync());
        var after = await ReadAsync("ministry");
        Assert.False(after.Json.GetProperty("isDefault").GetBoolean());

        var (entries, _) = await new BusinessLog(_storage.Storage).ReadChainAsync(LogChain.Registry);
        var entry = Assert.Single(entries).Content;
        Assert.Equal((BusinessLogActions.AppointmentLimitChanged, "週5日→週3日"), (entry.Action, entry.Detail));
        Assert.Equal(after.Json.GetProperty("changedBy").GetString(), entry.Actor);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(null)]
    public async Task A_limit_outside_one_to_seven_is_refused_in_japanese(int? days)
    {
        var answer = await ChangeAsync("ministry", new AppointmentLimitRequest(days), $"limit-key-bad-{days}");

        Assert.Equal(400, answer.Status);
        Assert.Single(answer.ErrorsFor("maxDaysPerWeek"));
        Assert.Equal(5, await Limits.MaxDaysPerWeekAsync());
    }

    [Fact]
    public async Task A_change_made_on_a_value_someone_else_changed_meanwhile_is_refused_and_only_the_ministry_may_change()
    {
        Assert.Equal(200, (await ChangeAsync("ministry", new AppointmentLimitRequest(4, 5), "limit-key-0003")).Status);

        var stale = await ChangeAsync("ministry", new AppointmentLimitRequest(2, 5), "limit-key-0004");

        Assert.Equal(409, stale.Status);
        Assert.Contains("現在の上限は週4日です", stale.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, await Limits.MaxDaysPerWeekAsync());
        Assert.Equal(403, (await ChangeAsync("auditor", new AppointmentLimitRequest(2), "limit-key-0005")).Status);
        Assert.Equal(403, (await ChangeAsync("municipality:131016", new AppointmentLimitRequest(2), "limit-key-0006")).Status);
    }

    [Fact]
    public async Task The_answer_check_reads_the_limit_as_it_stands_when_the_person_answers()
    {
        var store = new AppointmentStore(_storage.Storage);
        var round = Samples.Round(Domain.Rounds.RoundState.Appointing);
        var terms = new AppointmentTerms(AppointmentRole.Other, "DX推進アドバイザー", EmploymentForm.Contract, new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31), 3, WorkStyle.Remote);
        AppointmentRecord Asked(string code) => new(AppointmentIds.For(round.RoundId, code, "C1"), round.RoundId, code, code, "C1", AppointmentRole.Other, terms.PostTitle,
            false, AppointmentStatus.Requested, Now, Now.AddDays(14), null, terms, SpecialTaxMeasure.Assess(code, terms, []));
        Assert.True(await store.TryCreateAsync(Asked("131016")));
        Assert.True(await store.TryCreateAsync(Asked("011002")));
        Assert.True((await store.RecordAnswerAsync(Asked("131016").AppointmentId, AppointmentAnswer.Accepted, Now, await Limits.MaxDaysPerWeekAsync())).Recorded);

        // 3 + 3 days exceed the default of 5; once the ministry allows 6, the same acceptance passes.
        Assert.NotNull((await store.RecordAnswerAsync(Asked("011002").AppointmentId, AppointmentAnswer.Accepted, Now, await Limits.MaxDaysPerWeekAsync())).Refusal);
        Assert.Equal(200, (await ChangeAsync("ministry", new AppointmentLimitRequest(6), "limit-key-0007")).Status);
        Assert.True((await store.RecordAnswerAsync(Asked("011002").AppointmentId, AppointmentAnswer.Accepted, Now, await Limits.MaxDaysPerWeekAsync())).Recorded);
    }
}
