using System.Buffers.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;
using Workflow.Functions.Tests.Support;
using Workflow.Functions.Train;

namespace Workflow.Functions.Tests.Train;

/// <summary>
/// 修了証 on Azurite: issued once with a signature over its facts, checked against the record and against the paper's
/// QR code, found altered when a stored field changes, revoked by erasure, and answered as such by the public route.
/// </summary>
[Collection("Azurite")]
public sealed class CertificateStoreTests
{
    private readonly TestStorage _storage = new();

    private async Task<(RoundRecord Round, ApplicationEntity Application)> CertifiedAsync(string email = "certified@example.jp")
    {
        var round = Samples.Round(RoundState.Training);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        var id = await SeededApplications.AddAsync(_storage.Storage, round.RoundId, Samples.EligibleProducer(email), nameof(ApplicationStatus.Certified),
            [.. round.Schedule.TrainingSessions.Select(s => s.Number)]);
        return (round, (await new ApplicationStore(_storage.Storage).GetAsync(id))!);
    }

    [Fact]
    public async Task An_issued_certificate_verifies_and_so_does_the_paper_that_carries_its_signature()
    {
        var (round, application) = await CertifiedAsync();
        var certificates = _storage.Certificates();

        var issued = await certificates.IssueAsync(application, round, Samples.Now.AddDays(30).AddTicks(1234));

        var facts = issued.Facts!;
        Assert.Equal((application.FullName, round.Title, round.Schedule.TrainingSessions.Count), (facts.HolderName, facts.RoundTitle, facts.SessionCount));
        Assert.Equal(0, facts.IssuedAt.UtcTicks % TimeSpan.TicksPerSecond);
        var check = (await certificates.CheckAsync(issued.CertificateId, issued.Signature!.Value))!;
        Assert.Equal((CertificateStanding.Valid, (bool?)true), (check.Standing, check.PaperMatches));
        Assert.Equal(facts.CanonicalBytes(), check.Record.Facts!.CanonicalBytes());

        var forged = issued.Signature.Value.ToArray();
        forged[10] ^= 1;
        Assert.False((await certificates.CheckAsync(issued.CertificateId, forged))!.PaperMatches);
        Assert.Null((await certificates.CheckAsync(issued.CertificateId, null))!.PaperMatches);
    }

