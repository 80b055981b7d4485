using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Tests.Apply;

/// <summary>③応募: nothing is stored unless the whole submission is valid, the window is open and the address is new.</summary>
[Collection("Azurite")]
public sealed class SubmitApplicationTests
{
    private readonly TestStorage _storage = new();

    /// <summary>Inside the window of <see cref="Samples.Schedule"/> (opens day 2, closes day 10).</summary>
    private static readonly DateTimeOffset DuringWindow = Samples.Now.AddDays(5);

    private SubmitApplication Function(DateTimeOffset now) => new(
        new Workflow.Functions.Http.IdempotentRequests(_storage.Storage, new FixedClock(now)), new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(now),
        NullLogger<SubmitApplication>.Instance);

    private async Task<RoundRecord> StoredRoundAsync(RoundState state)
    {
        var round = Samples.Round(state);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        return round;
    }

    private static string Json(object request) => JsonSerializer.Serialize(request, Functions.Http.Json.Options);

    private async Task<HttpAnswer> SubmitAsync(RoundRecord round, string? json, byte[]? resume, string resumeType = "application/pdf", DateTimeOffset? now = null)
    {
        var request = await Requests.MultipartAsync(json, resume, resumeType);
        return await Requests.ExecuteAsync(await Function(now ?? DuringWindow).Run(request, round.RoundId), request);
    }

