using System.Net.Http.Headers;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Pages.Public;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Apply;

/// <summary>
/// A résumé the malware scan keeps closed for good is replaced by its applicant, through the API or the status page:
/// the new file takes the old one's place with no verdict of its own yet, once; a résumé that passed or waits for
/// its verdict is not replaced.
/// </summary>
[Collection("Azurite")]
public sealed class ResumeReplacementTests
{
    private readonly TestStorage _storage = new();

    private static byte[] NewPdf => [.. "%PDF-1.7\n% 差し替え\n"u8, .. new byte[32]];

    private async Task<(string Id, string Key)> SubmittedAsync(string? verdict)
    {
        var round = Samples.Round(RoundState.PanelReview);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        using var pdf = new MemoryStream(Samples.Pdf());
        var submitted = await new ApplicationStore(_storage.Storage).SubmitAsync(round.RoundId, Samples.EligibleProducer("replace@example.jp"), pdf, Samples.Now);
        if (verdict is not null)
        {
            var documents = await _storage.Storage.DocumentsAsync();
            await documents.GetBlobClient(ApplicationStore.ResumeBlobName(submitted.ApplicationId!)).SetTagsAsync(new Dictionary<string, string> { [ResumeScan.TagName] = verdict });
        }

        return (submitted.ApplicationId!, submitted.AccessToken!);
    }

    private ResumeScans Scans(bool verdictRequired = false) => new(_storage.Storage, new ResumeScanSettings(verdictRequired));

