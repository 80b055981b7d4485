using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Workflow.Demo;
using Workflow.Functions.Identity;
using Workflow.Functions.Http;

namespace Workflow.IntegrationTests.Concurrency;

/// <summary>One HTTP answer as the races record it: the status and the body, whatever they are.</summary>
internal sealed record RaceAnswer(int Status, JsonElement Body)
{
    public string? Title => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("title", out var t) ? t.GetString() : null;

    public string Text(string property) => Body.GetProperty(property).GetString()!;
}

/// <summary>
/// The actors of a round over plain HTTP, answering every status as it comes: the races need to see the 409s, not
/// have them thrown. Each call may carry an Idempotency-Key, as the pages send one per form.
/// </summary>
internal sealed class RaceClient(Uri baseUrl) : IDisposable
{
    public const string MunicipalityCode = "131016";

    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(120) };

    public static string Ministry => TestSignIn.Token(ActorRole.Ministry, subject: "race-ministry");

    public static string Operator(string roundId) => TestSignIn.Token(ActorRole.Operator, [roundId], subject: "race-operator");

    public static string Reviewer(string roundId, int n = 1) => TestSignIn.Token(ActorRole.Reviewer, [roundId], subject: ReviewerSubject(n));

    public static string ReviewerSubject(int n) => $"race-reviewer-{n}";

    public static string Municipality => TestSignIn.Token(ActorRole.Municipality, municipality: MunicipalityCode, subject: "race-municipality");

    public Task<RaceAnswer> PostAsync(string path, string? token, object? body = null, string? key = null) => SendAsync(HttpMethod.Post, path, token, body, key);

    public Task<RaceAnswer> PutAsync(string path, string? token, object body, string? key = null) => SendAsync(HttpMethod.Put, path, token, body, key);

    public Task<RaceAnswer> GetAsync(string path, string? token, string? applicantToken = null) => SendAsync(HttpMethod.Get, path, token, null, null, applicantToken);

    public Task<RaceAnswer> AsApplicantAsync(HttpMethod method, string path, string applicantToken, object? body = null) =>
        SendAsync(method, path, null, body, null, applicantToken);

    public async Task<RaceAnswer> SubmitAsync(string roundId, SyntheticApplicant applicant, string? key = null)
    {
        using var multipart = new MultipartFormDataContent();
        multipart.Add(new StringContent(JsonSerializer.Serialize(applicant.Form, Json.Options), Encoding.UTF8, "application/json"), "application");
        var resume = new ByteArrayContent(applicant.Resume);
        resume.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        multipart.Add(resume, "resume", applicant.ResumeFileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/rounds/{roundId}/applications") { Content = multipart };
        if (key is not null)
        {
            request.Headers.Add(IdempotencyKey.Header, key);
        }

        return await ReadAsync(request);
    }

    /// <summary>Polls the round until <paramref name="done"/> holds (the orchestration moves on its own time).</summary>
    public async Task<JsonElement> WaitForRoundAsync(string roundId, Func<JsonElement, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(120));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            var answer = await GetAsync($"api/rounds/{roundId}", Ministry);
            last = answer.Body;
            Assert.Equal(200, answer.Status);
            Assert.NotEqual("Failed", last.GetProperty("runtimeStatus").GetString());
            if (done(last))
            {
                return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Round {roundId} never reached {what}; last: {last}");
    }

    public Task<JsonElement> WaitForStateAsync(string roundId, string state, TimeSpan? within = null) =>
        WaitForRoundAsync(roundId, r => r.GetProperty("state").GetString() == state, state, within);

    private async Task<RaceAnswer> SendAsync(HttpMethod method, string path, string? token, object? body, string? key, string? applicantToken = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json.Options), Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.WithToken(token);
        }

        if (applicantToken is not null)
        {
            request.WithApplicantToken(applicantToken);
        }

        if (key is not null)
        {
            request.Headers.Add(IdempotencyKey.Header, key);
        }

        return await ReadAsync(request);
    }

    private async Task<RaceAnswer> ReadAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false)
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return new RaceAnswer((int)response.StatusCode, body);
    }

    public void Dispose() => _http.Dispose();
}
