using Workflow.Domain.Rounds;
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
        var certificates = new CertificateStore(_storage.Storage);
        var activity = new IssueCertificatesShard(applications, certificates, new NotificationStore(_storage.Storage), new RoundStore(_storage.Storage));

        var result = await activity.Run(new ShardInput(round.RoundId, Shard, Samples.Now.AddDays(30), round.Schedule.TrainingSessions.Count), CancellationToken.None);

        Assert.Equal(new ShardCertificationResult(Shard, 2, 1), result);
        var certified = (await applications.GetAsync(full))!;
        Assert.Equal(nameof(ApplicationStatus.Certified), certified.Status);
        Assert.Equal(CertificateStore.IdFor(full), certified.CertificateId);
        Assert.Equal(nameof(ApplicationStatus.NotCertified), (await applications.GetAsync(partial))!.Status);
        Assert.Equal(nameof(ApplicationStatus.NotSelected), (await applications.GetAsync(notSelected))!.Status);

        Assert.Equal([CertificateStore.BlobName(round.RoundId, CertificateStore.IdFor(full))], (await _storage.BlobNamesAsync()).Where(b => b.StartsWith("certificates/", StringComparison.Ordinal)));
        var record = (await certificates.GetAsync(CertificateStore.IdFor(full)))!;
        var document = await certificates.ReadDocumentAsync(record);
        Assert.Contains("修了証", document);
        Assert.Contains(round.Title, document);
        Assert.Null(await certificates.GetAsync(CertificateStore.IdFor(partial)));
    }
}
