using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Workflow.Functions.Http;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Http;

/// <summary>The same Idempotency-Key with the same request creates once and answers the same; nothing else is kept.</summary>
[Collection("Azurite")]
public sealed class IdempotentRequestsTests
{
    private const string Secret = "apt.R2025-abcdef12_00_0123456789abcdef0123.the-secret-part-of-the-answer";
    private readonly TestStorage _storage = new();

    private IdempotentRequests Requests_() => new(_storage.Storage, new FixedClock(Samples.Now));

    private static HttpRequest Post(string body, string? key)
    {
        var request = Requests.Json("POST", null, body);
        if (key is not null)
        {
            request.Headers[IdempotencyKey.Header] = key;
        }

        return request;
    }

    [Fact]
    public async Task The_same_key_and_body_run_the_handler_once_and_replay_its_answer()
    {
        var runs = 0;
        Task<IActionResult> Create()
        {
            runs++;
            return Task.FromResult<IActionResult>(ApiResults.Created("/api/things/1", new { id = runs, token = Secret }));
        }

        var first = Post("""{"name":"a"}""", "key-0001-abcdef");
        var answer1 = await Requests.ExecuteAsync(await Requests_().RunAsync(first, "scope", Create), first);
        var second = Post("""{"name":"a"}""", "key-0001-abcdef");
        var answer2 = await Requests.ExecuteAsync(await Requests_().RunAsync(second, "scope", Create), second);

        Assert.Equal(1, runs);
        Assert.Equal(201, answer2.Status);
        Assert.Equal(answer1.Body, answer2.Body);
        Assert.Equal("/api/things/1", answer2.Headers.Location.ToString());
        Assert.Equal("true", answer2.Headers["Idempotent-Replayed"].ToString());

        // What is kept is sealed with the client's key: the answer's secret is not readable in storage.
        var row = Assert.Single(await _storage.RowsAsync(Storage.Tables.Idempotency));
        Assert.DoesNotContain(row, p => p.Value is string s && s.Contains("the-secret", StringComparison.Ordinal));
        Assert.DoesNotContain("the-secret", System.Text.Encoding.UTF8.GetString(row.GetBinary("Answer")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_for_what_has_since_been_removed_answers_its_gone_check_instead()
    {
        var exists = true;
        Task<IActionResult> Create() => Task.FromResult<IActionResult>(ApiResults.Created("/api/things/7", new { thingId = "7", token = Secret }));
        Task<JsonBodyResult?> Gone(System.Text.Json.JsonElement stored, CancellationToken _) =>
            Task.FromResult(exists || stored.GetProperty("thingId").GetString() != "7" ? null : ApiResults.Gone("削除されました。"));

        var first = Post("""{"name":"a"}""", "key-0004-abcdef");
        Assert.Equal(201, (await Requests.ExecuteAsync(await Requests_().RunAsync(first, "scope", Create, Gone), first)).Status);
        var whileThere = Post("""{"name":"a"}""", "key-0004-abcdef");
        Assert.Equal(201, (await Requests.ExecuteAsync(await Requests_().RunAsync(whileThere, "scope", Create, Gone), whileThere)).Status);

        exists = false;
        var afterRemoval = Post("""{"name":"a"}""", "key-0004-abcdef");
        var answer = await Requests.ExecuteAsync(await Requests_().RunAsync(afterRemoval, "scope", () => throw new InvalidOperationException("must not run"), Gone), afterRemoval);

        Assert.Equal(410, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.DoesNotContain("the-secret", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused()
    {
        Task<IActionResult> Create() => Task.FromResult<IActionResult>(ApiResults.Created("/api/things/1", new { id = 1 }));
        var first = Post("""{"name":"a"}""", "key-0002-abcdef");
        await Requests.ExecuteAsync(await Requests_().RunAsync(first, "scope", Create), first);

        var changed = Post("""{"name":"b"}""", "key-0002-abcdef");
        var answer = await Requests.ExecuteAsync(await Requests_().RunAsync(changed, "scope", Create), changed);

        Assert.Equal(422, answer.Status);
        Assert.True(answer.IsProblem);
    }

    [Fact]
    public async Task A_refused_request_leaves_nothing_and_may_be_corrected_under_the_same_key()
    {
        var runs = 0;
        Task<IActionResult> Refuse()
        {
            runs++;
            return Task.FromResult<IActionResult>(ApiResults.Validation([new Domain.Applications.FieldError("name", "名前を入力してください。")]));
        }

        var request = Post("""{"name":""}""", "key-0003-abcdef");
        var answer = await Requests.ExecuteAsync(await Requests_().RunAsync(request, "scope", Refuse), request);
        var again = Post("""{"name":""}""", "key-0003-abcdef");
        await Requests.ExecuteAsync(await Requests_().RunAsync(again, "scope", Refuse), again);

        Assert.Equal(400, answer.Status);
        Assert.Equal(2, runs);
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Idempotency));
    }

    [Fact]
    public async Task Keys_are_scoped_so_two_callers_never_share_an_answer()
    {
        var runs = 0;
        Task<IActionResult> Create() => Task.FromResult<IActionResult>(ApiResults.Created("/x", new { id = ++runs }));
        var a = Post("{}", "shared-key-123");
        await Requests_().RunAsync(a, "ministry:alice", Create);
        var b = Post("{}", "shared-key-123");
        await Requests_().RunAsync(b, "ministry:bob", Create);

        Assert.Equal(2, runs);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("キー日本語のキーです")]
    [InlineData("has space in it")]
    public async Task Malformed_keys_are_refused_before_anything_runs(string key)
    {
        var request = Post("{}", key);
        var answer = await Requests.ExecuteAsync(await Requests_().RunAsync(request, "scope", () => throw new InvalidOperationException("must not run")), request);

        Assert.Equal(400, answer.Status);
        Assert.Equal([IdempotencyKey.Header], answer.ErrorFields);
    }

    [Fact]
    public async Task A_body_past_its_limit_is_refused_while_it_is_fingerprinted_and_nothing_is_kept()
    {
        var request = Requests.Request("POST");
        var body = new EndlessBody("{\"name\":\""u8.ToArray());
        request.Body = body;
        request.ContentType = "application/json";
        request.Headers[IdempotencyKey.Header] = "key-0005-abcdef";

        var answer = await Requests.ExecuteAsync(await Requests_().RunAsync(request, "scope", () => throw new InvalidOperationException("must not run")), request);

        Assert.Equal(413, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Equal(BodyLimits.Json + 1, body.BytesRead);
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Idempotency));
    }

    [Fact]
    public async Task A_form_past_the_routes_own_limit_is_refused_while_it_is_fingerprinted()
    {
        var request = Requests.Request("POST");
        var body = new EndlessBody("--x\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"r.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"u8.ToArray());
        request.Body = body;
        request.ContentType = "multipart/form-data; boundary=x";
        request.Headers[IdempotencyKey.Header] = "key-0006-abcdef";
        BodyLimits.Apply(request, nameof(Functions.Apply.SubmitApplication));

        var answer = await Requests.ExecuteAsync(await Requests_().RunAsync(request, "scope", () => throw new InvalidOperationException("must not run")), request);

        Assert.Equal(413, answer.Status);
        Assert.Equal(BodyLimits.For(nameof(Functions.Apply.SubmitApplication)).Detail, answer.Json.GetProperty("detail").GetString());
        Assert.Equal(BodyLimits.ApplicationForm + 1, body.BytesRead);
        Assert.Empty(await _storage.RowsAsync(Storage.Tables.Idempotency));
    }
}
