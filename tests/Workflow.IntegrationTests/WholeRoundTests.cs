using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Demo;
using Workflow.Domain.SkillStandard;
using Workflow.Testing;

namespace Workflow.IntegrationTests;

/// <summary>A whole round over HTTP against the local host process on Azurite, driven as the demo drives it.</summary>
[Collection("Azurite")]
public sealed class WholeRoundTests(AzuriteFixture azurite, Smtp4devFixture smtp) : IClassFixture<Smtp4devFixture>
{
    private const int Applicants = 30;

    [Fact]
    public async Task A_round_with_thirty_applicants_goes_through_all_seven_steps()
    {
        var prefix = AzuriteFixture.NewPrefix();
        await using var host = new LocalHostProcess(prefix);

        // No retention period here, so the erasure at the end can run as soon as the round is over.
        host.Environment["Workflow__Privacy__RetentionDays"] = "0";
        host.UseMail(smtp);
        await host.StartAsync();

        var report = await new RoundDriver(settings: new DemoSettings(ExpectMail: true)).RunAsync(host.BaseUrl, Applicants, null, CancellationToken.None);

        RoundAssertions.StepsCompletedInOrder(report);
        RoundAssertions.Consistent(report);
        Assert.Equal(Applicants, report.Counts.Submitted);
        Assert.Equal(3, report.Counts.RejectedInvalid);
        Assert.True(report.Counts.Eligible < report.Counts.Submitted, "screening should reject someone");
        Assert.True(report.Counts.Eligible > 0, "screening should admit someone");

        // The panel: three reviewers scored every eligible persona; selections are per persona, at least one per person selected.
        Assert.Equal(3, report.Reviewers);
        Assert.True(report.ScoresRecorded >= 3 * report.Counts.Eligible, $"{report.ScoresRecorded} scorings for {report.Counts.Eligible} eligible applications");
        Assert.True(report.SelectedByPersona.Values.Sum() >= report.Counts.Selected, "every selected person was selected as a persona");
        await RoundAssertions.NothingLostOrDuplicatedAsync(azurite, prefix, report);
        await RoundAssertions.ListedPeopleToldAsync(azurite, prefix, report, told: true);
        await RoundAssertions.HistoryHoldsNoPersonalDataAsync(azurite, prefix, host.HubName, report, Enum.GetValues<Persona>());
        await RoundAssertions.EveryNoticeMailedOnceAsync(azurite, prefix, smtp, report, "dx-jinzai@ministry.example");

        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        // The whole history, page after page: the panel's declarations and scorings alone fill more than one.
        var items = new List<JsonElement>();
        JsonElement history;
        string? continuation = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/audit/rounds/{report.RoundId}/history"
                + (continuation is null ? string.Empty : "?continuation=" + Uri.EscapeDataString(continuation)));
            request.WithToken(TestSignIn.Token(Workflow.Functions.Identity.ActorRole.Auditor));
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            history = await response.Content.ReadFromJsonAsync<JsonElement>();
            items.AddRange(history.GetProperty("items").EnumerateArray());
            continuation = history.TryGetProperty("continuation", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (continuation is not null);

        Assert.Contains(items, i => i.GetProperty("source").GetString() == "business" && i.GetProperty("action").GetString() == "ScoresRecorded");
        Assert.Contains(report.InstanceId, history.GetProperty("instances").EnumerateArray().Select(i => i.GetString()));
        Assert.Contains(items, i => i.GetProperty("source").GetString() == "orchestration" && i.GetProperty("eventType").GetString() == "ExecutionCompleted");
        Assert.Contains(items, i => i.GetProperty("source").GetString() == "business" && i.GetProperty("action").GetString() == "ApplicationSubmitted");
        Assert.True(history.GetProperty("instances").GetArrayLength() >= 2, "the appointment orchestrations belong to the round's history");
        var times = items.Select(i => i.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);

        using var anonymous = await http.GetAsync($"api/audit/rounds/{report.RoundId}/history");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);

