using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Domain.Applications;
using Workflow.Domain.Privacy;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Rounds;
using Workflow.Functions.Notifications;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Apply;

/// <summary>③応募: nothing is stored unless the whole submission is valid, the window is open and the address is new.</summary>
[Collection("Azurite")]
public sealed class SubmitApplicationTests
{
    private readonly TestStorage _storage = new();

    /// <summary>Inside the window of <see cref="Samples.Schedule"/> (opens day 2, closes day 10).</summary>
    private static readonly DateTimeOffset DuringWindow = Samples.Now.AddDays(5);

    private SubmitApplication Function(DateTimeOffset now) => new(
        new RoundStore(_storage.Storage), Standards.For(_storage.Storage), new ApplicationStore(_storage.Storage), new NotificationStore(_storage.Storage),
        new BusinessLog(_storage.Storage), new FixedClock(now),
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
        return Described(await Requests.ExecuteAsync(await Function(now ?? DuringWindow).Run(request, round.RoundId), request));
    }

    private async Task<HttpAnswer> SubmitWithKeyAsync(RoundRecord round, ApplicationForm form, string key, DateTimeOffset? now = null, byte[]? resume = null)
    {
        var request = await KeyedRequestAsync(form, key, resume);
        return Described(await Requests.ExecuteAsync(await Function(now ?? DuringWindow).Run(request, round.RoundId), request));
    }

