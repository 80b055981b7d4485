using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;
using Workflow.Testing;

namespace Workflow.IntegrationTests.Timers;

/// <summary>
/// The scheduled functions on the local host, with their schedules shortened by configuration as an administrator
/// would set them: the purge removes an expired idempotency record, and erasure after the retention period lists a
/// round's people, waits for the ministry's approval over HTTP, then erases them (through the durable client the
/// timer is given); the reminders timer tells the ministry of an operator's acceptance falling due.
/// </summary>
[Collection("Azurite")]
public sealed class ScheduledHousekeepingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var until = DateTimeOffset.UtcNow + Patience;
        while (DateTimeOffset.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(500);
        }

        return await condition();
    }

    [Fact]
    public async Task Timers_run_on_shortened_schedules_remind_and_erase_only_after_the_ministry_approves()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var storage = new WorkflowStorage(new TableServiceClient(AzuriteFixture.ConnectionString), new BlobServiceClient(AzuriteFixture.ConnectionString), prefix);

        // A round whose appointments closed two years ago, with one applicant: past the retention period.
        var start = DateTimeOffset.UtcNow.AddYears(-2);
        var round = new RoundRecord(RoundIds.NewRoundId(start.Year), start.Year, "保存期間の過ぎた公募", "株式会社テスト総研", [new PersonaOpening(Persona.Producer, 1)],
            new RoundSchedule(start.AddDays(7), start.AddDays(10), start.AddDays(30), start.AddDays(45),
                [.. new[] { 1, 2, 3, 4, 4 }.Select((module, i) => new TrainingSession(i + 1, module, start.AddDays(50 + i)))], start.AddDays(60), start.AddDays(90)),
            RoundState.Completed, start, false, new RoundCounts(), new Dictionary<RoundState, DateTimeOffset>(), new SkillStandardVersions().Current.Id);
        await new RoundStore(storage).CreateAsync(round, "ministry");
        using var resume = new MemoryStream("%PDF-1.4\n%%EOF\n"u8.ToArray());
        var form = new ApplicationForm("保存 太郎", null, "retention@example.jp", "03-0000-0000", "東京都", [Persona.Producer], [], [], [], [], ListingTier.NotListed);
        var applicationId = (await new ApplicationStore(storage).SubmitAsync(round.RoundId, form, resume, start.AddDays(12))).ApplicationId!;

        // A round whose operator has not accepted and whose acceptance falls due in twelve hours: the ministry is reminded.
        var now = DateTimeOffset.UtcNow;
        var due = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddHours(12);
        var awaited = new RoundRecord(RoundIds.NewRoundId(now.Year), now.Year, "受諾を待つ公募", "株式会社テスト総研", [new PersonaOpening(Persona.Producer, 1)],
            new RoundSchedule(due, due.AddDays(3), due.AddDays(23), due.AddDays(38),
                [.. new[] { 1, 2, 3, 4, 4 }.Select((module, i) => new TrainingSession(i + 1, module, due.AddDays(43 + i)))], due.AddDays(53), due.AddDays(83)),
            RoundState.AwaitingCommissionAcceptance, now, false, new RoundCounts(), new Dictionary<RoundState, DateTimeOffset>(), new SkillStandardVersions().Current.Id);
        await new RoundStore(storage).CreateAsync(awaited, "ministry");

        // An idempotency record a day and a half old.
        var idempotency = await storage.TableAsync(Tables.Idempotency);
        await idempotency.AddEntityAsync(new TableEntity("scope", "expired") { ["StartedAt"] = DateTimeOffset.UtcNow.AddHours(-36), ["State"] = "Done" });

        await using var host = new LocalHostProcess(prefix);
        host.Environment["WorkflowPurgeSchedule"] = "*/2 * * * * *";
        host.Environment["WorkflowErasureSchedule"] = "*/2 * * * * *";
        host.Environment["AzureWebJobs.EraseAfterRetention.Disabled"] = "false";
        host.Environment["WorkflowReminderSchedule"] = "*/2 * * * * *";
        host.Environment["AzureWebJobs.SendReminders.Disabled"] = "false";
        await host.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        Assert.True(await EventuallyAsync(async () => await TableBatches.GetOrDefaultAsync<TableEntity>(idempotency, "scope", "expired") is null),
            "the purge timer did not remove the expired idempotency record");

        var notifications = await storage.TableAsync(Tables.Notifications);
        Assert.True(await EventuallyAsync(async () => await TableBatches.GetOrDefaultAsync<TableEntity>(notifications, NotificationStore.MinistryPartition,
                $"{awaited.RoundId}_{SendReminders.DeadlineKind}_commission-{due.UtcTicks}") is not null),
            "the reminders timer did not remind the ministry of the acceptance falling due");

        var cases = new ErasureCaseStore(storage);
        Assert.True(await EventuallyAsync(async () => (await cases.ListAsync(round.RoundId)).Count == 1), "the erasure timer did not propose the round's applicant");

        // Proposed is not approved: a few more runs erase nothing.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.NotNull(await new ApplicationStore(storage).GetAsync(applicationId));

        using var approve = new HttpRequestMessage(HttpMethod.Post, $"api/ministry/erasures/{round.RoundId}/approval") { Content = JsonContent.Create(new { }) }
            .WithToken(TestSignIn.Token(ActorRole.Ministry));
        var approved = await http.SendAsync(approve);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        Assert.True(await EventuallyAsync(async () => await new ApplicationStore(storage).GetAsync(applicationId) is null), "the approved erasure was not carried out");
        Assert.True(await EventuallyAsync(async () => (await cases.ListAsync(round.RoundId)).Single().Case.State == Domain.Privacy.ErasureState.Erased));
        var blobs = new List<string>();
        await foreach (var blob in (await storage.DocumentsAsync()).GetBlobsAsync())
        {
            blobs.Add(blob.Name);
        }

        Assert.DoesNotContain(ApplicationStore.ResumeBlobName(applicationId), blobs);
    }
}
