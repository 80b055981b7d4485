using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using WorkflowApi;
using System.Text.Json;
using System.Text;
using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;

namespace Workflow.Demo;

/// <summary>An HTTP answer the demo did not expect; the message carries the problem+json body.</summary>
public sealed class ApiException(string message, int status, string? body) : Exception(message)
{
    public int Status { get; } = status;

    public string? Body { get; } = body;
}

/// <summary>The round did not get where the demo needed it to be (timeout, cancellation, empty roster …).</summary>
public sealed class DemoFailedException(string message) : Exception(message);

/// <summary>One raw answer, for calls where a 4xx is the expected outcome.</summary>
public sealed record ApiResponse(string Method, string Path, int Status, string? MediaType, string Body)
{
    public bool IsProblem => string.Equals(MediaType, "application/problem+json", StringComparison.OrdinalIgnoreCase);

    public WorkflowApi.Models.Problem? Problem() => IsProblem ? TryReadModel(WorkflowApi.Models.Problem.CreateFromDiscriminatorValue) : null;

    /// <summary>The body as a model of the generated client, read by its own JSON reader.</summary>
    public T ReadModel<T>(ParsableFactory<T> factory)
        where T : IParsable =>
        TryReadModel(factory) ?? throw new ApiException($"{Method} {Path} answered {Status} with a body that is not the expected JSON:{Environment.NewLine}{Body}", Status, Body);

