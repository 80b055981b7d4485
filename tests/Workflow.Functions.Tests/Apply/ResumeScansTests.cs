using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Apply;

/// <summary>
/// A résumé opens only as the malware scanner's verdict (the blob's index tag, as Defender for Storage writes it)
/// allows: never when found malicious; in Azure, where the verdict is required, not before a clean one.
/// </summary>
[Collection("Azurite")]
public sealed class ResumeScansTests
{
    private readonly TestStorage _storage = new();

    private async Task<(string RoundId, string ApplicationId)> SubmittedAsync()
    {
        var round = Samples.Round(RoundState.PanelReview);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        return (round.RoundId, await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer("scan@example.jp")));
    }

    private async Task TagAsync(string applicationId, string verdict)
    {
        var documents = await _storage.Storage.DocumentsAsync();
        await documents.GetBlobClient(ApplicationStore.ResumeBlobName(applicationId)).SetTagsAsync(new Dictionary<string, string> { [ResumeScan.TagName] = verdict });
    }

    private async Task<HttpAnswer> OpenAsync(string roundId, string applicationId, bool verdictRequired)
    {
        var request = Requests.Request("GET", $"operator:{roundId}");
        var reader = new StaffApplicationReader(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), new ConflictDeclarationStore(_storage.Storage),
            new PanelStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now));
        var function = new GetApplicationResume(reader, new ApplicationStore(_storage.Storage), new ResumeScans(_storage.Storage, new ResumeScanSettings(verdictRequired)));
        return await Requests.ExecuteAsync(await function.Run(request, roundId, applicationId), request);
    }

    /// <summary>How many reads of personal data the business log records: a refused résumé is not one.</summary>
    private async Task<int> ReadsLoggedAsync() =>
        (await _storage.RowsAsync(Storage.Tables.AuditLog)).Count(r => r.GetString("Action") == PersonalDataReads.Action);

    [Fact]
    public async Task Where_the_verdict_is_required_a_resume_waits_for_it_and_opens_once_it_is_clean()
    {
        var (roundId, applicationId) = await SubmittedAsync();

        var pending = await OpenAsync(roundId, applicationId, verdictRequired: true);
        Assert.Equal(503, pending.Status);
        Assert.Equal("60", pending.Headers["Retry-After"]);
        Assert.Contains("ウイルス検査が終わっていません", pending.Json.GetProperty("title").GetString());
        Assert.Equal(0, await ReadsLoggedAsync());

        await TagAsync(applicationId, ResumeScan.CleanValue);
        var clean = await OpenAsync(roundId, applicationId, verdictRequired: true);
        Assert.Equal(200, clean.Status);
        Assert.Equal("application/pdf", clean.ContentType);
        Assert.Equal(1, await ReadsLoggedAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_resume_found_malicious_never_opens(bool verdictRequired)
    {
        var (roundId, applicationId) = await SubmittedAsync();
        await TagAsync(applicationId, ResumeScan.MaliciousValue);

        var answer = await OpenAsync(roundId, applicationId, verdictRequired);

        Assert.Equal(409, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType);
        Assert.Contains("不正なプログラム", answer.Json.GetProperty("detail").GetString());
        Assert.Equal(0, await ReadsLoggedAsync());
    }

    [Fact]
    public async Task One_the_scanner_could_not_scan_opens_only_where_no_verdict_is_required()
    {
        var (roundId, applicationId) = await SubmittedAsync();
        await TagAsync(applicationId, "SAM259201: Scan failed - internal service error.");

        Assert.Equal(409, (await OpenAsync(roundId, applicationId, verdictRequired: true)).Status);
        Assert.Equal(200, (await OpenAsync(roundId, applicationId, verdictRequired: false)).Status);
    }
}