    private async Task<List<TableEntity>> ApplicationRowsAsync() =>
        (await _storage.RowsAsync(Storage.Tables.Applications)).Where(r => !r.RowKey.StartsWith('~')).ToList();

    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Applications));
        Assert.Empty(await _storage.BlobNamesAsync());
    }

    [Fact]
    public async Task Valid_submission_is_stored_with_its_resume_and_answers_with_an_access_token_bound_to_it()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);

        var answer = await SubmitAsync(round, Json(Samples.ToRequest(Samples.EligibleProducer("taro@example.jp"))), Samples.Pdf());

        Assert.Equal(201, answer.Status);
        var id = answer.Json.GetProperty("applicationId").GetString()!;
        var token = answer.Json.GetProperty("accessToken").GetString()!;
        Assert.True(Workflow.Functions.Identity.ApplicantTokens.TryReadApplicationId(token, out var boundTo));
        Assert.Equal(id, boundTo);
        var row = Assert.Single(await ApplicationRowsAsync());
        Assert.Equal(id, row.RowKey);

        // Only the hash is stored: the token itself appears nowhere in the row.
        Assert.Equal(Workflow.Functions.Identity.ApplicantTokens.Hash(token), row.GetString("AccessTokenHash"));
        Assert.DoesNotContain(row, p => p.Value is string text && text.Contains(token[^43..], StringComparison.Ordinal));
        Assert.Equal(nameof(ApplicationStatus.Submitted), row.GetString("Status"));
        Assert.Equal([ApplicationStore.ResumeBlobName(id)], await _storage.BlobNamesAsync());
    }

    [Fact]
    public async Task Non_pdf_resume_is_refused_and_nothing_is_stored()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);

        var answer = await SubmitAsync(round, Json(Samples.ToRequest(Samples.EligibleProducer("taro@example.jp"))), "hello"u8.ToArray(), "text/plain");

        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Equal(["resume"], answer.ErrorFields);
        Assert.Contains("職務経歴書はPDFファイルで提出してください。", answer.ErrorsFor("resume"));
        Assert.Contains("ファイルの内容がPDF形式ではありません。", answer.ErrorsFor("resume"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Pdf_type_with_other_content_is_refused()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);

        var answer = await SubmitAsync(round, Json(Samples.ToRequest(Samples.EligibleProducer("taro@example.jp"))), "<html></html>"u8.ToArray());

        Assert.Equal(400, answer.Status);
        Assert.Equal(["ファイルの内容がPDF形式ではありません。"], answer.ErrorsFor("resume"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Oversized_resume_is_refused_and_nothing_is_stored()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);

        var answer = await SubmitAsync(round, Json(Samples.ToRequest(Samples.EligibleProducer("taro@example.jp"))),
            Samples.Pdf((int)Domain.Applications.ResumeRules.MaxBytes + 1));

        Assert.Equal(400, answer.Status);
        Assert.Equal(["ファイルサイズは10MB以下にしてください。"], answer.ErrorsFor("resume"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_submission_streamed_past_the_forms_limit_is_refused_with_413_once_the_limit_is_read()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var request = Requests.Request("POST");
        var body = new EndlessBody("--x\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"r.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"u8.ToArray());
        request.Body = body;
        request.ContentType = "multipart/form-data; boundary=x";

        var answer = await Requests.ExecuteAsync(await Function(DuringWindow).Run(request, round.RoundId), request);

        Assert.Equal(413, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Equal("職務経歴書(PDF)は10MB以下にしてください。", answer.Json.GetProperty("detail").GetString());
        Assert.Equal(Functions.Http.BodyLimits.ApplicationForm + 1, body.BytesRead);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Missing_resume_and_invalid_fields_are_all_named_at_once()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var form = Samples.EligibleProducer("taro@@example") with { Phone = "12-34", Prefecture = "東京" };

        var answer = await SubmitAsync(round, Json(Samples.ToRequest(form)), resume: null);

        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Equal(["メールアドレスの形式が正しくありません。"], answer.ErrorsFor("email"));
        Assert.Single(answer.ErrorsFor("phone"));
        Assert.Equal(["都道府県を選択してください（例: 東京都）。"], answer.ErrorsFor("prefecture"));
        Assert.Equal(["職務経歴書(PDF)を添付してください。"], answer.ErrorsFor("resume"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Unknown_choice_in_the_form_names_its_path()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var json = Json(Samples.ToRequest(Samples.EligibleProducer("taro@example.jp"))).Replace("\"producer\"", "\"astronaut\"", StringComparison.Ordinal);

        var answer = await SubmitAsync(round, json, Samples.Pdf());

        Assert.Equal(400, answer.Status);
        Assert.Equal(["personas[0]"], answer.ErrorFields);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Persona_the_round_does_not_seek_is_refused()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var form = Samples.EligibleProducer("taro@example.jp") with { Personas = [Domain.SkillStandard.Persona.ServiceDesigner] };

        var answer = await SubmitAsync(round, Json(Samples.ToRequest(form)), Samples.Pdf());

        Assert.Equal(400, answer.Status);
        Assert.Contains(answer.ErrorsFor("personas[0]"), m => m.Contains("募集していません", StringComparison.Ordinal));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Submission_before_the_window_opens_is_a_conflict()
    {
        var round = await StoredRoundAsync(RoundState.CallPublished);

        var answer = await SubmitAsync(round, Json(Samples.ToRequest(Samples.EligibleProducer("taro@example.jp"))), Samples.Pdf());

        Assert.Equal(409, answer.Status);
        Assert.Equal("応募期間外です。", answer.Json.GetProperty("title").GetString());
        Assert.Contains("に始まります", answer.Json.GetProperty("detail").GetString());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Submission_after_the_closing_time_is_a_conflict_even_before_the_round_moves_on()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);

        var answer = await SubmitAsync(round, Json(Samples.ToRequest(Samples.EligibleProducer("taro@example.jp"))), Samples.Pdf(),
            now: round.Schedule.ApplicationClosesAt);

        Assert.Equal(409, answer.Status);
        Assert.Equal("応募の受付は終了しました。", answer.Json.GetProperty("detail").GetString());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Second_application_with_the_full_width_form_of_the_same_address_is_a_conflict_on_email()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var first = await SubmitAsync(round, Json(Samples.ToRequest(Samples.EligibleProducer("Taro@Example.jp"))), Samples.Pdf());
        Assert.Equal(201, first.Status);

        var second = await SubmitAsync(round, Json(Samples.ToRequest(Samples.IneligibleEngineer("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"))), Samples.Pdf());

        Assert.Equal(409, second.Status);
        Assert.True(second.IsProblem);
        Assert.Equal(["email"], second.ErrorFields);
        var row = Assert.Single(await ApplicationRowsAsync());
        Assert.Equal(first.Json.GetProperty("applicationId").GetString(), row.RowKey);
        Assert.Equal("山田 太郎", row.GetString("FullName"));
        Assert.Single(await _storage.BlobNamesAsync());
    }

    [Fact]
    public async Task Unknown_round_is_not_found()
    {
        var request = await Requests.MultipartAsync("{}", Samples.Pdf());

        var answer = await Requests.ExecuteAsync(await Function(DuringWindow).Run(request, "R2025-00000000"), request);

        Assert.Equal(404, answer.Status);
        await AssertNothingStoredAsync();
    }
}
