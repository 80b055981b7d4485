using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Demo;
using Workflow.Domain.SkillStandard;
using Workflow.Testing;

namespace Workflow.IntegrationTests;

/// <summary>A whole round over HTTP against the local host process on Azurite, driven as the demo drives it.</summary>
[Collection("Azurite")]
public sealed class WholeRoundTests(AzuriteFixture azurite)
{
    private const int Applicants = 30;

    [Fact]
    public async Task A_round_with_thirty_applicants_goes_through_all_seven_steps()
    {
        var prefix = AzuriteFixture.NewPrefix();
        await using var host = new LocalHostProcess(prefix);
        await host.StartAsync();

        var report = await new RoundDriver().RunAsync(host.BaseUrl, Applicants, null, CancellationToken.None);

        RoundAssertions.StepsCompletedInOrder(report);
        RoundAssertions.Consistent(report);
        Assert.Equal(Applicants, report.Counts.Submitted);
        Assert.Equal(3, report.Counts.RejectedInvalid);
        Assert.True(report.Counts.Eligible < report.Counts.Submitted, "screening should reject someone");
        Assert.True(report.Counts.Eligible > 0, "screening should admit someone");
        await RoundAssertions.NothingLostOrDuplicatedAsync(azurite, prefix, report);
        await RoundAssertions.HistoryHoldsNoPersonalDataAsync(azurite, prefix, host.HubName, report, Enum.GetValues<Persona>());

        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/audit/rounds/{report.RoundId}/history");
        request.WithToken(TestSignIn.Token(Workflow.Functions.Identity.ActorRole.Auditor));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var history = await response.Content.ReadFromJsonAsync<JsonElement>();
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(report.InstanceId, history.GetProperty("instances").EnumerateArray().Select(i => i.GetString()));
        Assert.Contains(items, i => i.GetProperty("source").GetString() == "orchestration" && i.GetProperty("eventType").GetString() == "ExecutionCompleted");
        Assert.Contains(items, i => i.GetProperty("source").GetString() == "business" && i.GetProperty("action").GetString() == "ApplicationSubmitted");
        Assert.True(history.GetProperty("instances").GetArrayLength() >= 2, "the appointment orchestrations belong to the round's history");
        var times = items.Select(i => i.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);

        using var anonymous = await http.GetAsync($"api/audit/rounds/{report.RoundId}/history");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
