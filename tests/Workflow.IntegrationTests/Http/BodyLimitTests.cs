using System.Net;
using System.Text;
using System.Text.Json;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Pages.Public;
using Workflow.IntegrationTests.HostileInput;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests.Http;

/// <summary>
/// Bodies past a route's limit, chunked or declared, sent to the local host by an anonymous client: each is refused
/// with 413 while it is still being sent, so the host never waited for, nor held, the whole body. A body at the limit
/// is read (and refused for its content), so the limit is where it is said to be.
/// </summary>
/// <remarks>
/// Most cases use a client that reads the answer while it sends (<see cref="ListeningSender"/>). HttpClient does not:
/// the cases sent with it only check that the host stopped taking the body before the client had sent it all, and
/// answered 413 if the client got to read anything at all.
/// </remarks>
[Collection("Azurite")]
public sealed class BodyLimitTests(ITestOutputHelper output)
{
    private const long QaBody = 31 * 1024 * 1024;

    /// <summary>What the sockets between client and host hold beyond what the host read: the client's send buffer is set small.</summary>
    private const long SocketBuffers = 8 * 1024 * 1024;

    private const string Boundary = "----body-limit-test";

    private enum Expect { TooLargeProblem, TooLargePage, Read, StoppedMidway }

    private sealed record Case(string Name, string Path, long Limit, PaddedBody Body, Expect Expect, string? IdempotencyKey = null);

