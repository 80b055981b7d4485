using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Workflow.Domain.Applications;
using Workflow.Functions.Apply;
using Workflow.Functions.Commission;
using Workflow.Functions.Pages.Public;
using Workflow.Functions.Publish;

namespace Workflow.Functions.Http;

/// <summary>How much of a body one route takes, and what a sender of more is told (in Japanese).</summary>
public sealed record BodyLimit(long Bytes, string Detail);

/// <summary>
/// Every route's body limit, in one table keyed by function name: JSON bodies and the pages' small forms take the
/// default; the application form, the contract and the municipality CSV are listed with more. The limit holds while
/// the body streams in, with a Content-Length or chunked, so that no sender makes the host take in more than its
/// route's limit before it answers 413. The same code runs under the Functions host and the local host: triggers
/// and the helpers that read bodies apply it themselves, and the hosts' own ceilings (<see cref="Largest"/>) are
/// only a backstop.
/// </summary>
public static class BodyLimits
{
    public const int Json = 256 * 1024;

    /// <summary>The résumé, the application as JSON and the multipart framing around them.</summary>
    public const long ApplicationForm = ResumeRules.MaxBytes + Json + 64 * 1024;

    public const long Contract = ResumeRules.MaxBytes;

    public const long MunicipalityCsv = 2 * 1024 * 1024;

    public const string Title = "送信内容が大きすぎます。";

    public static BodyLimit Default { get; } = new(Json, "256KB以下にしてください。");

    public static IReadOnlyDictionary<string, BodyLimit> Routes { get; } = new Dictionary<string, BodyLimit>(StringComparer.Ordinal)
    {
        [nameof(SubmitApplication)] = new(ApplicationForm, "職務経歴書(PDF)は10MB以下にしてください。"),
        [nameof(SubmitApplicationForm)] = new(ApplicationForm, "職務経歴書(PDF)は10MB以下にしてください。"),
        [nameof(UploadContract)] = new(Contract, "契約書(PDF)は10MB以下にしてください。"),
        [nameof(ReplaceResume)] = new(Contract, "職務経歴書(PDF)は10MB以下にしてください。"),
        [nameof(ReplaceResumePage)] = new(ApplicationForm, "職務経歴書(PDF)は10MB以下にしてください。"),
        [nameof(ImportMunicipalities)] = new(MunicipalityCsv, "団体の一覧のファイルは2MB以下にしてください。"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Kestrel counts a chunked body's framing (each chunk's size line) as body bytes; its limits get this much more
    /// than ours, so that a chunked body at a route's limit is still read. A client sending chunks of under a few
    /// hundred bytes meets Kestrel's 413 a little before ours: it is refused all the same.
    /// </summary>
    public const long ChunkFraming = 64 * 1024;

    /// <summary>The most any route takes: form reading is bounded by it, Kestrel by it and <see cref="ChunkFraming"/>.</summary>
    public static long Largest { get; } = Routes.Values.Select(l => l.Bytes).Append(Default.Bytes).Max();

    public static BodyLimit For(string function) => Routes.GetValueOrDefault(function, Default);

    /// <summary>
    /// Bounds the request's body by the function's limit; call it before anything reads the body. The first limit
    /// applied to a request stays, so that a trigger's own limit holds when the helpers it calls apply theirs.
    /// </summary>
    public static BodyLimit Apply(HttpRequest request, string function) => Apply(request, For(function));

    /// <summary>What every reader of a body calls first: the limit the trigger applied, or else the default.</summary>
    public static BodyLimit Ensure(HttpRequest request) => Apply(request, Default);

    /// <summary>Whether this exception means the body passed its limit (ours or the server's).</summary>
    public static bool IsTooLarge(Exception e) => e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };

    /// <summary>Whether reading this request's body stopped at its limit: a page's form reader sees only "no form".</summary>
    public static bool WasExceeded(HttpRequest request) => request.HttpContext.Features.Get<AppliedBodyLimit>()?.Exceeded == true;

    /// <summary>The limit applied to this request; the default before any was.</summary>
    public static BodyLimit Of(HttpRequest request) => request.HttpContext.Features.Get<AppliedBodyLimit>()?.Limit ?? Default;

    public static JsonBodyResult TooLarge(HttpRequest request) => TooLarge(Of(request));

    public static JsonBodyResult TooLarge(BodyLimit limit) => ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, Title, limit.Detail);

    private static BodyLimit Apply(HttpRequest request, BodyLimit limit)
    {
        var features = request.HttpContext.Features;
        if (features.Get<AppliedBodyLimit>() is { } applied)
        {
            return applied.Limit;
        }

        var state = new AppliedBodyLimit(limit);
        features.Set(state);

        // Where the server is Kestrel (the local host, the worker behind the Functions host), it then also stops
        // taking in the rest of a refused body near this limit instead of its own, and closes the connection.
        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = limit.Bytes + ChunkFraming;
        }

        request.Body = new LimitedRequestBody(request.Body, limit.Bytes, request.ContentLength, () => state.Exceeded = true);

        // A body refused as too large is not read to its end, so the server cannot take the connection's next request
        // and closes it after the answer. Unless the answer says so, a client that keeps connections alive sends its
        // next request down the closing one and gets no answer at all (HttpClient: "the response ended prematurely",
        // seen under the hostile-input test's concurrent clients).
        var response = request.HttpContext.Response;
        response.OnStarting(() =>
        {
            if (state.Exceeded || response.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                response.Headers.Connection = "close";
            }

            return Task.CompletedTask;
        });
        return limit;
    }

    /// <summary>The limit a request got, as a feature of its context, so that every reader of the body finds it.</summary>
    private sealed class AppliedBodyLimit(BodyLimit limit)
    {
        public BodyLimit Limit { get; } = limit;

        public bool Exceeded { get; set; }
    }
}
