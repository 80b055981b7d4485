using Workflow.Domain.Rounds;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Notifications;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Functions.Train;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Tests.Train;

[Collection("Azurite")]
public sealed class IssueCertificatesShardTests
{
    private const int Shard = 7;
    private readonly TestStorage _storage = new();

    [Fact]
    public async Task Only_full_attendance_earns_a_certificate_document()
    {
        var round = Samples.Round(RoundState.Training);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var full = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "full")),
            nameof(ApplicationStatus.Selected), 1, 2, 3, 4, 5);
        var partial = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer(Samples.EmailInShard(Shard, "partial")),
            nameof(ApplicationStatus.Selected), 1, 2, 3, 5);
        var notSelected = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.IneligibleEngineer(Samples.EmailInShard(Shard, "no")),
            nameof(ApplicationStatus.NotSelected), 1, 2, 3, 4, 5);
        var applications = new ApplicationStore(_storage.Storage);
        var certificates = _storage.Certificates();
        var activity = new IssueCertificatesShard(applications, certificates, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage));

        var result = await activity.Run(new ShardInput(round.RoundId, Shard, Samples.Now.AddDays(30), round.Schedule.TrainingSessions.Count), CancellationToken.None);

        Assert.Equal(new ShardCertificationResult(Shard, 2, 1), result);
        var certified = (await applications.GetAsync(full))!;
        Assert.Equal(nameof(ApplicationStatus.Certified), certified.Status);
        Assert.Equal(CertificateStore.IdFor(full), certified.CertificateId);
        Assert.Equal(nameof(ApplicationStatus.NotCertified), (await applications.GetAsync(partial))!.Status);
        Assert.Equal(nameof(ApplicationStatus.NotSelected), (await applications.GetAsync(notSelected))!.Status);

        // The certificate is a signed record of the round's sessions; no document is stored beside it.
        Assert.DoesNotContain(await _storage.BlobNamesAsync(), b => b.StartsWith("certificates/", StringComparison.Ordinal));
        var check = (await certificates.CheckAsync(CertificateStore.IdFor(full), null))!;
        Assert.Equal(CertificateStanding.Valid, check.Standing);
        var facts = check.Record.Facts!;
        Assert.Equal((round.Title, round.Schedule.TrainingSessions.Count), (facts.RoundTitle, facts.SessionCount));
        Assert.Equal(round.Schedule.TrainingSessions.Select(s => s.StartsAt), facts.Sessions.Select(s => s.At));
        Assert.Null(await certificates.GetAsync(CertificateStore.IdFor(partial)));

        // What each was told: the certificate's number and where to get it, or the session without attendance.
        var notifications = new NotificationStore(_storage.Storage);
        var told = Assert.Single(await notifications.ForApplicantAsync(full));
        Assert.Contains($"修了証番号: {CertificateStore.IdFor(full)}", told.Body);
        Assert.Contains("応募状況の確認ページからダウンロード", told.Body);
        Assert.Contains("出席の記録がない回: 第4回", Assert.Single(await notifications.ForApplicantAsync(partial)).Body);
    }
}
