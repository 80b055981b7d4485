using Workflow.Domain.Appointments;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Functions.Appoint;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Notifications;

/// <summary>
/// Reminders on Azurite, at chosen moments: each goes out once, the day before its session or deadline, to whom it
/// concerns, and is mailed like every notice.
/// </summary>
[Collection("Azurite")]
public sealed class SendRemindersTests
{
    private readonly TestStorage _storage = new();

    private SendReminders Reminders() => new(new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage), new AppointmentStore(_storage.Storage),
        new NotificationStore(_storage.Storage), _storage.Storage, new FixedClock(Samples.Now), NullLogger<SendReminders>.Instance);

    private async Task<RoundRecord> StoredRoundAsync(RoundState state)
    {
        var round = Samples.Round(state);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        return round;
    }

    private async Task<List<Notification>> NoticesOfAsync(string applicationId) =>
        [.. await new NotificationStore(_storage.Storage).ForApplicantAsync(applicationId)];

    [Fact]
    public async Task Each_trainee_is_reminded_once_the_day_before_each_session_and_nobody_else()
    {
        var round = await StoredRoundAsync(RoundState.Training);
        var first = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("trainee1@example.jp"), nameof(ApplicationStatus.Selected));
        var second = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("trainee2@example.jp"), nameof(ApplicationStatus.Selected));
        var notSelected = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("other@example.jp"), nameof(ApplicationStatus.NotSelected));
        var sessions = round.Schedule.TrainingSessions;

        // Two days before the first session: nothing yet.
        Assert.Equal(0, await Reminders().RemindAsync(sessions[0].StartsAt.AddHours(-48)));

        // Within the day before it: both trainees, once however often the timer runs.
        var dayBefore = sessions[0].StartsAt.AddHours(-23);
        Assert.Equal(2, await Reminders().RemindAsync(dayBefore));
        Assert.Equal(0, await Reminders().RemindAsync(dayBefore.AddHours(1)));

        foreach (var id in new[] { first, second })
        {
            var reminder = Assert.Single(await NoticesOfAsync(id));
            Assert.Equal($"{SendReminders.TrainingKind}_1", reminder.Kind);
            Assert.Equal("研修 第1回のご案内", reminder.Title);
            Assert.Contains(round.Title, reminder.Body);
            Assert.Contains(Workflow.Domain.Calendar.JapaneseDates.Deadline(sessions[0].StartsAt), reminder.Body);
        }

        Assert.Empty(await NoticesOfAsync(notSelected));

        // The second session has its own reminder; a session that has begun gets none.
        Assert.Equal(2, await Reminders().RemindAsync(sessions[1].StartsAt.AddHours(-1)));
        Assert.Equal(2, (await NoticesOfAsync(first)).Count);
        Assert.Equal(4, (await _storage.RowsAsync(Tables.Outbox)).Count(r => r.PartitionKey == "queued"));
    }

    [Fact]
    public async Task A_person_who_has_not_answered_a_request_is_reminded_before_its_deadline_and_one_who_has_is_not()
    {
        var round = await StoredRoundAsync(RoundState.Appointing);
        var waiting = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("waiting@example.jp"), nameof(ApplicationStatus.Certified));
        var answered = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("answered@example.jp"), nameof(ApplicationStatus.Certified));
        var appointments = new AppointmentStore(_storage.Storage);
        var answerBy = Samples.Now.AddDays(40);
        AppointmentRecord Request(string candidate, AppointmentStatus status) => new(AppointmentIds.For(round.RoundId, "131016", candidate), round.RoundId, "131016", "千代田区",
            candidate, AppointmentRole.CioAdvisor, "CIO補佐官", true, status, Samples.Now.AddDays(33), answerBy, status == AppointmentStatus.Requested ? null : Samples.Now.AddDays(34));
        Assert.True(await appointments.TryCreateAsync(Request(waiting, AppointmentStatus.Requested)));
        Assert.True(await appointments.TryCreateAsync(Request(answered, AppointmentStatus.Accepted)));

        Assert.Equal(2, await Reminders().RemindAsync(answerBy.AddHours(-20)));
        Assert.Equal(0, await Reminders().RemindAsync(answerBy.AddHours(-19)));

        var reminder = Assert.Single(await NoticesOfAsync(waiting));
        Assert.StartsWith(SendReminders.AppointmentAnswerKind + "_", reminder.Kind);
        Assert.Contains("千代田区からの任用の申込み（CIO補佐官）への回答期限は", reminder.Body);
        Assert.Empty(await NoticesOfAsync(answered));

        // The municipality hears that its request still waits, with the person's receipt number and not their name.
        var municipality = (await new NotificationStore(_storage.Storage).ForPartitionAsync(NotificationStore.MunicipalityPartition("131016"), 100, null)).Items;
        var pending = Assert.Single(municipality);
        Assert.Equal("任用の申込みへの回答をお待ちしています", pending.Title);
        Assert.Contains($"受付番号 {waiting} の方", pending.Body);
        Assert.DoesNotContain((await new ApplicationStore(_storage.Storage).GetAsync(waiting))!.FullName, pending.Body);
    }

    [Fact]
    public async Task The_ministry_is_reminded_of_an_acceptance_still_awaited_and_again_when_its_deadline_moves()
    {
        var round = await StoredRoundAsync(RoundState.AwaitingCommissionAcceptance);
        var deadline = round.Schedule.AcceptCommissionBy;

        Assert.Equal(1, await Reminders().RemindAsync(deadline.AddHours(-2)));
        Assert.Equal(0, await Reminders().RemindAsync(deadline.AddHours(-1)));

        var notices = (await new NotificationStore(_storage.Storage).ForPartitionAsync(NotificationStore.MinistryPartition, 100, null)).Items;
        var reminder = Assert.Single(notices, n => n.RoundId == round.RoundId);
        Assert.Equal(SendReminders.DeadlineKind, reminder.Kind);
        Assert.Equal($"委託の受諾の期限が近づいています（{round.Title}）", reminder.Title);

        // The ministry extends the deadline by two days: the new date gets its own reminder.
        var table = await _storage.Storage.TableAsync(Tables.Rounds);
        var moved = round.Schedule with { AcceptCommissionBy = deadline.AddDays(2) };
        await table.UpdateEntityAsync(new Azure.Data.Tables.TableEntity("round", round.RoundId)
        {
            ["ScheduleJson"] = System.Text.Json.JsonSerializer.Serialize(moved, Functions.Http.Json.Options),
        }, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Merge);
        Assert.Equal(1, await Reminders().RemindAsync(moved.AcceptCommissionBy.AddHours(-3)));
        Assert.Equal(2, (await new NotificationStore(_storage.Storage).ForPartitionAsync(NotificationStore.MinistryPartition, 100, null)).Items.Count(n => n.RoundId == round.RoundId));
    }
}