    /// <summary>Every answer here, receipt or problem, is also checked against the OpenAPI document.</summary>
    private static HttpAnswer Described(HttpAnswer answer)
    {
        OpenApiAnswers.AssertMatches(nameof(SubmitApplication), answer);
        return answer;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpRequest> KeyedRequestAsync(ApplicationForm form, string key, byte[]? resume = null)
    {
        var request = await Requests.MultipartAsync(Json(Samples.ToRequest(form)), resume ?? Samples.Pdf());
        request.Headers[IdempotencyKey.Header] = key;
        return request;
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
    public async Task The_same_key_twice_stores_one_application_and_answers_the_same_receipt_without_an_idempotency_table()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var form = Samples.EligibleProducer("taro@example.jp");

        var first = await SubmitWithKeyAsync(round, form, "form-key-0001");
        var again = await SubmitWithKeyAsync(round, form, "form-key-0001");

        Assert.Equal(201, first.Status);
        Assert.Equal(201, again.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(first.Headers.Location.ToString(), again.Headers.Location.ToString());
        Assert.Equal("true", again.Headers["Idempotent-Replayed"].ToString());
        Assert.Single(await ApplicationRowsAsync());
        Assert.Single(await _storage.BlobNamesAsync());

        // The key is kept with the application, in its transaction: no separate pending or completed rows.
        Assert.False(await _storage.TableExistsAsync(Storage.Tables.Idempotency));

        // What is kept of the key holds the token sealed: it is readable nowhere in storage.
        var token = first.Json.GetProperty("accessToken").GetString()!;
        var rows = await _storage.RowsAsync(Storage.Tables.Applications);
        Assert.DoesNotContain(rows, r => r.Any(p => p.Value is string text && text.Contains(token[^43..], StringComparison.Ordinal)));
        Assert.DoesNotContain(rows, r => r.Any(p => p.Value is byte[] bytes && System.Text.Encoding.UTF8.GetString(bytes).Contains(token[^43..], StringComparison.Ordinal)));
        var logged = (await new BusinessLog(_storage.Storage).ReadAsync(round.RoundId, 100, null)).Entries;
        Assert.Equal("ApplicationSubmitted", Assert.Single(logged).Action);

        // One receipt notice, and one mail queued for it; the notice has no access key (its mail: ReceiptMailTests).
        var applicationId = first.Json.GetProperty("applicationId").GetString()!;
        var receipt = Assert.Single(await new NotificationStore(_storage.Storage).ForApplicantAsync(applicationId));
        Assert.Equal((SubmitApplication.ReceiptKind, "応募受付のお知らせ"), (receipt.Kind, receipt.Title));
        Assert.Contains($"受付番号: {applicationId}", receipt.Body);
        Assert.Contains(round.Title, receipt.Body);
        Assert.DoesNotContain("apt.", receipt.Body);
        Assert.Single(await _storage.RowsAsync(Storage.Tables.Outbox), r => r.PartitionKey == "queued");
    }

    [Fact]
    public async Task A_retry_after_the_transaction_committed_but_the_answer_was_lost_gets_the_first_receipt()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var form = Samples.EligibleProducer("lost.answer@example.jp");

        // The first try: its transaction committed, then its process died before answering (nor logging).
        var lost = await KeyedRequestAsync(form, "lost-answer-key-1");
        var key = IdempotencyKey.From("lost-answer-key-1", SubmitApplication.KeyScope(round.RoundId)).Key!;
        using var pdf = new MemoryStream(Samples.Pdf());
        var stored = await new ApplicationStore(_storage.Storage).SubmitAsync(round.RoundId, form, pdf, DuringWindow,
            new SubmissionKey(key, await IdempotencyKey.FingerprintAsync(lost, CancellationToken.None)));
        Assert.Equal(SubmitOutcome.Accepted, stored.Outcome);

        // The retry, later, with the same key and body.
        var retry = await SubmitWithKeyAsync(round, form, "lost-answer-key-1", DuringWindow.AddMinutes(3));

        Assert.Equal(201, retry.Status);
        Assert.Equal(stored.ApplicationId, retry.Json.GetProperty("applicationId").GetString());
        Assert.Equal(stored.AccessToken, retry.Json.GetProperty("accessToken").GetString());
        Assert.Equal(DuringWindow, retry.Json.GetProperty("submittedAt").GetDateTimeOffset());
        Assert.Single(await ApplicationRowsAsync());
        Assert.Equal([ApplicationStore.ResumeBlobName(stored.ApplicationId!)], await _storage.BlobNamesAsync());

        // The log line the first try never wrote is written by the retry, once.
        var entries = (await new BusinessLog(_storage.Storage).ReadAsync(round.RoundId, 100, null)).Entries;
        Assert.Equal(stored.ApplicationId, Assert.Single(entries, e => e.Action == "ApplicationSubmitted").Subject);
        Assert.Equal(DuringWindow, Assert.Single(entries).At);

        // And the receipt notice the first try never wrote, dated when the application was stored.
        var receipt = Assert.Single(await new NotificationStore(_storage.Storage).ForApplicantAsync(stored.ApplicationId!));
        Assert.Equal((SubmitApplication.ReceiptKind, DuringWindow), (receipt.Kind, receipt.CreatedAt));
    }

    [Fact]
    public async Task Two_tries_with_the_same_key_at_once_store_one_application_and_both_get_its_receipt()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var form = Samples.EligibleProducer("double.click@example.jp");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SubmitWithKeyAsync(round, form, "double-click-key-1")));

        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.Single(answers.Select(a => a.Json.GetProperty("accessToken").GetString()).Distinct());
        Assert.Single(await ApplicationRowsAsync());
        Assert.Single(await _storage.BlobNamesAsync());
    }

    [Fact]
    public async Task The_same_key_with_another_content_is_refused_and_another_key_for_the_same_address_is_a_duplicate()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var form = Samples.EligibleProducer("taro@example.jp");
        Assert.Equal(201, (await SubmitWithKeyAsync(round, form, "content-key-0001")).Status);

        var changed = await SubmitWithKeyAsync(round, form with { Phone = "03-9999-9999" }, "content-key-0001");
        var otherKey = await SubmitWithKeyAsync(round, form, "content-key-0002");

        Assert.Equal(422, changed.Status);
        Assert.True(changed.IsProblem);
        Assert.Equal(409, otherKey.Status);
        Assert.Equal(["email"], otherKey.ErrorFields);
        Assert.Single(await ApplicationRowsAsync());
        Assert.Single(await _storage.BlobNamesAsync());
    }

    [Fact]
    public async Task A_retry_after_the_window_closed_still_gets_the_receipt_of_what_was_stored_before()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var form = Samples.EligibleProducer("late.retry@example.jp");
        var first = await SubmitWithKeyAsync(round, form, "late-retry-key-01", round.Schedule.ApplicationClosesAt.AddMinutes(-1));

        var afterClose = await SubmitWithKeyAsync(round, form, "late-retry-key-01", round.Schedule.ApplicationClosesAt.AddMinutes(1));
        var newcomer = await SubmitWithKeyAsync(round, Samples.EligibleProducer("newcomer@example.jp"), "late-retry-key-02", round.Schedule.ApplicationClosesAt.AddMinutes(1));

        Assert.Equal(201, afterClose.Status);
        Assert.Equal(first.Body, afterClose.Body);
        Assert.Equal(409, newcomer.Status);
        Assert.Equal("応募期間外です。", newcomer.Json.GetProperty("title").GetString());
        Assert.Single(await ApplicationRowsAsync());
    }

    [Fact]
    public async Task A_key_is_answered_again_for_a_day_only()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var form = Samples.EligibleProducer("taro@example.jp");
        Assert.Equal(201, (await SubmitWithKeyAsync(round, form, "day-old-key-0001", Samples.Now.AddDays(3))).Status);

        var nextDay = await SubmitWithKeyAsync(round, form, "day-old-key-0001", Samples.Now.AddDays(3) + IdempotencyKey.Retention);

        Assert.Equal(409, nextDay.Status);
        Assert.Equal(["email"], nextDay.ErrorFields);
    }

    [Fact]
    public async Task A_replay_after_withdrawal_or_erasure_answers_410_and_never_the_old_receipt()
    {
        var round = await StoredRoundAsync(RoundState.AcceptingApplications);
        var store = new ApplicationStore(_storage.Storage);
        var withdrawn = Samples.EligibleProducer("withdrawn@example.jp");
        var erased = Samples.EligibleProducer("erased@example.jp");
        var first = await SubmitWithKeyAsync(round, withdrawn, "withdraw-key-0001");
        var second = await SubmitWithKeyAsync(round, erased, "erasure-key-00001");
        await store.EraseAsync((await store.GetAsync(first.Json.GetProperty("applicationId").GetString()!))!, ErasureReason.WithdrawnByApplicant, DuringWindow);
        await store.EraseAsync((await store.GetAsync(second.Json.GetProperty("applicationId").GetString()!))!, ErasureReason.RetentionPeriodEnded, DuringWindow);

        var afterWithdrawal = await SubmitWithKeyAsync(round, withdrawn, "withdraw-key-0001");
        var afterErasure = await SubmitWithKeyAsync(round, erased, "erasure-key-00001");

        Assert.Equal(410, afterWithdrawal.Status);
        Assert.True(afterWithdrawal.IsProblem);
        Assert.Equal("この応募は取り下げられました。", afterWithdrawal.Json.GetProperty("title").GetString());
        Assert.DoesNotContain(first.Json.GetProperty("accessToken").GetString()!, afterWithdrawal.Body, StringComparison.Ordinal);
        Assert.Equal(410, afterErasure.Status);
        Assert.Equal("この応募は削除されました。", afterErasure.Json.GetProperty("title").GetString());
        Assert.Empty(await ApplicationRowsAsync());

        // What stays of each key: its hash, why it went and when; nothing of the person, not even a hash of the address.
        var kept = await _storage.RowsAsync(Storage.Tables.Applications);
        Assert.Equal(2, kept.Count);
        Assert.All(kept, r => Assert.StartsWith("~submission-", r.RowKey, StringComparison.Ordinal));
        Assert.All(kept, r => Assert.Equal(["At", "Gone"], r.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).Order()));

        // Another key for the same address is a new application: the address is free again.
        Assert.Equal(201, (await SubmitWithKeyAsync(round, withdrawn, "withdraw-key-0002")).Status);
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