    private T? TryReadModel<T>(ParsableFactory<T> factory)
        where T : IParsable
    {
        try
        {
            // A clone outlives the document: Kiota reads free-form members (a problem's field messages) lazily.
            using var document = JsonDocument.Parse(Body);
            return new Microsoft.Kiota.Serialization.Json.JsonParseNode(document.RootElement.Clone()).GetObjectValue(factory);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public ApiException Unexpected(params int[] expected) => new(
        $"{Method} {Path} answered {Status}{(MediaType is null ? string.Empty : $" ({MediaType})")}, expected {string.Join(" or ", expected)}.{Environment.NewLine}{Pretty(Body)}",
        Status,
        Body);

    /// <summary>Re-indents JSON so that a problem's Japanese field messages are readable on the console.</summary>
    public static string Pretty(string body)
    {
        if (body.Length == 0)
        {
            return "(empty body)";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return JsonSerializer.Serialize(document.RootElement, DemoJson.Indented);
        }
        catch (JsonException)
        {
            return body;
        }
    }
}

/// <summary>
/// The API as its actors use it. Each actor gets its own typed view so that the driver reads like the seed's
/// story (the ministry creates, the operator accepts …) and each call carries the token of the actor making it.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _api;
    private readonly Uri _root;
    private readonly SemaphoreSlim _signInLock = new(1, 1);
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _rounds = new(StringComparer.Ordinal);

    /// <param name="baseUrl">The host, e.g. http://127.0.0.1:7071; "/api/" is added unless already there.</param>
    /// <param name="handler">Lets an in-process test route calls to a test server; not disposed here.</param>
    public ApiClient(Uri baseUrl, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl.AbsoluteUri : baseUrl.AbsoluteUri + "/";
        _api = new Uri(root.EndsWith("/api/", StringComparison.OrdinalIgnoreCase) ? root : root + "api/");
        _root = new Uri(_api, "../");
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = TimeSpan.FromSeconds(60);

        // The client generated from the API's OpenAPI document (obj/ApiClient, see Workflow.Demo.csproj). It sends
        // through the same HttpClient, with none of Kiota's own retry or redirect handlers: the demo decides what is
        // sent again, and when.
        Generated = new WorkflowApiClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: _http)
        {
            BaseUrl = _root.AbsoluteUri.TrimEnd('/'),
        });
        Public = new PublicApi(this);
        Ministry = new MinistryApi(this);
        Operator = new OperatorApi(this);
        Applicant = new ApplicantApi(this);
        Auditor = new AuditorApi(this);
    }

    public Uri ApiRoot => _api;

    /// <summary>The generated client; calls go through <see cref="CallAsync{T}"/> so that a problem reads as before.</summary>
    internal WorkflowApiClient Generated { get; }

    /// <summary>
    /// The request's headers for <paramref name="actor"/> (a staff bearer token; none for anyone), with an
    /// Idempotency-Key when given, and its query parameters.
    /// </summary>
    internal async Task<Action<RequestConfiguration<TQuery>>> AsAsync<TQuery>(string? actor, CancellationToken cancellationToken,
        string? idempotencyKey = null, Action<TQuery>? query = null, string? applicantToken = null, string? contentType = null)
        where TQuery : class, new()
    {
        var token = actor is null ? null : await SignInAsync(actor, cancellationToken);
        return configuration =>
        {
            if (token is not null)
            {
                configuration.Headers.Add("Authorization", "Bearer " + token);
            }

            if (applicantToken is not null)
            {
                configuration.Headers.Add("X-Applicant-Token", applicantToken);
            }

            // A body of several media types (the registry's CSV or workbook): the generated builder only fills in the
            // content type when none is set.
            if (contentType is not null)
            {
                configuration.Headers.Add("Content-Type", contentType);
            }

            if (idempotencyKey is not null)
            {
                configuration.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            query?.Invoke(configuration.QueryParameters);
        };
    }

    /// <summary>
    /// One call through the generated client: a problem (4xx, application/problem+json) or any other error answer
    /// becomes the demo's <see cref="ApiException"/> with the problem's Japanese title, detail and field messages.
    /// </summary>
    internal static async Task<T> CallAsync<T>(string method, string path, Func<Task<T?>> call)
        where T : class
    {
        try
        {
            return await call() ?? throw new ApiException($"{method} /api/{path} answered with no body.", 200, null);
        }
        catch (WorkflowApi.Models.Problem problem)
        {
            var body = System.Text.Json.JsonSerializer.Serialize(
                new { problem.Type, problem.Title, problem.Status, problem.Detail, Errors = Messages(problem) }, DemoJson.Indented);
            throw new ApiException($"{method} /api/{path} answered {problem.ResponseStatusCode} (application/problem+json).{Environment.NewLine}{body}",
                problem.ResponseStatusCode, body);
        }
        catch (Microsoft.Kiota.Abstractions.ApiException error) when (error is not WorkflowApi.Models.Problem)
        {
            throw new ApiException($"{method} /api/{path} answered {error.ResponseStatusCode}: {error.Message}", error.ResponseStatusCode, null);
        }
    }

    /// <summary>
    /// A value of the generated client's free-form members (a map's values, a problem's field messages) as text:
    /// Kiota reads what the document does not type as untyped nodes.
    /// </summary>
    public static string Text(object? value) => value switch
    {
        null => string.Empty,
        UntypedString s => s.GetValue() ?? string.Empty,
        UntypedArray a => string.Join(" ", a.GetValue().Select(Text)),
        UntypedInteger i => i.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedLong l => l.GetValue().ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>A problem's field messages, field by field.</summary>
    public static Dictionary<string, string[]> Messages(WorkflowApi.Models.Problem? problem) =>
        (problem?.Errors?.AdditionalData ?? new Dictionary<string, object>()).ToDictionary(
            e => e.Key, e => e.Value is UntypedArray a ? a.GetValue().Select(Text).ToArray() : [Text(e.Value)], StringComparer.Ordinal);

    /// <summary>A map of counts (mail per delivery state, waits not on people) as names to counts.</summary>
    public static Dictionary<string, int> Counts(IAdditionalDataHolder? map) =>
        (map?.AdditionalData ?? new Dictionary<string, object>()).ToDictionary(kv => kv.Key, kv => Count(kv.Value), StringComparer.Ordinal);

    /// <summary>A count in a map of counts (the document types the map's values as integers).</summary>
    public static int Count(object? value) => value switch
    {
        UntypedInteger i => i.GetValue(),
        UntypedLong l => checked((int)l.GetValue()),
        UntypedDecimal d => (int)d.GetValue(),
        UntypedDouble d => (int)d.GetValue(),
        _ => Convert.ToInt32(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A value the API's document marks as always present; its absence is a broken answer, not a default.</summary>
    public static T Present<T>(T? value, string what)
        where T : struct =>
        value ?? throw new ApiException($"The API's answer has no {what}.", 200, null);

    public PublicApi Public { get; }

    public MinistryApi Ministry { get; }

    public OperatorApi Operator { get; }

    public ApplicantApi Applicant { get; }

    public AuditorApi Auditor { get; }

    public MunicipalityApi Municipality(string code) => new(this, code);

    /// <summary>The <paramref name="number"/>th member of the selection panel, each signed in as a person of their own.</summary>
    public ReviewerApi Reviewer(int number) => new(this, number);

    /// <summary>
    /// Operators and reviewers are signed in for the rounds the demo runs: once a round exists, their tokens are
    /// asked for again with it in scope.
    /// </summary>
    public void WorkOn(string roundId)
    {
        lock (_rounds)
        {
            if (_rounds.Add(roundId))
            {
                lock (_tokens)
                {
                    _tokens.Clear();
                }
            }
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _signInLock.Dispose();
    }

    /// <summary>
    /// A staff actor's bearer token from the local host's development issuer (POST /dev/token, the local host's and not
    /// the API's, so not in its document and sent raw), the local stand-in
    /// for Entra ID; "municipality:131016" names the municipality's code.
    /// </summary>
    internal async Task<string> SignInAsync(string actor, CancellationToken cancellationToken)
    {
        lock (_tokens)
        {
            if (_tokens.TryGetValue(actor, out var cached))
            {
                return cached;
            }
        }

        await _signInLock.WaitAsync(cancellationToken);
        try
        {
            string[] rounds;
            lock (_rounds)
            {
                rounds = [.. _rounds];
            }

            var role = actor.Split(':')[0];
            var municipality = role == "municipality" ? actor[(role.Length + 1)..] : null;
            var scoped = role is "operator" or "reviewer" ? rounds : [];
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_root, "dev/token"))
            {
                Content = Json(new { role, rounds = scoped, municipality, subject = SubjectOf(actor) }),
            };
            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ApiException($"POST /dev/token for {actor} answered {(int)response.StatusCode}: the host has no development sign-in.{Environment.NewLine}{body}",
                    (int)response.StatusCode, body);
            }

            var token = JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
            lock (_tokens)
            {
                _tokens[actor] = token;
            }

            return token;
        }
        finally
        {
            _signInLock.Release();
        }
    }

    /// <summary>"reviewer:2" signs in as the second reviewer; everyone else is one person per role.</summary>
    internal static string SubjectOf(string actor) =>
        actor.StartsWith("reviewer:", StringComparison.Ordinal) ? $"demo-reviewer-{actor["reviewer:".Length..]}" : $"demo-{actor.Split(':')[0]}";

    internal static string Segment(string value) => Uri.EscapeDataString(value);

    internal static Utf8JsonContent Json<T>(T body) => new(JsonSerializer.SerializeToUtf8Bytes(body, DemoJson.Options));

    /// <summary>
    /// A request sent raw, past the generated client: only for what the API must refuse (the demo's invalid
    /// submissions), which a client made from the document cannot send. Every other call goes through <see cref="Generated"/>.
    /// </summary>
    internal async Task<ApiResponse> SendAsync(
        HttpMethod method,
        string path,
        string? actor,
        HttpContent? content,
        CancellationToken cancellationToken,
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_api, path)) { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (actor is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(actor, cancellationToken));
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ApiResponse(method.Method, "/api/" + path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>JSON body with the API's options; StringContent would re-encode, this sends the bytes as made.</summary>
    internal sealed class Utf8JsonContent : ByteArrayContent
    {
        public Utf8JsonContent(byte[] utf8) : base(utf8) =>
            Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }
}

/// <summary>Routes anyone may call without signing in.</summary>
public sealed class PublicApi(ApiClient api)
{
    public Task HealthAsync(CancellationToken cancellationToken) =>
        ApiClient.CallAsync("GET", "health", () => api.Generated.Api.Health.GetAsync(cancellationToken: cancellationToken));

    public Task<WorkflowApi.Models.OpenCallList> ListCallsAsync(CancellationToken cancellationToken) =>
        ApiClient.CallAsync("GET", "calls", () => api.Generated.Api.Calls.GetAsync(cancellationToken: cancellationToken));

    /// <summary>The public page's list: only people who chose it, with the fewest fields (no roster id).</summary>
    public async Task<WorkflowApi.Models.PageOfPublicRosterEntry> RosterAsync(string roundId, string? continuation, CancellationToken cancellationToken)
    {
        var request = await api.AsAsync<WorkflowApi.Api.Roster.RosterRequestBuilder.RosterRequestBuilderGetQueryParameters>(null, cancellationToken,
            query: q => (q.RoundId, q.PageSize, q.Continuation) = (roundId, 200, Continue(continuation)));
        return await ApiClient.CallAsync("GET", "roster", () => api.Generated.Api.Roster.GetAsync(request, cancellationToken));
    }

    /// <summary>An empty continuation is the first page: the parameter is left out rather than sent empty.</summary>
    internal static string? Continue(string? continuation) => string.IsNullOrEmpty(continuation) ? null : continuation;
}

/// <summary>総務省: commissions the round and closes it.</summary>
public sealed class MinistryApi(ApiClient api)
{
    private const string Actor = "ministry";

    public async Task<WorkflowApi.Models.RoundCreated> CreateRoundAsync(WorkflowApi.Models.CreateRoundRequest request, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        return await ApiClient.CallAsync("POST", "rounds", () => api.Generated.Api.Rounds.PostAsync(request, headers, cancellationToken));
    }

    public async Task<RoundView> GetRoundAsync(string roundId, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        return await ApiClient.CallAsync("GET", $"rounds/{roundId}", () => api.Generated.Api.Rounds[roundId].GetAsync(headers, cancellationToken));
    }

    public async Task<WorkflowApi.Models.MailDeliveryList> GetMailAsync(string roundId, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        return await ApiClient.CallAsync("GET", $"rounds/{roundId}/mail", () => api.Generated.Api.Rounds[roundId].Mail.GetAsync(headers, cancellationToken));
    }

    public async Task<WorkflowApi.Models.RoundActionAccepted> CloseRoundAsync(string roundId, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        return await ApiClient.CallAsync("POST", $"rounds/{roundId}/close",
            () => api.Generated.Api.Rounds[roundId].Close.PostAsync(headers, cancellationToken));
    }

    /// <summary>Imports the municipality registry from a file's bytes: CSV (UTF-8 or Shift_JIS) or an .xlsx workbook.</summary>
    public async Task<WorkflowApi.Models.MunicipalityImport> ImportMunicipalitiesAsync(byte[] file, string contentType, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken, contentType: contentType);
        using var body = new MemoryStream(file, writable: false);
        return await ApiClient.CallAsync("POST", "municipalities/import", () => api.Generated.Api.Municipalities.Import.PostAsync(body, headers, cancellationToken));
    }

    /// <summary>The registry as a file: "xlsx" or "csv".</summary>
    public async Task<byte[]> ExportMunicipalitiesAsync(string format, CancellationToken cancellationToken)
    {
        var request = await api.AsAsync<WorkflowApi.Api.Municipalities.Export.ExportRequestBuilder.ExportRequestBuilderGetQueryParameters>(
            Actor, cancellationToken, query: q => q.Format = format);
        await using var file = await ApiClient.CallAsync("GET", "municipalities/export", () => api.Generated.Api.Municipalities.Export.GetAsync(request, cancellationToken));
        using var bytes = new MemoryStream();
        await file.CopyToAsync(bytes, cancellationToken);
        return bytes.ToArray();
    }

    /// <summary>Every wait on people across rounds and appointments, overdue first.</summary>
    public async Task<WorkflowApi.Models.PendingWaitList> PendingWaitsAsync(CancellationToken cancellationToken)
    {
        var request = await api.AsAsync<WorkflowApi.Api.Ministry.Waits.WaitsRequestBuilder.WaitsRequestBuilderGetQueryParameters>(Actor, cancellationToken);
        return await ApiClient.CallAsync("GET", "ministry/waits", () => api.Generated.Api.Ministry.Waits.GetAsync(request, cancellationToken));
    }
}

/// <summary>The 民間事業者 the ministry commissioned: runs the call, the selection and the training.</summary>
public sealed class OperatorApi(ApiClient api)
{
    private const string Actor = "operator";

    public async Task<RoundView> GetRoundAsync(string roundId, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        return await ApiClient.CallAsync("GET", $"rounds/{roundId}", () => api.Generated.Api.Rounds[roundId].GetAsync(headers, cancellationToken));
    }

    public Task<WorkflowApi.Models.RoundActionAccepted> AcceptCommissionAsync(string roundId, CancellationToken cancellationToken) =>
        RaiseAsync(roundId, "commission/accept", (r, c, t) => r.Commission.Accept.PostAsync(c, t), cancellationToken);

    public Task<WorkflowApi.Models.RoundActionAccepted> PublishCallAsync(string roundId, CancellationToken cancellationToken) =>
        RaiseAsync(roundId, "call/publish", (r, c, t) => r.Call.Publish.PostAsync(c, t), cancellationToken);

    public Task<WorkflowApi.Models.RoundActionAccepted> CloseApplicationsAsync(string roundId, CancellationToken cancellationToken) =>
        RaiseAsync(roundId, "call/close", (r, c, t) => r.Call.Close.PostAsync(c, t), cancellationToken);

    public Task<WorkflowApi.Models.RoundActionAccepted> FinalizeSelectionAsync(string roundId, CancellationToken cancellationToken) =>
        RaiseAsync(roundId, "selection/finalize", (r, c, t) => r.Selection.Finalize.PostAsync(c, t), cancellationToken);

    public Task<WorkflowApi.Models.RoundActionAccepted> FinalizeTrainingAsync(string roundId, CancellationToken cancellationToken) =>
        RaiseAsync(roundId, "training/finalize", (r, c, t) => r.Training.Finalize.PostAsync(c, t), cancellationToken);

    public async Task<WorkflowApi.Models.ApplicationPage> ListApplicationsAsync(string roundId, ApplicationStatus status, string? continuation, CancellationToken cancellationToken)
    {
        var request = await api.AsAsync<WorkflowApi.Api.Rounds.Item.Applications.ApplicationsRequestBuilder.ApplicationsRequestBuilderGetQueryParameters>(Actor, cancellationToken,
            query: q => (q.Status, q.PageSize, q.Continuation) = (ApiViews.Api<WorkflowApi.Models.ApplicationStatus>(status), 200, PublicApi.Continue(continuation)));
        return await ApiClient.CallAsync("GET", $"rounds/{roundId}/applications", () => api.Generated.Api.Rounds[roundId].Applications.GetAsync(request, cancellationToken));
    }

    public async Task<WorkflowApi.Models.AttendanceRecorded> RecordAttendanceAsync(string roundId, int session, WorkflowApi.Models.AttendanceRequest attendance,
        CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        var number = session.ToString(CultureInfo.InvariantCulture);
        return await ApiClient.CallAsync("PUT", $"rounds/{roundId}/training/sessions/{number}/attendance",
            () => api.Generated.Api.Rounds[roundId].Training.Sessions[number].Attendance.PutAsync(attendance, headers, cancellationToken));
    }

    public async Task<WorkflowApi.Models.PanelView> AssignPanelAsync(string roundId, IReadOnlyList<WorkflowApi.Models.PanelMember> members, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        return await ApiClient.CallAsync("PUT", $"rounds/{roundId}/panel",
            () => api.Generated.Api.Rounds[roundId].Panel.PutAsync(new WorkflowApi.Models.PanelAssignmentRequest { Members = [.. members] }, headers, cancellationToken));
    }

    /// <summary>The operator declares no conflict and records the decision, with the panel's result already in.</summary>
    public async Task<WorkflowApi.Models.DecisionRecorded> DecideAsync(string roundId, string applicationId, WorkflowApi.Models.DecisionRequest decision, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        var application = api.Generated.Api.Rounds[roundId].Applications[applicationId];
        await ApiClient.CallAsync("PUT", $"rounds/{roundId}/applications/{applicationId}/conflict-of-interest",
            () => application.ConflictOfInterest.PutAsync(new WorkflowApi.Models.ConflictDeclarationRequest { HasConflict = false }, headers, cancellationToken));
        return await ApiClient.CallAsync("PUT", $"rounds/{roundId}/applications/{applicationId}/decision",
            () => application.Decision.PutAsync(decision, headers, cancellationToken));
    }

    public async Task<WorkflowApi.Models.ApplicationScoresView> GetScoresAsync(string roundId, string applicationId, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        return await ApiClient.CallAsync("GET", $"rounds/{roundId}/applications/{applicationId}/scores",
            () => api.Generated.Api.Rounds[roundId].Applications[applicationId].Scores.GetAsync(headers, cancellationToken));
    }

    /// <summary>How long a round command is sent again while the host cannot be reached (a restart takes seconds).</summary>
    private static readonly TimeSpan CommandRetryWindow = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A round command as a careful operator's page sends it: with an Idempotency-Key, and again with the same key when
    /// the connection failed (the host restarted), so that a command recorded before its answer was lost is answered as
    /// recorded instead of being refused as a second one.
    /// </summary>
    private async Task<WorkflowApi.Models.RoundActionAccepted> RaiseAsync(string roundId, string action,
        Func<WorkflowApi.Api.Rounds.Item.WithRoundItemRequestBuilder, Action<RequestConfiguration<DefaultQueryParameters>>, CancellationToken, Task<WorkflowApi.Models.RoundActionAccepted?>> command,
        CancellationToken cancellationToken)
    {
        var key = $"demo-{action.Replace('/', '-')}-{Guid.NewGuid():N}";
        var deadline = DateTime.UtcNow + CommandRetryWindow;
        while (true)
        {
            try
            {
                var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken, key);
                return await ApiClient.CallAsync("POST", $"rounds/{roundId}/{action}", () => command(api.Generated.Api.Rounds[roundId], headers, cancellationToken));
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}

/// <summary>A member of the operator's selection panel (選定委員): declares conflicts of interest, then scores.</summary>
public sealed class ReviewerApi(ApiClient api, int number)
{
    private string Actor => $"reviewer:{number}";

    /// <summary>The id the reviewer signs in with: what the operator names them by on the panel.</summary>
    public string Subject => ApiClient.SubjectOf(Actor);

    /// <summary>The declaration comes first: the API refuses scores from someone who has not made it.</summary>
    public async Task<WorkflowApi.Models.ScoresView> ScoreAsync(string roundId, string applicationId, Persona persona, WorkflowApi.Models.ScoresRequest scores, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        var application = api.Generated.Api.Rounds[roundId].Applications[applicationId];
        var segment = JsonNamingPolicy.CamelCase.ConvertName(persona.ToString());
        await ApiClient.CallAsync("PUT", $"rounds/{roundId}/applications/{applicationId}/conflict-of-interest",
            () => application.ConflictOfInterest.PutAsync(new WorkflowApi.Models.ConflictDeclarationRequest { HasConflict = false }, headers, cancellationToken));
        return await ApiClient.CallAsync("PUT", $"rounds/{roundId}/applications/{applicationId}/scores/{segment}",
            () => application.Scores[segment].PutAsync(scores, headers, cancellationToken));
    }
}

/// <summary>民間人材: applies without an account and proves who it is later with the access token it was given.</summary>
public sealed class ApplicantApi(ApiClient api)
{
    private const string? Actor = null;

    /// <summary>
    /// The application form as the generated client's request model: the demo's synthetic applicants are made as the
    /// domain's form (its skill catalog and rules), and are read here into the API's shape by the client's own JSON reader.
    /// </summary>
    public static WorkflowApi.Models.ApplicationRequest Request(ApplicationForm form)
    {
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(form, DemoJson.Options));
        return new Microsoft.Kiota.Serialization.Json.JsonParseNode(document.RootElement.Clone()).GetObjectValue(WorkflowApi.Models.ApplicationRequest.CreateFromDiscriminatorValue)
            ?? throw new InvalidOperationException("The form did not read as the API's application request.");
    }

    /// <summary>
    /// Submits through the generated client: a multipart body with the form as the "application" JSON part and the
    /// résumé as the "resume" file part, as the document describes it.
    /// </summary>
    public async Task<WorkflowApi.Models.ApplicationReceipt> SubmitAsync(string roundId, WorkflowApi.Models.ApplicationRequest application, byte[] resume, string resumeFileName,
        CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken, idempotencyKey);
        var body = new MultipartBody();
        body.AddOrReplacePart("application", "application/json", application);
        body.AddOrReplacePart("resume", "application/pdf", resume, resumeFileName);
        return await ApiClient.CallAsync("POST", $"rounds/{roundId}/applications",
            () => api.Generated.Api.Rounds[roundId].Applications.PostAsync(body, headers, cancellationToken));
    }

    /// <summary>
    /// A submission the API must refuse (a wrong file type, a form that breaks the rules), sent raw on purpose: the
    /// generated client cannot send what the document forbids. Raw answer: the caller checks it is a problem.
    /// </summary>
    public async Task<ApiResponse> SubmitRawAsync(string roundId, string applicationJson, byte[] resume, string resumeContentType, string resumeFileName, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        using var multipart = new MultipartFormDataContent();
        var json = new StringContent(applicationJson, Encoding.UTF8, "application/json");
        multipart.Add(json, "application");
        var file = new ByteArrayContent(resume);
        file.Headers.ContentType = new MediaTypeHeaderValue(resumeContentType);
        multipart.Add(file, "resume", resumeFileName);
        return await api.SendAsync(HttpMethod.Post, $"rounds/{ApiClient.Segment(roundId)}/applications", Actor, multipart, cancellationToken, idempotencyKey);
    }

    public async Task<WorkflowApi.Models.AppointmentAnswered> AnswerAppointmentAsync(string appointmentId, string accessToken, bool accept, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken, applicantToken: accessToken);
        return await ApiClient.CallAsync("POST", $"appointments/{appointmentId}/answer",
            () => api.Generated.Api.Appointments[appointmentId].Answer.PostAsync(new WorkflowApi.Models.AnswerRequest { Accept = accept }, headers, cancellationToken));
    }
}