    [Fact]
    public async Task Issuing_again_or_at_once_keeps_the_first_signature()
    {
        var (round, application) = await CertifiedAsync();
        var certificates = _storage.Certificates();

        var first = await certificates.IssueAsync(application, round, Samples.Now.AddDays(30));
        var again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => certificates.IssueAsync(application, round, Samples.Now.AddDays(31))));

        Assert.All(again, a => Assert.Equal(first.Signature!.Value, a.Signature!.Value));
        Assert.All(again, a => Assert.Equal(first.IssuedAt, a.IssuedAt));
        Assert.Single(await _storage.RowsAsync(Tables.Certificates));
    }

    [Theory]
    [InlineData("HolderName", "山田 次郎")]
    [InlineData("RoundTitle", "別の公募")]
    [InlineData("SessionCount", 1)]
    [InlineData("Personas", "Engineer")]
    [InlineData("Personas", "NotAPersona")]
    [InlineData("SessionsJson", "[{\"number\": \"one\"}]")]
    [InlineData("SessionCount", "six")]
    public async Task A_field_changed_in_storage_after_issue_is_found_altered(string column, object value)
    {
        var (round, application) = await CertifiedAsync();
        var certificates = _storage.Certificates();
        var issued = await certificates.IssueAsync(application, round, Samples.Now.AddDays(30));

        var table = await _storage.Storage.TableAsync(Tables.Certificates);
        await table.UpdateEntityAsync(new TableEntity(issued.CertificateId, issued.CertificateId) { [column] = value }, ETag.All, TableUpdateMode.Merge);

        var check = (await certificates.CheckAsync(issued.CertificateId, issued.Signature!.Value))!;
        Assert.Equal(CertificateStanding.Altered, check.Standing);
    }

    [Fact]
    public async Task A_certificate_signed_by_a_key_this_app_does_not_hold_is_not_valid()
    {
        var (round, application) = await CertifiedAsync();
        var path = Path.Combine(Path.GetTempPath(), $"other-{Guid.NewGuid():N}.pem");
        try
        {
            using var otherKey = new DevelopmentCertificateKeys(path);
            var issued = await new CertificateStore(_storage.Storage, otherKey).IssueAsync(application, round, Samples.Now.AddDays(30));

            Assert.NotEqual(TestCertificateKeys.Shared.KeyId, otherKey.KeyId);
            Assert.Equal(CertificateStanding.Altered, (await _storage.Certificates().CheckAsync(issued.CertificateId, null))!.Standing);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Revocation_keeps_the_number_round_and_date_and_drops_the_person()
    {
        var (round, application) = await CertifiedAsync();
        var certificates = _storage.Certificates();
        var issued = await certificates.IssueAsync(application, round, Samples.Now.AddDays(30));

        await certificates.RevokeAsync(application.RowKey, round.RoundId, Samples.Now.AddDays(400));
        await certificates.RevokeAsync(application.RowKey, round.RoundId, Samples.Now.AddDays(401));

        var check = (await certificates.CheckAsync(issued.CertificateId, issued.Signature!.Value))!;
        Assert.Equal(CertificateStanding.Revoked, check.Standing);
        Assert.Equal(Samples.Now.AddDays(400), check.Record.RevokedAt);
        Assert.Equal(issued.IssuedAt, check.Record.IssuedAt);
        var row = Assert.Single(await _storage.RowsAsync(Tables.Certificates));
        Assert.Null(row.GetString("HolderName"));
        Assert.Null(row.GetString("ApplicationId"));
        Assert.Null(row.GetString("SessionsJson"));
        Assert.Null(row.GetBinary("Signature"));
        Assert.Equal(round.Title, row.GetString("RoundTitle"));
    }

    [Fact]
    public async Task A_certificate_issued_before_signing_is_found_and_said_to_be_unsigned()
    {
        var id = CertificateStore.IdFor("R2025-0001_00_legacy");
        var table = await _storage.Storage.TableAsync(Tables.Certificates);
        await table.AddEntityAsync(new TableEntity(id, "certificate")
        {
            ["RoundId"] = "R2025-0001",
            ["ApplicationId"] = "R2025-0001_00_legacy",
            ["IssuedAt"] = Samples.Now,
            ["DocumentBlob"] = CertificateStore.LegacyBlobName("R2025-0001", id),
        });

        var check = (await _storage.Certificates().CheckAsync(id, null))!;

        Assert.Equal(CertificateStanding.Unsigned, check.Standing);
        Assert.Equal(Samples.Now, check.Record.IssuedAt);
    }

    [Fact]
    public async Task The_public_route_masks_the_name_names_the_round_and_says_whether_the_paper_matches()
    {
        var (round, application) = await CertifiedAsync();
        var certificates = _storage.Certificates();
        var issued = await certificates.IssueAsync(application, round, Samples.Now.AddDays(30));
        var verify = new VerifyCertificate(certificates);

        async Task<HttpAnswer> GetAsync(string id, string? s)
        {
            var request = Requests.Request("GET");
            if (s is not null)
            {
                request.QueryString = QueryString.Create("s", s);
            }

            return await Requests.ExecuteAsync(await verify.Run(request, id), request);
        }

        var genuine = await GetAsync(issued.CertificateId, Base64Url.EncodeToString(issued.Signature!.Value));
        Assert.Equal(200, genuine.Status);
        Assert.True(genuine.Json.GetProperty("valid").GetBoolean());
        Assert.Equal("valid", genuine.Json.GetProperty("standing").GetString());
        Assert.Equal(CertificateText.MaskedName(application.FullName), genuine.Json.GetProperty("holderMasked").GetString());
        Assert.DoesNotContain(application.FullName, genuine.Body);
        Assert.DoesNotContain(application.Email, genuine.Body);
        Assert.Equal(round.Title, genuine.Json.GetProperty("roundTitle").GetString());
        Assert.True(genuine.Json.GetProperty("paperMatches").GetBoolean());

        var other = issued.Signature.Value.ToArray();
        other[0] ^= 0xFF;
        var mismatch = await GetAsync(issued.CertificateId, Base64Url.EncodeToString(other));
        Assert.False(mismatch.Json.GetProperty("valid").GetBoolean());
        Assert.Equal(CertificateText.PaperMismatch, mismatch.Json.GetProperty("paperMessage").GetString());

        Assert.Equal(400, (await GetAsync(issued.CertificateId, "not base64!")).Status);
        Assert.Equal(404, (await GetAsync("C000000000000000", null)).Status);
        Assert.Equal(404, (await GetAsync("../../etc", null)).Status);
    }
}