    [Fact]
    public async Task Bodies_past_a_route_limit_are_refused_with_413_before_the_client_has_sent_them()
    {
        await using var host = new LocalHostProcess(AzuriteFixture.NewPrefix());
        await host.StartAsync();
        var seeded = await SeededRound.CreateAsync(host.BaseUrl, 20_250_402);
        var json = BodyLimits.For(nameof(RequestApplicantTokenReissue)).Bytes;
        var form = BodyLimits.For(nameof(SubmitApplication)).Bytes;
        var pageForm = BodyLimits.For(nameof(SubmitApplicationForm)).Bytes;
        var reissue = $"api/rounds/{seeded.RoundId}/access-token-requests";
        var apply = $"api/rounds/{seeded.RoundId}/applications";
        var page = $"calls/{seeded.RoundId}/apply/submit";

        Case[] cases =
        [
            new("JSON, chunked, limit + 1", reissue, json, Json(json + 1, chunked: true), Expect.TooLargeProblem),
            new("JSON, chunked, 31 MB", reissue, json, Json(QaBody, chunked: true), Expect.TooLargeProblem),
            new("JSON, Content-Length 31 MB", reissue, json, Json(QaBody, chunked: false), Expect.TooLargeProblem),
            new("JSON, chunked, at the limit", reissue, json, Json(json, chunked: true), Expect.Read),
            new("multipart, chunked, limit + 1", apply, form, Form(form + 1, chunked: true), Expect.TooLargeProblem),
            new("multipart, chunked, 31 MB", apply, form, Form(QaBody, chunked: true), Expect.TooLargeProblem),
            new("multipart, Content-Length 31 MB", apply, form, Form(QaBody, chunked: false), Expect.TooLargeProblem),
            new("multipart with Idempotency-Key, chunked, 31 MB", apply, form, Form(QaBody, chunked: true), Expect.TooLargeProblem, "body-limit-test-0001"),
            new("multipart, chunked, at the limit", apply, form, Form(form, chunked: true), Expect.Read),
            new("application page, chunked, limit + 1", page, pageForm, Form(pageForm + 1, chunked: true), Expect.TooLargePage),
            new("application page, chunked, 31 MB", page, pageForm, Form(QaBody, chunked: true), Expect.TooLargePage),
            new("JSON, chunked, 31 MB, by HttpClient", reissue, json, Json(QaBody, chunked: true), Expect.StoppedMidway),
            new("multipart, chunked, 31 MB, by HttpClient", apply, form, Form(QaBody, chunked: true), Expect.StoppedMidway),
        ];

        var failures = new List<string>();
        foreach (var @case in cases)
        {
            var headers = @case.IdempotencyKey is null ? [] : new[] { (IdempotencyKey.Header, @case.IdempotencyKey) };
            var answer = @case.Expect == Expect.StoppedMidway
                ? await SendWithHttpClientAsync(host.BaseUrl, @case)
                : await ListeningSender.SendAsync(host.BaseUrl, @case.Path, @case.Body, headers);
            if (answer is null)
            {
                if (@case.Expect != Expect.StoppedMidway)
                {
                    failures.Add($"{@case.Name}: no answer");
                }

                continue;
            }

            output.WriteLine($"{@case.Name}: {answer.Status} {answer.MediaType} after {answer.SentWhenAnswered:N0} of {@case.Body.Size:N0} bytes");
            failures.AddRange(Check(@case, answer).Select(f => $"{@case.Name}: {f}"));
        }

        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        using var health = await http.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.DoesNotContain("Unhandled error", host.Output, StringComparison.Ordinal);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<string> Check(Case @case, ListeningAnswer answer)
    {
        var excerpt = answer.Body[..Math.Min(answer.Body.Length, 300)];
        if (@case.Expect == Expect.Read)
        {
            // At the limit the body is taken in whole and judged on its content: the padding is not a valid request.
            if (answer.Status != 400)
            {
                yield return $"expected 400 for a body at the limit, got {answer.Status}: {excerpt}";
            }

            yield break;
        }

        if (answer.Status != 413)
        {
            yield return $"expected 413, got {answer.Status}: {excerpt}";
            yield break;
        }

        // The rest of the body is never read, so the connection cannot carry another request: the answer must say so,
        // or a client that keeps connections alive sends its next request into a closing one.
        if (!string.Equals(answer.Connection, "close", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"413 without \"Connection: close\" (Connection: {answer.Connection ?? "none"})";
        }

        if (@case.Expect is Expect.TooLargeProblem or Expect.StoppedMidway)
        {
            if (answer.MediaType != "application/problem+json")
            {
                yield return $"413 as {answer.MediaType}, not application/problem+json";
            }
            else
            {
                var problem = JsonDocument.Parse(answer.Body).RootElement;
                if (problem.GetProperty("status").GetInt32() != 413 || problem.GetProperty("title").GetString() != BodyLimits.Title)
                {
                    yield return $"not the Japanese 413 problem: {answer.Body}";
                }
            }
        }
        else if (answer.MediaType != "text/html" || !answer.Body.Contains(BodyLimits.Title, StringComparison.Ordinal))
        {
            yield return $"413 as {answer.MediaType}, not the page saying {BodyLimits.Title}: {excerpt}";
        }

        // The host answered while the client was still sending, having taken no more than its limit and what the
        // sockets hold: it neither waited for the whole body nor held it.
        if (@case.Body.Size >= QaBody && answer.SentWhenAnswered >= Math.Min(@case.Body.Size, @case.Limit + SocketBuffers))
        {
            yield return $"answered only after {answer.SentWhenAnswered:N0} bytes were sent (limit {@case.Limit:N0})";
        }
    }

    /// <summary>
    /// HttpClient sends the whole body before it reads: it sees the answer only if the host let it finish, and otherwise
    /// the connection closing under it, which passes if it came before the body was all sent.
    /// </summary>
    private async Task<ListeningAnswer?> SendWithHttpClientAsync(Uri baseUrl, Case @case)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var content = new CountingContent(@case.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, @case.Path) { Content = content };
        try
        {
            using var response = await http.SendAsync(request);
            return new ListeningAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                await response.Content.ReadAsStringAsync(), content.Sent, response.Headers.ConnectionClose == true ? "close" : null);
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"{@case.Name}: connection closed after {content.Sent:N0} of {@case.Body.Size:N0} bytes ({e.InnerException?.Message ?? e.Message})");
            Assert.True(content.Sent < Math.Min(@case.Body.Size, @case.Limit + SocketBuffers), $"{@case.Name}: {content.Sent:N0} bytes were sent and no answer came");
            return null;
        }
    }

    /// <summary>{"email":"aaaa…"} of exactly <paramref name="size"/> bytes.</summary>
    private static PaddedBody Json(long size, bool chunked) =>
        new(Encoding.UTF8.GetBytes("{\"email\":\""), size, "\"}"u8.ToArray(), "application/json", chunked);

    /// <summary>The API's multipart of exactly <paramref name="size"/> bytes: an application that is not valid and a "PDF" padded to fill it.</summary>
    private static PaddedBody Form(long size, bool chunked)
    {
        var head = Encoding.UTF8.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"application\"\r\nContent-Type: application/json\r\n\r\n{{}}\r\n" +
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"resume.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n");
        return new PaddedBody(head, size, Encoding.UTF8.GetBytes($"\r\n--{Boundary}--\r\n"), $"multipart/form-data; boundary={Boundary}", chunked);
    }

    /// <summary>A <see cref="PaddedBody"/> for HttpClient, chunked unless declared, counting what it has handed over.</summary>
    private sealed class CountingContent : HttpContent
    {
        private readonly PaddedBody _body;
        private long _sent;

        public CountingContent(PaddedBody body)
        {
            _body = body;
            Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
        }

        public long Sent => Interlocked.Read(ref _sent);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            _body.WriteAsync(async bytes =>
            {
                await stream.WriteAsync(bytes);
                Interlocked.Add(ref _sent, bytes.Length);
            });

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Size;
            return !_body.Chunked;
        }
    }
}
