using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Identity;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Publish;

/// <summary>
/// The person's roster choice (ChangeListing) and how every audience follows it: the public page, signed-in
/// municipalities, and the roster row that a publication writing at the same moment must not turn back.
/// </summary>
[Collection("Azurite")]
public sealed class ListingTests
{
    private static readonly DateTimeOffset Now = Samples.Now.AddDays(40);
    private readonly TestStorage _storage = new();
    private readonly string _roundId = RoundIds.NewRoundId(2025);

    private RosterStore Roster => new(_storage.Storage);

    private ListingChanges Changes => new(new ApplicationStore(_storage.Storage), Roster, new BusinessLog(_storage.Storage), new FixedClock(Now));

    private async Task<HttpAnswer> ChangeAsync(string id, string key, object body)
    {
        var request = Requests.JsonOf("PUT", null, body);
        request.Headers[AccessGate.ApplicantTokenHeader] = key;
        return await Requests.ExecuteAsync(await new ChangeListing(TestSignIn.Gate(_storage.Storage), Changes).Run(request, id), request);
    }

    private async Task<List<string>> SeenByAsync(RosterAudience audience) =>
        [.. (await Roster.PageAsync(audience, null, null, _roundId, 50, null)).Items.Select(e => e.CandidateId)];

    [Fact]
    public async Task A_person_moves_between_tiers_and_each_audience_follows_with_one_log_line_per_change()
    {
        var (id, key) = await SeededApplications.AddListedAsync(_storage.Storage, _roundId, Samples.EligibleProducer("tiers@example.jp"), Samples.Now.AddDays(30));
        Assert.Equal([id], await SeenByAsync(RosterAudience.Public));

        var municipal = await ChangeAsync(id, key, new { listing = "municipalities", workStyles = new[] { "remote" }, regions = new[] { "北海道", "東京都" } });
        Assert.Equal(200, municipal.Status);
        Assert.Equal("municipalities", municipal.Json.GetProperty("listing").GetString());
        Assert.True(municipal.Json.GetProperty("onRoster").GetBoolean());
        Assert.Empty(await SeenByAsync(RosterAudience.Public));
        Assert.Equal([id], await SeenByAsync(RosterAudience.Listed));
        var entry = (await Roster.GetAsync(id))!;
        Assert.Equal([WorkStyle.Remote], entry.WorkStyles);
        Assert.Equal(["北海道", "東京都"], entry.Regions);
        Assert.Equal(Samples.Now.AddDays(30), entry.PublishedAt);

        Assert.Equal(200, (await ChangeAsync(id, key, new { listing = "notListed" })).Status);
        Assert.Empty(await SeenByAsync(RosterAudience.Listed));
        Assert.Equal(ListingTier.NotListed, (await Roster.GetAsync(id))!.Tier);

        var back = await ChangeAsync(id, key, new { listing = "public" });
        var repeat = await ChangeAsync(id, key, new { listing = "public" });
        Assert.Equal(back.Body, repeat.Body);
        Assert.Equal([id], await SeenByAsync(RosterAudience.Public));

        var lines = await _storage.RowsAsync(Storage.Tables.AuditLog, $"Action eq '{BusinessLogActions.ListingChanged}'");
        Assert.Equal(["Municipalities", "NotListed", "Public"], lines.OrderBy(l => l.GetInt64("Seq")).Select(l => l.GetString("Detail")));
        Assert.All(lines, l => Assert.Equal(id, l.GetString("Subject")));
    }

    [Fact]
    public async Task A_write_from_an_older_choice_never_undoes_a_newer_one()
    {
        var (id, key) = await SeededApplications.AddListedAsync(_storage.Storage, _roundId, Samples.EligibleProducer("stale@example.jp"), Samples.Now.AddDays(30));
        var stale = (await new ApplicationStore(_storage.Storage).GetAsync(id))!;

        Assert.Equal(200, (await ChangeAsync(id, key, new { listing = "notListed" })).Status);
        await Roster.WriteAsync(stale, Now);
        await Roster.PublishAsync([stale], Now);

        Assert.Equal(ListingTier.NotListed, (await Roster.GetAsync(id))!.Tier);
        Assert.Empty(await SeenByAsync(RosterAudience.Listed));
    }