    private ReplaceResume Api(bool verdictRequired = false) => new(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage), Scans(verdictRequired),
        new BusinessLog(_storage.Storage), new FixedClock(Samples.Now.AddDays(3)), new IdempotentRequests(_storage.Storage, new FixedClock(Samples.Now.AddDays(3))));

    private async Task<HttpAnswer> ReplaceAsync(string id, string key, byte[] pdf, string contentType = "application/pdf", string? idempotencyKey = null, bool verdictRequired = false)
    {
        var request = Requests.Request("PUT");
        request.Headers[AccessGate.ApplicantTokenHeader] = key;
        if (idempotencyKey is not null)
        {
            request.Headers[IdempotencyKey.Header] = idempotencyKey;
        }

        request.Body = new MemoryStream(pdf);
        request.ContentType = contentType;
        request.ContentLength = pdf.Length;
        return await Requests.ExecuteAsync(await Api(verdictRequired).Run(request, id), request);
    }

    private GetApplicationStatus Status(bool verdictRequired = false) => new(new ApplicantAccess(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage)),
        new RoundStore(_storage.Storage), new ContactStore(_storage.Storage), Scans(verdictRequired));

    private async Task<bool> NeedsReplacingAsync(string id, string key, bool verdictRequired = false)
    {
        var request = Requests.Request("GET");
        request.Headers[AccessGate.ApplicantTokenHeader] = key;
        var answer = await Requests.ExecuteAsync(await Status(verdictRequired).Run(request, id), request);
        Assert.Equal(200, answer.Status);
        return answer.Json.GetProperty("resumeNeedsReplacing").GetBoolean();
    }

    private async Task<int> ReplacementsLoggedAsync() =>
        (await _storage.RowsAsync(Storage.Tables.AuditLog)).Count(r => r.GetString("Action") == BusinessLogActions.ResumeReplaced);

    [Fact]
    public async Task A_resume_found_malicious_is_replaced_once_and_the_new_file_waits_for_its_own_verdict()
    {
        var (id, key) = await SubmittedAsync(ResumeScan.MaliciousValue);
        Assert.True(await NeedsReplacingAsync(id, key));

        var replaced = await ReplaceAsync(id, key, NewPdf, idempotencyKey: "replace-1");
        var repeat = await ReplaceAsync(id, key, NewPdf, idempotencyKey: "replace-1");

        Assert.Equal((200, 200), (replaced.Status, repeat.Status));
        Assert.Equal(replaced.Body, repeat.Body);
        Assert.Contains("差し替えました", replaced.Json.GetProperty("message").GetString());
        var application = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        Assert.Equal(NewPdf, await new ApplicationStore(_storage.Storage).ReadResumeAsync(application));
        var documents = await _storage.Storage.DocumentsAsync();
        Assert.Empty((await documents.GetBlobClient(application.ResumeBlob).GetTagsAsync()).Value.Tags);
        Assert.Equal(1, await ReplacementsLoggedAsync());
        Assert.False(await NeedsReplacingAsync(id, key));
        Assert.False(await NeedsReplacingAsync(id, key, verdictRequired: true));

        // The new file has no verdict yet: another replacement waits for it.
        var again = await ReplaceAsync(id, key, NewPdf);
        Assert.Equal(409, again.Status);
        Assert.Contains("ウイルス検査中", again.Json.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Two_replacements_at_once_leave_one_file_that_its_sender_was_told_of_and_refuse_the_other(int run)
    {
        var (id, key) = await SubmittedAsync(ResumeScan.MaliciousValue);
        byte[] first = [.. NewPdf, (byte)run, 1], second = [.. NewPdf, (byte)run, 2];

        var both = await Task.WhenAll(ReplaceAsync(id, key, first), ReplaceAsync(id, key, second));

        var won = Assert.Single(both, a => a.Status == 200);
        var lost = Assert.Single(both, a => a.Status == 409);
        Assert.Contains("ウイルス検査中", lost.Json.GetProperty("detail").GetString());
        var application = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        Assert.Equal(won == both[0] ? first : second, await new ApplicationStore(_storage.Storage).ReadResumeAsync(application));
        Assert.Equal(1, await ReplacementsLoggedAsync());
    }

    [Theory]
    [InlineData(ResumeScan.CleanValue, false, "見つからなかった")]
    [InlineData(null, true, "ウイルス検査中")]
    [InlineData("SAM259201: Scan failed - internal service error.", false, "見つからなかった")]
    public async Task A_resume_that_passed_waits_for_its_verdict_or_opens_where_none_is_required_is_not_replaced(string? verdict, bool verdictRequired, string reason)
    {
        var (id, key) = await SubmittedAsync(verdict);
        Assert.False(await NeedsReplacingAsync(id, key, verdictRequired));

        var refused = await ReplaceAsync(id, key, NewPdf, verdictRequired: verdictRequired);

        Assert.Equal(409, refused.Status);
        Assert.Contains(reason, refused.Json.GetProperty("detail").GetString());
        var application = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;
        Assert.Equal(Samples.Pdf(), await new ApplicationStore(_storage.Storage).ReadResumeAsync(application));
        Assert.Equal(0, await ReplacementsLoggedAsync());
    }

    [Fact]
    public async Task One_the_scanner_could_not_scan_is_replaced_where_a_verdict_is_required_and_not_a_pdf_is_refused()
    {
        var (id, key) = await SubmittedAsync("SAM259201: Scan failed - internal service error.");
        Assert.True(await NeedsReplacingAsync(id, key, verdictRequired: true));

        var notPdf = await ReplaceAsync(id, key, "hello"u8.ToArray(), "text/plain", verdictRequired: true);
        Assert.Equal(400, notPdf.Status);
        Assert.True(notPdf.Json.GetProperty("errors").TryGetProperty("resume", out _));
        Assert.Equal(401, (await ReplaceAsync(id, "apt.not-the-key", NewPdf, verdictRequired: true)).Status);

        Assert.Equal(200, (await ReplaceAsync(id, key, NewPdf, verdictRequired: true)).Status);
    }

    [Fact]
    public async Task The_status_page_asks_for_another_file_and_takes_it()
    {
        var (id, key) = await SubmittedAsync(ResumeScan.MaliciousValue);
        var notifications = new NotificationStore(_storage.Storage);
        var show = new ShowApplicationStatusPage(Status(), notifications);
        var shown = await PageAsync(show.Run, ("applicationId", id), ("accessToken", key));
        Assert.Contains("職務経歴書の差し替え", shown.Body);
        Assert.Contains("action=\"/applications/status/resume\"", shown.Body);

        var page = new ReplaceResumePage(Api(), Status(), notifications);
        var sent = await PageAsync(page.Run, NewPdf, ("applicationId", id), ("accessToken", key));

        Assert.Equal(200, sent.Status);
        Assert.Contains("職務経歴書を差し替えました。", sent.Body);
        Assert.DoesNotContain("action=\"/applications/status/resume\"", sent.Body);
        Assert.Equal(1, await ReplacementsLoggedAsync());

        var empty = await PageAsync(page.Run, null, ("applicationId", id), ("accessToken", key));
        Assert.Contains("PDFファイルを選んでください。", empty.Body);
    }

    private static Task<HttpAnswer> PageAsync(Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> run, params (string Name, string Value)[] fields) =>
        PageAsync(run, null, fields);

    /// <summary>The form as a browser posts it: multipart, with the file when there is one.</summary>
    private static async Task<HttpAnswer> PageAsync(Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> run, byte[]? file, params (string Name, string Value)[] fields)
    {
        using var content = new MultipartFormDataContent("----workflow-page-boundary");
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
            content.Add(part, "resume", "resume.pdf");
        }

        var request = await Requests.ContentAsync(content);
        return await Requests.ExecuteAsync(await run(request), request);
    }
}
