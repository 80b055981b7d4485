using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Pages;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Http;

/// <summary>One table of body limits; every reader of a body stops at its route's limit and answers 413.</summary>
public sealed class BodyLimitsTests
{
    [Fact]
    public void Routes_not_listed_take_the_default_and_the_hosts_ceiling_is_the_largest_limit()
    {
        Assert.Equal(BodyLimits.Default, BodyLimits.For("CreateRound"));
        Assert.Equal(256 * 1024, BodyLimits.Default.Bytes);
        Assert.Equal(BodyLimits.ApplicationForm, BodyLimits.For(nameof(SubmitApplication)).Bytes);
        Assert.Equal(BodyLimits.Routes.Values.Max(l => l.Bytes), BodyLimits.Largest);
        Assert.True(BodyLimits.For(nameof(SubmitApplication)).Bytes > Domain.Applications.ResumeRules.MaxBytes + BodyLimits.Json);
    }

    [Fact]
    public void Every_listed_route_is_an_http_trigger_of_the_app()
    {
        var triggers = typeof(BodyLimits).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name)
            .ToHashSet();

        Assert.All(BodyLimits.Routes.Keys, name => Assert.Contains(name, triggers));
    }

    [Fact]
    public void The_first_limit_applied_to_a_request_stays_and_tells_the_server()
    {
        var request = Requests.Request("POST");
        var server = new ServerLimit();
        request.HttpContext.Features.Set<IHttpMaxRequestBodySizeFeature>(server);

        var applied = BodyLimits.Apply(request, nameof(SubmitApplication));
        var again = BodyLimits.Ensure(request);

        Assert.Equal(BodyLimits.For(nameof(SubmitApplication)), applied);
        Assert.Equal(applied, again);
        Assert.Equal(applied, BodyLimits.Of(request));
        Assert.Equal(applied.Bytes + BodyLimits.ChunkFraming, server.MaxRequestBodySize);
        var body = Assert.IsType<LimitedRequestBody>(request.Body);
        Assert.Equal(applied.Bytes, body.Limit);
    }

    [Fact]
    public void A_server_that_has_started_reading_keeps_its_own_limit_and_the_body_is_still_bounded()
    {
        var request = Requests.Request("POST");
        var server = new ServerLimit { IsReadOnly = true, MaxRequestBodySize = 30_000_000 };
        request.HttpContext.Features.Set<IHttpMaxRequestBodySizeFeature>(server);

        BodyLimits.Ensure(request);

        Assert.Equal(30_000_000, server.MaxRequestBodySize);
        Assert.Equal(BodyLimits.Default.Bytes, Assert.IsType<LimitedRequestBody>(request.Body).Limit);
    }

    [Fact]
    public async Task A_json_body_without_a_length_is_read_to_its_limit_and_no_further()
    {
        var request = Requests.Request("POST");
        var body = new EndlessBody("{\"email\":\""u8.ToArray());
        request.Body = body;
        request.ContentType = "application/json";

        var (value, error) = await RequestBody.ReadJsonAsync<TokenReissueRequest>(request);

        Assert.Null(value);
        var answer = await Requests.ExecuteAsync(error!, request);
        Assert.Equal(413, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Equal("送信内容が大きすぎます。", answer.Json.GetProperty("title").GetString());
        Assert.Equal("256KB以下にしてください。", answer.Json.GetProperty("detail").GetString());
        Assert.Equal(BodyLimits.Json + 1, body.BytesRead);
    }

    [Fact]
    public async Task A_json_body_declared_larger_than_its_limit_is_refused_unread()
    {
        var request = Requests.Json("POST", null, "{}");
        request.ContentLength = BodyLimits.Json + 1;
        var stream = request.Body;

        var (_, error) = await RequestBody.ReadJsonAsync<TokenReissueRequest>(request);

        Assert.Equal(413, error!.StatusCode);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task A_json_body_at_its_limit_is_read()
    {
        var json = "{\"email\":\"" + new string('a', BodyLimits.Json - 12) + "\"}";
        Assert.Equal(BodyLimits.Json, Encoding.UTF8.GetByteCount(json));
        var request = Requests.Json("POST", null, json);
        request.Headers.TransferEncoding = "chunked";
        request.ContentLength = null;

        var (value, error) = await RequestBody.ReadJsonAsync<TokenReissueRequest>(request);

        Assert.Null(error);
        Assert.Equal(BodyLimits.Json - 12, value!.Email!.Length);
    }

    [Fact]
    public async Task A_page_form_past_its_limit_is_no_form_and_known_to_be_too_large()
    {
        var request = Requests.Request("POST");
        var body = new EndlessBody("applicationId="u8.ToArray());
        request.Body = body;
        request.ContentType = "application/x-www-form-urlencoded";

        var form = await PageForms.TryReadAsync(request);

        Assert.Null(form);
        Assert.True(BodyLimits.WasExceeded(request));
        Assert.Equal(BodyLimits.Json + 1, body.BytesRead);
        var page = PageForms.TooLarge(request, "/applications/status");
        Assert.Equal(413, page.StatusCode);
        Assert.Contains("256KB以下にしてください。", page.Document.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_form_within_its_limit_is_not_taken_for_a_large_one()
    {
        var request = Requests.Json("POST", null, "--x\r\nbroken", "multipart/form-data; boundary=x");

        Assert.Null(await PageForms.TryReadAsync(request));
        Assert.False(BodyLimits.WasExceeded(request));
    }

    private sealed class ServerLimit : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly { get; init; }

        public long? MaxRequestBodySize { get; set; }
    }
}
