using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Workflow.IntegrationTests.HostileInput;

/// <summary>
/// Who a request claims to be. Headers are made per request index, so that each staff token carries its own
/// subject ("hostile00042") and a business log row can be traced back to the request that wrote it.
/// </summary>
internal sealed record Credential(string Name, Func<int, IReadOnlyList<(string Name, string Value)>> Headers)
{
    public static Credential None { get; } = new("none", _ => []);

    public static string SubjectOf(int index) => $"hostile{index:D5}";

    public static Credential Raw(string name, params (string Name, string Value)[] headers) => new(name, _ => headers);

    public Credential Plus(string name, params (string Name, string Value)[] more) =>
        new($"{Name}+{name}", i => [.. Headers(i), .. more]);
}

/// <summary>A request body as bytes on the wire, with the Content-Type header exactly as given (or none).</summary>
internal sealed record Body(byte[] Bytes, string? ContentType, bool Chunked = false)
{
    public static Body Json(string text, string? contentType = "application/json; charset=utf-8") => new(Encoding.UTF8.GetBytes(text), contentType);

    public override string ToString() =>
        $"{ContentType ?? "(no Content-Type)"}{(Chunked ? ", chunked" : string.Empty)}, {Bytes.Length} bytes: {HostileText.Excerpt(Encoding.UTF8.GetString(Bytes, 0, Math.Min(Bytes.Length, 400)), 160)}";
}

/// <summary>One malformed or hostile request. <see cref="Expected"/>, when given, is the only acceptable set of statuses.</summary>
internal sealed record HostileRequest(
    int Index,
    string Route,
    string Mutation,
    string Method,
    string PathAndQuery,
    Credential Credential,
    Body? Body,
    IReadOnlyList<(string Name, string Value)> Headers,
    IReadOnlySet<int>? Expected)
{
    public string Describe() =>
        $"#{Index} {Route} [{Mutation}] {Method} {HostileText.Excerpt(PathAndQuery, 200)} credential={Credential.Name}" +
        (Headers.Count > 0 ? " headers=" + string.Join("; ", Headers.Select(h => $"{h.Name}: {HostileText.Excerpt(h.Value, 60)}")) : string.Empty) +
        (Body is null ? string.Empty : $" body={Body}");
}

internal sealed record HostileAnswer(HostileRequest Request, int Status, string? MediaType, string Body, string? TransportError, TimeSpan Elapsed);

/// <summary>Sends requests byte for byte as built: no path canonicalization, no header validation, no redirects.</summary>
internal sealed class HostileSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    public HostileSender(Uri baseUrl)
    {
        _baseUrl = baseUrl;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,

            // Non-ASCII header values (Idempotency-Key, tokens) go out as UTF-8 instead of being refused by the client.
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task<HostileAnswer> SendAsync(HostileRequest request, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var uri = new Uri(_baseUrl.GetLeftPart(UriPartial.Authority) + request.PathAndQuery,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        try
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
            foreach (var (name, value) in request.Credential.Headers(request.Index).Concat(request.Headers))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            if (request.Body is { } body)
            {
                HttpContent content = body.Chunked ? new UnknownLengthContent(body.Bytes) : new ByteArrayContent(body.Bytes);
                if (body.ContentType is not null)
                {
                    content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
                }

                message.Content = content;
            }

            using var response = await _http.SendAsync(message, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return new HostileAnswer(request, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, null, watch.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return new HostileAnswer(request, 0, null, string.Empty, $"{e.GetType().Name}: {e.Message} {e.InnerException?.Message}", watch.Elapsed);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A body whose length the client does not know, so it goes out chunked without Content-Length.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes, 0, bytes.Length);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

internal static class HostileText
{
    /// <summary>A one-line excerpt with control and invisible characters shown as escapes, so reports stay readable.</summary>
    public static string Excerpt(string text, int max)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            builder.Append(char.IsControl(c) || c is >= '\u200B' and <= '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\uFEFF'
                || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return text.Length > max ? builder + $"…(+{text.Length - max})" : builder.ToString();
    }
}