/// <summary>A registered municipality (signed in with its 団体コード): reads notices, appoints people.</summary>
public sealed class MunicipalityApi(ApiClient api, string code)
{
    private string Actor => "municipality:" + code;

    public string Code => code;

    public async Task<WorkflowApi.Models.PageOfNotification> NotificationsAsync(string? continuation, CancellationToken cancellationToken)
    {
        var request = await api.AsAsync<WorkflowApi.Api.Municipalities.Item.Notifications.NotificationsRequestBuilder.NotificationsRequestBuilderGetQueryParameters>(
            Actor, cancellationToken, query: q => (q.PageSize, q.Continuation) = (200, PublicApi.Continue(continuation)));
        return await ApiClient.CallAsync("GET", $"municipalities/{code}/notifications",
            () => api.Generated.Api.Municipalities[code].Notifications.GetAsync(request, cancellationToken));
    }

    /// <summary>Everyone listed for signed-in municipalities, with their roster ids.</summary>
    public async Task<WorkflowApi.Models.PageOfRosterEntry> RosterAsync(string roundId, string? continuation, CancellationToken cancellationToken)
    {
        var request = await api.AsAsync<WorkflowApi.Api.Municipalities.Item.Roster.RosterRequestBuilder.RosterRequestBuilderGetQueryParameters>(
            Actor, cancellationToken, query: q => (q.RoundId, q.PageSize, q.Continuation) = (roundId, 200, PublicApi.Continue(continuation)));
        return await ApiClient.CallAsync("GET", $"municipalities/{code}/roster",
            () => api.Generated.Api.Municipalities[code].Roster.GetAsync(request, cancellationToken));
    }