        await AnAppointedPersonIsErasedWithTheirOrchestrationAsync(http, prefix, report.RoundId);
    }

    /// <summary>
    /// The ministry's erasure after the retention period removes the person from every table and container, the
    /// durable engine's included: the appointment's orchestration instance is purged, and only the business log
    /// keeps the opaque ids, ending with the tombstone.
    /// </summary>
    private async Task AnAppointedPersonIsErasedWithTheirOrchestrationAsync(HttpClient http, string prefix, string roundId)
    {
        var ministry = TestSignIn.Token(Workflow.Functions.Identity.ActorRole.Ministry);
        async Task<JsonElement> GetAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path).WithToken(ministry);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var appointment = (await GetAsync($"api/rounds/{roundId}/appointments")).GetProperty("items").EnumerateArray()
            .First(a => a.GetProperty("status").GetString() == "accepted");
        var candidateId = appointment.GetProperty("candidateId").GetString()!;
        var appointmentId = appointment.GetProperty("appointmentId").GetString()!;
        var person = await GetAsync($"api/rounds/{roundId}/applications/{candidateId}");
        string[] personal = [person.GetProperty("summary").GetProperty("fullName").GetString()!, person.GetProperty("email").GetString()!, person.GetProperty("phone").GetString()!];
        Assert.NotEmpty(await StorageScan.WhereMentionedAsync(azurite, prefix, personal));
        Assert.Contains(await StorageScan.WhereMentionedAsync(azurite, prefix, appointmentId), place => place.StartsWith("hubInstances/", StringComparison.Ordinal));

        // The auditor's story of the person holds the appointment's orchestration, read from the engine's own history.
        var auditor = TestSignIn.Token(Workflow.Functions.Identity.ActorRole.Auditor);
        async Task<JsonElement> StoryAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/audit/rounds/{roundId}/applications/{candidateId}/story").WithToken(auditor);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var before = await StoryAsync();
        var instance = $"round-{roundId}-appointment-{appointmentId[(roundId.Length + 1)..]}";
        Assert.Contains(before.GetProperty("events").EnumerateArray(), e =>
            e.GetProperty("source").GetString() == "orchestration" && e.GetProperty("kind").GetString() == "EventRaised" && e.GetProperty("subject").GetString() == instance);

        using var erase = new HttpRequestMessage(HttpMethod.Post, $"api/rounds/{roundId}/applications/{candidateId}/erasure")
        {
            Content = JsonContent.Create(new { reason = "retentionPeriodEnded" }),
        }.WithToken(ministry);
        using var erased = await http.SendAsync(erase);
        Assert.Equal(System.Net.HttpStatusCode.OK, erased.StatusCode);

        Assert.Empty(await StorageScan.WhereMentionedAsync(azurite, prefix, personal));
        var ids = await StorageScan.WhereMentionedAsync(azurite, prefix, candidateId, appointmentId);
        Assert.All(ids, place => Assert.StartsWith("AuditLog/", place));
        var log = await GetAsync($"api/audit/rounds/{roundId}/history?pageSize=5000");
        Assert.Contains(log.GetProperty("items").EnumerateArray(), i =>
            i.GetProperty("source").GetString() == "business" && i.GetProperty("action").GetString() == "ApplicantErased");
        Assert.DoesNotContain(log.GetProperty("instances").EnumerateArray(), i => i.GetString()!.EndsWith(appointmentId[(roundId.Length + 1)..], StringComparison.Ordinal));

        // Afterwards the story still opens by the application id: the tombstone, the appointment by its id, nothing personal.
        var after = await StoryAsync();
        Assert.Equal("erased", after.GetProperty("state").GetString());
        Assert.Equal("ministry:test-user", after.GetProperty("tombstone").GetProperty("actor").GetString());
        Assert.Contains(appointmentId, after.GetProperty("appointmentIds").EnumerateArray().Select(i => i.GetString()));
        Assert.Contains(after.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "AppointmentAnswered");
        Assert.DoesNotContain(after.GetProperty("events").EnumerateArray(), e => e.GetProperty("source").GetString() != "business");
        var text = after.GetRawText();
        Assert.All(personal, p => Assert.DoesNotContain(p, text, StringComparison.Ordinal));
    }
}
