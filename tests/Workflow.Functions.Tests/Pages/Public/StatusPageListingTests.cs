using Microsoft.AspNetCore.Http;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Notifications;
using Workflow.Functions.Pages.Public;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Pages.Public;

/// <summary>
/// The status page's own forms, posted as a browser posts them: the roster choice with preferences, and the answer to
/// a municipality's contact request; each goes through the API function and the page says what happened.
/// </summary>
[Collection("Azurite")]
public sealed class StatusPageListingTests
{
    private static readonly DateTimeOffset Now = Samples.Now.AddDays(40);
    private readonly TestStorage _storage = new();
    private readonly RoundRecord _round = Samples.Round(RoundState.Appointing);

    private GetApplicationStatus Status => new(new ApplicantAccess(TestSignIn.Gate(_storage.Storage), new ApplicationStore(_storage.Storage)),
        new RoundStore(_storage.Storage), new ContactStore(_storage.Storage), new ResumeScans(_storage.Storage, new ResumeScanSettings(VerdictRequired: false)));

    private static HttpRequest Post(params (string Name, string Value)[] fields)
    {
        var body = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var request = Requests.Request("POST");
        request.Body = new MemoryStream(bytes);
        request.ContentType = "application/x-www-form-urlencoded";
        request.ContentLength = bytes.Length;
        return request;
    }

    private async Task<(string Id, string Key)> ListedAsync()
    {
        await new RoundStore(_storage.Storage).CreateAsync(_round, "ministry");
        await new MunicipalityStore(_storage.Storage).UpsertAsync(MunicipalityCsv.Sample);
        return await SeededApplications.AddListedAsync(_storage.Storage, _round.RoundId, Samples.EligibleProducer("page@example.jp"), Samples.Now.AddDays(30));
    }

    [Fact]
    public async Task The_person_narrows_their_listing_on_the_status_page_and_sees_it_applied()
    {
        var (id, key) = await ListedAsync();
        var changes = new ListingChanges(new ApplicationStore(_storage.Storage), new RosterStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(Now));
        var page = new ChangeListingPage(new ChangeListing(TestSignIn.Gate(_storage.Storage), changes), Status, new NotificationStore(_storage.Storage));

        var request = Post(("applicationId", id), ("accessToken", key), ("listing", "municipalities"), ("workStyles", "remote"), ("workStyles", "hybrid"),
            ("regions", "北海道"), ("regions", "沖縄県"));
        var answer = await Requests.ExecuteAsync(await page.Run(request), request);

        Assert.Equal(200, answer.Status);
        Assert.Contains("人材リストに反映しました", answer.Body);
        Assert.Contains("働き方: リモート・常駐とリモートの併用／地域: 北海道・沖縄県", answer.Body);
        Assert.Matches("id=\"field-listing-municipalities\"[^>]*checked", answer.Body);
        var entry = (await new RosterStore(_storage.Storage).GetAsync(id))!;
        Assert.Equal(ListingTier.Municipalities, entry.Tier);
        Assert.Equal([WorkStyle.Remote, WorkStyle.Hybrid], entry.WorkStyles);

        var wrongKey = Post(("applicationId", id), ("accessToken", "apt.wrong"), ("listing", "public"));
        var refused = await Requests.ExecuteAsync(await page.Run(wrongKey), wrongKey);
        Assert.Contains("組み合わせが正しくありません", refused.Body);
        Assert.Equal(ListingTier.Municipalities, (await new RosterStore(_storage.Storage).GetAsync(id))!.Tier);
    }

    [Fact]
    public async Task The_person_accepts_a_contact_request_on_the_status_page_and_the_buttons_give_way_to_the_answer()
    {
        var (id, key) = await ListedAsync();
        var contacts = new ContactStore(_storage.Storage);
        var request = new ContactRequest(id, "131016", "千代田区", "CIO補佐官についてご相談したいです。", ContactStatus.Requested, Now, null);
        await contacts.RequestAsync(request);
        var before = await Requests.ExecuteAsync(await new ShowApplicationStatusPage(Status, new NotificationStore(_storage.Storage))
            .Run(Post(("applicationId", id), ("accessToken", key))), Requests.Request("GET"));
        Assert.Contains("action=\"/applications/status/contacts/131016\"", before.Body);

        var page = new AnswerContactPage(new AnswerContact(TestSignIn.Gate(_storage.Storage), contacts, new NotificationStore(_storage.Storage), new BusinessLog(_storage.Storage),
            new FixedClock(Now.AddHours(1))), Status, new NotificationStore(_storage.Storage));
        var post = Post(("applicationId", id), ("accessToken", key), ("accept", "true"));
        var answer = await Requests.ExecuteAsync(await page.Run(post, "131016"), post);

        Assert.Contains("連絡の申出を承諾しました。", answer.Body);
        Assert.DoesNotContain("action=\"/applications/status/contacts/131016\"", answer.Body);
        Assert.Contains("千代田区", answer.Body);
        Assert.Equal(ContactStatus.Accepted, (await contacts.GetAsync(id, "131016"))!.Request.Status);

        var declineLater = Post(("applicationId", id), ("accessToken", key), ("accept", "false"));
        var refused = await Requests.ExecuteAsync(await page.Run(declineLater, "131016"), declineLater);
        Assert.Contains("回答済み", refused.Body);
    }
}