    /// <summary>201 for a new request, 200 when this municipality already asked for this person.</summary>
    public async Task<WorkflowApi.Models.AppointmentRecord> RequestAppointmentAsync(string roundId, WorkflowApi.Models.AppointmentRequest request, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        return await ApiClient.CallAsync("POST", $"rounds/{roundId}/appointments",
            () => api.Generated.Api.Rounds[roundId].Appointments.PostAsync(request, headers, cancellationToken));
    }

    public async Task<WorkflowApi.Models.AppointmentRecord> GetAppointmentAsync(string appointmentId, CancellationToken cancellationToken)
    {
        var headers = await api.AsAsync<DefaultQueryParameters>(Actor, cancellationToken);
        return await ApiClient.CallAsync("GET", $"appointments/{appointmentId}", () => api.Generated.Api.Appointments[appointmentId].GetAsync(headers, cancellationToken));
    }
}

/// <summary>監査: reads a round's orchestration history beside the business log.</summary>
public sealed class AuditorApi(ApiClient api)
{
    private const string Actor = "auditor";

    /// <summary>Whether the round's business log verifies against its hash chain and seals.</summary>
    public async Task<WorkflowApi.Models.LogVerificationAnswer> VerifyRoundLogAsync(string roundId, CancellationToken cancellationToken, bool full = false)
    {
        var request = await api.AsAsync<WorkflowApi.Api.Audit.Rounds.Item.Log.Verification.VerificationRequestBuilder.VerificationRequestBuilderGetQueryParameters>(
            Actor, cancellationToken, query: q => q.Mode = full ? "full" : null);
        return await ApiClient.CallAsync("GET", $"audit/rounds/{roundId}/log/verification",
            () => api.Generated.Api.Audit.Rounds[roundId].Log.Verification.GetAsync(request, cancellationToken));
    }

    /// <summary>One page of the timeline; pass the previous page's continuation to go on.</summary>
    public async Task<WorkflowApi.Models.RoundHistory> RoundHistoryPageAsync(string roundId, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var request = await api.AsAsync<WorkflowApi.Api.Audit.Rounds.Item.History.HistoryRequestBuilder.HistoryRequestBuilderGetQueryParameters>(
            Actor, cancellationToken, query: q => (q.PageSize, q.Continuation) = (pageSize, string.IsNullOrEmpty(continuation) ? null : continuation));
        return await ApiClient.CallAsync("GET", $"audit/rounds/{roundId}/history",
            () => api.Generated.Api.Audit.Rounds[roundId].History.GetAsync(request, cancellationToken));
    }
}