    [Fact]
    public async Task Changes_racing_each_other_and_a_publication_end_with_the_choice_the_application_holds()
    {
        var (id, _) = await SeededApplications.AddListedAsync(_storage.Storage, _roundId, Samples.EligibleProducer("race@example.jp"), Samples.Now.AddDays(30));
        var applications = new ApplicationStore(_storage.Storage);
        for (var round = 0; round < 4; round++)
        {
            var stale = (await applications.GetAsync(id))!;
            await Task.WhenAll(
                Changes.ChangeAsync(id, new ListingChoice(ListingTier.Public, [], []), "applicant"),
                Changes.ChangeAsync(id, new ListingChoice(ListingTier.NotListed, [], []), "applicant"),
                Changes.ChangeAsync(id, new ListingChoice(ListingTier.Municipalities, [WorkStyle.Hybrid], []), "applicant"),
                Roster.PublishAsync([stale], Now));

            var held = (await applications.GetAsync(id))!;
            var entry = (await Roster.GetAsync(id))!;
            Assert.Equal(held.Listing.Tier, entry.Tier);
            Assert.Equal(held.Listing.WorkStyles, entry.WorkStyles);
        }
    }

    [Fact]
    public async Task A_choice_before_publication_waits_for_it_and_touches_no_roster_row()
    {
        using var pdf = new MemoryStream(Samples.Pdf());
        var submitted = await new ApplicationStore(_storage.Storage).SubmitAsync(_roundId, Samples.EligibleProducer("early@example.jp"), pdf, Samples.Now);

        var answer = await ChangeAsync(submitted.ApplicationId!, submitted.AccessToken!, new { listing = "municipalities" });

        Assert.Equal(200, answer.Status);
        Assert.False(answer.Json.GetProperty("onRoster").GetBoolean());
        Assert.Contains("人材リストが公開されたときに反映", answer.Json.GetProperty("message").GetString());
        Assert.Null(await Roster.GetAsync(submitted.ApplicationId!));
        Assert.Equal(ListingTier.Municipalities, (await new ApplicationStore(_storage.Storage).GetAsync(submitted.ApplicationId!))!.Listing.Tier);
    }

    [Fact]
    public async Task Someone_not_selected_is_told_why_and_a_choice_that_is_not_one_gets_field_errors()
    {
        using var pdf = new MemoryStream(Samples.Pdf());
        var submitted = await new ApplicationStore(_storage.Storage).SubmitAsync(_roundId, Samples.EligibleProducer("notselected@example.jp"), pdf, Samples.Now);
        var id = submitted.ApplicationId!;

        var invalid = await ChangeAsync(id, submitted.AccessToken!, new { regions = new[] { "東京" } });
        Assert.Equal(400, invalid.Status);
        Assert.True(invalid.IsProblem);
        Assert.Equal(1, invalid.Json.GetProperty("errors").GetProperty("listing").GetArrayLength());
        Assert.Contains("都道府県名", invalid.Json.GetProperty("errors").GetProperty("regions")[0].GetString());

        ApplicationIds.TryParse(id, out _, out var shard);
        await SeededApplications.SetAsync(_storage.Storage, new Azure.Data.Tables.TableEntity(ApplicationShards.PartitionKey(_roundId, shard), id)
        {
            [nameof(ApplicationEntity.Status)] = nameof(ApplicationStatus.NotSelected),
        });
        var refused = await ChangeAsync(id, submitted.AccessToken!, new { listing = "public" });
        Assert.Equal(409, refused.Status);
        Assert.Contains("掲載されないため", refused.Json.GetProperty("title").GetString());
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.AuditLog, $"Action eq '{BusinessLogActions.ListingChanged}'"));
    }
}
