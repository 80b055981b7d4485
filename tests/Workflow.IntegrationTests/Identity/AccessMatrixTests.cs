using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Workflow.Demo;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Commission;
using Workflow.Functions.Identity;
using Workflow.Testing;

namespace Workflow.IntegrationTests.Identity;

/// <summary>
/// Every HTTP route against every kind of caller, on the local host process: the answer must be what
/// <see cref="AccessTable"/> and the scope rules say — 401 without a valid credential, 403 for a role or scope the
/// route does not allow, anything else (200, 400, 404, 409 …) when the gate lets the call through. The expected
/// outcome is computed here from the table and the written rules, not by asking the gate, so a gate that drifts
/// from the rules fails the test.
/// </summary>
[Collection("Azurite")]
public sealed class AccessMatrixTests
{
    private const string Municipality = "131016";

    /// <summary>Sapporo: a valid 団体コード (check digit 2) that is not <see cref="Municipality"/>.</summary>
    private const string OtherMunicipality = "011002";

    /// <summary>A well-formed round id no token of this test's round names; it needs no round behind it.</summary>
    private const string OtherRound = "R2020-0a0b0c0d";

    private const string ProblemJson = "application/problem+json";

    [Fact]
    public void Every_http_function_is_in_the_access_table_and_the_table_names_only_http_functions()
    {
        var functions = HttpRoutes().Select(r => r.Function).ToHashSet(StringComparer.Ordinal);
        var table = AccessTable.Routes.Keys.ToHashSet(StringComparer.Ordinal);
        Assert.True(functions.Count >= 20, $"expected the app's HTTP functions by reflection, found {functions.Count}");

        // The gate throws for a function missing from the table; this catches it before any request does.
        var missing = functions.Except(table).Order().ToList();
        var unknown = table.Except(functions).Order().ToList();
        Assert.True(missing.Count == 0 && unknown.Count == 0,
            $"HTTP functions missing from {nameof(AccessTable)}: [{string.Join(", ", missing)}]; "
            + $"{nameof(AccessTable)} entries with no HTTP function: [{string.Join(", ", unknown)}]");
    }

    [Fact]
    public async Task Every_route_answers_every_caller_as_the_access_table_says()
    {
        Assert.True(MunicipalityCode.IsValid(Municipality) && MunicipalityCode.IsValid(OtherMunicipality), "the test's municipality codes must be valid");
        await using var host = new LocalHostProcess(AzuriteFixture.NewPrefix());
        await host.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        var roundId = await SeedRoundAsync(http, host);
        var (applicationA, tokenA) = await SubmitAsync(http, host, roundId, 0);
        var (applicationB, tokenB) = await SubmitAsync(http, host, roundId, 1);
        Assert.StartsWith(roundId + "_", applicationA, StringComparison.Ordinal);

        await AssertReadsReturnDataAsync(http, host, roundId, applicationA, applicationB, tokenA);

        var callers = Callers(roundId, applicationA, tokenA, applicationB, tokenB);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["roundId"] = roundId,
            ["applicationId"] = applicationA,
            ["code"] = Municipality,
            ["session"] = "1",
            ["persona"] = "producer",
            ["path"] = "site.css",
            ["root"] = string.Empty,

            // Shaped as the stores make them (round_12 hex; C + 15 hex) so the handler looks and finds nothing.
            ["appointmentId"] = roundId + "_000000000000",
            ["certificateId"] = "C000000000000000",

            // Ids that name their municipality (EP{year}-{code}-{12 hex}, N{code}-{10 hex}): a municipality reaches only its own.
            ["packId"] = $"EP2027-{Municipality}-000000000000",
            ["needId"] = $"N{Municipality}-0000000000",

            // A person of the round, not on any roster: a municipality that may look is told there is no such person.
            ["candidateId"] = applicationA,

            // Whose declaration a clearance names: a reviewer's, not the caller's own.
            ["declarant"] = "reviewer:matrix-declarant",
        };

        var mismatches = new List<Mismatch>();
        var cells = 0;
        foreach (var route in MatrixOrder(HttpRoutes()))
        {
            var access = AccessTable.Routes[route.Function];
            var target = new Target(
                RoundId: route.Template.Contains("{roundId}", StringComparison.Ordinal) || route.Template.Contains("{applicationId}", StringComparison.Ordinal) ? roundId : null,
                Code: route.Template.Contains("{code}", StringComparison.Ordinal) || route.Template.Contains("{packId}", StringComparison.Ordinal)
                    || route.Template.Contains("{needId}", StringComparison.Ordinal) ? Municipality : null,
                ApplicationId: route.Template.Contains("{applicationId}", StringComparison.Ordinal) ? applicationA : null);
            var path = Fill(route.Template, values);

            // Withdrawing erases application A, after which A's token is worthless: A's own withdrawal comes last of all.
            var order = route.Function == "WithdrawApplication"
                ? callers.Where(c => c.ApplicationId != applicationA).Append(callers.Single(c => c.ApplicationId == applicationA))
                : callers;
            foreach (var caller in order)
            {
                cells++;
                var expected = Expected(access, target, caller);
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
                if (route.Method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                caller.Sign(request);
                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                var body = await response.Content.ReadAsStringAsync();
                var actual = status switch { 401 => Outcome.Unauthorized, 403 => Outcome.Forbidden, _ => Outcome.Allowed };
                var problems = new List<string>();
                if (actual != expected)
                {
                    problems.Add(Shorten(body));
                }

                if (status >= 500)
                {
                    problems.Add("server error: " + Shorten(body));
                }

                // The API answers problems as problem+json; pages are for people and answer with a page.
                var expectedType = route.Template.StartsWith("api/", StringComparison.Ordinal) ? ProblemJson : "text/html";
                if (status >= 400 && !string.Equals(mediaType, expectedType, StringComparison.OrdinalIgnoreCase)
                    && !(expectedType == "text/html" && string.Equals(mediaType, ProblemJson, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add($"{status} answered as {mediaType ?? "(no content type)"}, not {expectedType}");
                }

                // A 401 without a challenge leaves the client no way to tell what credential to bring (RFC 9110).
                if (status == 401 && response.Headers.WwwAuthenticate.Count == 0)
                {
                    problems.Add("401 without WWW-Authenticate");
                }

                if (problems.Count > 0)
                {
                    mismatches.Add(new Mismatch($"{route.Method} /{path} ({route.Function})", caller.Name, Describe(expected),
                        actual == Outcome.Allowed ? $"{status} (allowed)" : status.ToString(CultureInfo.InvariantCulture), string.Join("; ", problems)));
                }
            }
        }

        Assert.True(mismatches.Count == 0,
            $"{mismatches.Count} of {cells} cells disagree with {nameof(AccessTable)} and the scope rules:\n{Table(mismatches)}\n\nhost output:\n{host.Output}");
    }

    private enum Outcome { Allowed, Unauthorized, Forbidden }

    /// <summary>One declared method of one HTTP trigger.</summary>
    private sealed record HttpRoute(string Function, string Method, string Template);

    /// <summary>What the filled route is about: the scope the rules check a caller against.</summary>
    private sealed record Target(string? RoundId, string? Code, string? ApplicationId);

    /// <summary>
    /// A kind of caller. <see cref="Role"/> is null when the request carries nothing the API may accept; the
    /// other members are the scope the credential names.
    /// </summary>
    private sealed record Caller(
        string Name,
        Action<HttpRequestMessage> Sign,
        ActorRole? Role = null,
        IReadOnlyCollection<string>? Rounds = null,
        string? MunicipalityCode = null,
        string? ApplicationId = null);

    private sealed record Mismatch(string Route, string Caller, string Expected, string Actual, string Detail);

    /// <summary>The rules as written, independent of how the gate implements them.</summary>
    private static Outcome Expected(RouteAccess access, Target target, Caller caller)
    {
        if (access.Public)
        {
            return Outcome.Allowed;
        }

        if (caller.Role is not { } role)
        {
            return Outcome.Unauthorized;
        }

        if (!access.Allows(role))
        {
            return Outcome.Forbidden;
        }

        var inScope = role switch
        {
            ActorRole.Operator or ActorRole.Reviewer => target.RoundId is null || (caller.Rounds ?? []).Contains(target.RoundId),
            ActorRole.Municipality => target.Code is null || target.Code == caller.MunicipalityCode,
            ActorRole.Applicant => target.ApplicationId is null || target.ApplicationId == caller.ApplicationId,
            _ => true,
        };
        return inScope ? Outcome.Allowed : Outcome.Forbidden;
    }

    private static List<Caller> Callers(string roundId, string applicationA, string tokenA, string applicationB, string tokenB)
    {
        static Action<HttpRequestMessage> Bearer(string token) => r => r.WithToken(token);
        static Caller Staff(string name, ActorRole role, string[]? rounds = null, string? municipality = null) =>
            new(name, Bearer(TestSignIn.Token(role, rounds, municipality)), role, rounds, municipality);

        // What the platform's sign-in would put in front of the app; a caller can send it just as well.
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            name_typ = "name",
            role_typ = "roles",
            claims = new[] { new { typ = "roles", val = "ministry" }, new { typ = "name", val = "forged" } },
        })));

        return
        [
            new("anonymous", _ => { }),
            new("expired ministry token", Bearer(TestSignIn.Expired(ActorRole.Ministry))),
            new("ministry token, wrong signature", Bearer(TestSignIn.WrongSignature(ActorRole.Ministry))),
            new("X-Actor: ministry only", r => r.Headers.Add("X-Actor", "ministry")),
            new("forged X-MS-CLIENT-PRINCIPAL", r =>
            {
                r.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
                r.Headers.Add("X-MS-CLIENT-PRINCIPAL-IDP", "aad");
                r.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "forged");
            }),
            new("malformed applicant token", r => r.WithApplicantToken("apt.not-a-token")),
            Staff("ministry", ActorRole.Ministry),
            Staff("operator (this round)", ActorRole.Operator, [roundId]),
            Staff("operator (other round)", ActorRole.Operator, [OtherRound]),
            Staff("reviewer (this round)", ActorRole.Reviewer, [roundId]),
            Staff($"municipality {Municipality}", ActorRole.Municipality, municipality: Municipality),
            Staff($"municipality {OtherMunicipality}", ActorRole.Municipality, municipality: OtherMunicipality),
            Staff("auditor", ActorRole.Auditor),
            new("applicant A", r => r.WithApplicantToken(tokenA), ActorRole.Applicant, ApplicationId: applicationA),
            new("applicant B", r => r.WithApplicantToken(tokenB), ActorRole.Applicant, ApplicationId: applicationB),
        ];
    }

    /// <summary>
    /// Reads first, then the other calls, WithdrawApplication last: reads cannot change what a later cell sees,
    /// and only the withdrawal can make a credential (applicant A's) invalid. Round actions that the gate lets
    /// through may move the round on; that changes their answer (202 or 409), never whether they were allowed.
    /// </summary>
    private static IEnumerable<HttpRoute> MatrixOrder(IEnumerable<HttpRoute> routes) =>
        routes.OrderBy(r => r.Function == "WithdrawApplication")
            .ThenBy(r => r.Method != "GET")
            .ThenBy(r => r.Function, StringComparer.Ordinal)
            .ThenBy(r => r.Method, StringComparer.Ordinal);

    private static List<HttpRoute> HttpRoutes()
    {
        var routes = new List<HttpRoute>();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var method in typeof(AccessTable).Assembly.GetTypes().SelectMany(t => t.GetMethods(all)))
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
            if (function is null || trigger is null)
            {
                continue;
            }

            // Functions' defaults: no methods means all of them, no route means the function's name.
            var methods = trigger.Methods is { Length: > 0 } declared ? declared : ["get", "post", "put", "delete", "patch"];
            routes.AddRange(methods.Select(m => new HttpRoute(function.Name, m.ToUpperInvariant(), (trigger.Route ?? function.Name).TrimStart('/'))));
        }

        return routes;
    }

    /// <summary>
    /// A round that accepts applications now: the ministry creates it with a window opening in a few seconds,
    /// the operator accepts and publishes, and the orchestrator opens the window on its date.
    /// </summary>
    private static async Task<string> SeedRoundAsync(HttpClient http, LocalHostProcess host)
    {
        var now = DateTimeOffset.UtcNow;

        // Long enough for the acceptance to arrive before its deadline; a late one still works (CommissionOverdue).
        var opens = Whole(now.AddSeconds(4));
        var selection = opens.AddHours(2);
        var modules = Curriculum.DefaultModuleOfSession(Curriculum.MinSessions);
        var sessions = modules.Select((module, i) => new TrainingSession(i + 1, module, selection.AddHours(i + 1))).ToList();
        var publication = sessions[^1].StartsAt.AddHours(1);
        var schedule = new RoundSchedule(opens, opens, opens.AddHours(1), selection, sessions, publication, publication.AddDays(30));

        // Japan's fiscal year (年度) starts on 1 April, Japan time.
        var japan = now.ToOffset(TimeSpan.FromHours(9));
        var fiscalYear = japan.Month >= 4 ? japan.Year : japan.Year - 1;
        var create = new CreateRoundRequest(fiscalYear, "権限マトリクス試験", "株式会社権限試験",
            Enum.GetValues<Persona>().Select(p => new PersonaOpening(p, 1)).ToList(), schedule);

        var ministry = TestSignIn.Token(ActorRole.Ministry);
        using var created = await SendAsync(http, HttpMethod.Post, "api/rounds", ministry, JsonContent.Create(create, options: DemoJson.Options));
        await ExpectAsync(created, HttpStatusCode.Created, host);
        var roundId = (await created.Content.ReadFromJsonAsync<RoundCreated>(DemoJson.Options))!.RoundId;

        var operatorToken = TestSignIn.Token(ActorRole.Operator, [roundId]);
        using (var accepted = await SendAsync(http, HttpMethod.Post, $"api/rounds/{roundId}/commission/accept", operatorToken))
        {
            await ExpectAsync(accepted, HttpStatusCode.Accepted, host);
        }

        // Publishing is refused (409) until the stored state has moved to commissionAccepted.
        await WaitForStateAsync(http, host, roundId, operatorToken, "commissionAccepted");
        using (var published = await SendAsync(http, HttpMethod.Post, $"api/rounds/{roundId}/call/publish", operatorToken))
        {
            await ExpectAsync(published, HttpStatusCode.Accepted, host);
        }

        await WaitForStateAsync(http, host, roundId, operatorToken, "acceptingApplications");

        // The reviewer callers sit on the round's panel: what the table lets a reviewer of this round reach, a member reaches.
        using (var panel = await SendAsync(http, HttpMethod.Put, $"api/rounds/{roundId}/panel", operatorToken,
                   JsonContent.Create(new { members = new[] { new { subject = "test-user", name = "委員A" }, new { subject = "matrix-b", name = "委員B" }, new { subject = "matrix-c", name = "委員C" } } })))
        {
            await ExpectAsync(panel, HttpStatusCode.OK, host);
        }

        return roundId;
    }

    private static async Task<(string ApplicationId, string AccessToken)> SubmitAsync(HttpClient http, LocalHostProcess host, string roundId, int index)
    {
        // Generated together so that the two people differ (names, e-mail addresses); one round may not take an address twice.
        var person = SyntheticApplicants.Generate(2, Enum.GetValues<Persona>(), DemoSettings.DefaultSeed)[index];
        using var multipart = new MultipartFormDataContent();
        multipart.Add(new StringContent(JsonSerializer.Serialize(person.Form, DemoJson.Options), Encoding.UTF8, "application/json"), "application");
        var resume = new ByteArrayContent(person.Resume);
        resume.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        multipart.Add(resume, "resume", person.ResumeFileName);
        using var response = await http.PostAsync($"api/rounds/{roundId}/applications", multipart);
        await ExpectAsync(response, HttpStatusCode.Created, host);
        var receipt = (await response.Content.ReadFromJsonAsync<ApplicationReceipt>(DemoJson.Options))!;
        return (receipt.ApplicationId, receipt.AccessToken);
    }

    /// <summary>An allowed read is not just "not 401/403": it returns the data, scoped to the caller.</summary>
    private static async Task AssertReadsReturnDataAsync(HttpClient http, LocalHostProcess host, string roundId, string applicationA, string applicationB, string tokenA)
    {
        var round = await ReadAsync(http, host, $"api/rounds/{roundId}", r => r.WithToken(TestSignIn.Token(ActorRole.Ministry)));
        Assert.Equal(roundId, round.GetProperty("roundId").GetString());
        Assert.Equal("acceptingApplications", round.GetProperty("state").GetString());

        var applications = await ReadAsync(http, host, $"api/rounds/{roundId}/applications", r => r.WithToken(TestSignIn.Token(ActorRole.Auditor)));
        var listed = applications.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicationId").GetString()).ToList();
        Assert.Contains(applicationA, listed);
        Assert.Contains(applicationB, listed);

        var own = await ReadAsync(http, host, $"api/applications/{applicationA}", r => r.WithApplicantToken(tokenA));
        Assert.Equal(applicationA, own.GetProperty("applicationId").GetString());
        Assert.Equal(roundId, own.GetProperty("roundId").GetString());

        var notifications = await ReadAsync(http, host, $"api/municipalities/{Municipality}/notifications",
            r => r.WithToken(TestSignIn.Token(ActorRole.Municipality, municipality: Municipality)));
        Assert.Equal(JsonValueKind.Array, notifications.GetProperty("items").ValueKind);

        // The list route is open to every operator; its content is not.
        var ofThisRound = await ReadAsync(http, host, "api/rounds", r => r.WithToken(TestSignIn.Token(ActorRole.Operator, [roundId])));
        Assert.Contains(roundId, RoundIdsOf(ofThisRound));
        var ofOtherRound = await ReadAsync(http, host, "api/rounds", r => r.WithToken(TestSignIn.Token(ActorRole.Operator, [OtherRound])));
        Assert.DoesNotContain(roundId, RoundIdsOf(ofOtherRound));

        // The ministry's list of waits has the round waiting on its applicants (the operator may close early), once the
        // orchestrator has said so after the state it stored.
        JsonElement? wait = null;
        for (var tries = 0; wait is null && tries < 60; tries++)
        {
            var waits = await ReadAsync(http, host, "api/ministry/waits", r => r.WithToken(TestSignIn.Token(ActorRole.Ministry)));
            wait = waits.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("roundId").GetString() == roundId).Select(i => (JsonElement?)i).SingleOrDefault();
            if (wait is null)
            {
                await Task.Delay(250);
            }
        }

        Assert.True(wait is not null, "the round never appeared in the list of waits");
        Assert.Equal(("applicants", "operator"), (wait.Value.GetProperty("waitingFor").GetProperty("role").GetString(), wait.Value.GetProperty("also")[0].GetProperty("role").GetString()));

        static List<string?> RoundIdsOf(JsonElement list) => list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("roundId").GetString()).ToList();
    }

    private static async Task<JsonElement> ReadAsync(HttpClient http, LocalHostProcess host, string path, Action<HttpRequestMessage> sign)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        sign(request);
        using var response = await http.SendAsync(request);
        await ExpectAsync(response, HttpStatusCode.OK, host);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task WaitForStateAsync(HttpClient http, LocalHostProcess host, string roundId, string token, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await SendAsync(http, HttpMethod.Get, $"api/rounds/{roundId}", token);
            await ExpectAsync(response, HttpStatusCode.OK, host);
            var view = await response.Content.ReadFromJsonAsync<JsonElement>();
            last = view.GetProperty("state").GetString();
            if (last == state)
            {
                return;
            }

            if (last == "cancelled" || view.TryGetProperty("runtimeStatus", out var runtime) && runtime.GetString() is "Failed" or "Terminated")
            {
                break;
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"round {roundId} did not reach {state}; it is {last}.\nhost output:\n{host.Output}");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content }.WithToken(token);
        return http.SendAsync(request);
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, LocalHostProcess host)
    {
        if (response.StatusCode != expected)
        {
            throw new Xunit.Sdk.XunitException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}, expected {(int)expected}:\n"
                + $"{await response.Content.ReadAsStringAsync()}\nhost output:\n{host.Output}");
        }
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        // Catch-alls ({*path}) and constrained parameters (the root page's {root:regex(^$)?}) take their value, or nothing.
        var path = System.Text.RegularExpressions.Regex.Replace(template, @"\{\*?(\w+):[^}]*\}|\{\*(\w+)\}",
            m => values.GetValueOrDefault(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, string.Empty));
        foreach (var (name, value) in values)
        {
            // An optional parameter ({certificateId?}) is given its value too: the route with it is the one people use.
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal)
                .Replace("{" + name + "?}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        return path.Contains('{', StringComparison.Ordinal)
            ? throw new InvalidOperationException($"The test has no value for a parameter of {template}; add one to the route values.")
            : path;
    }

    private static string Describe(Outcome outcome) => outcome switch
    {
        Outcome.Unauthorized => "401",
        Outcome.Forbidden => "403",
        _ => "allowed",
    };

    private static string Shorten(string body) => body.Length <= 160 ? body : body[..160] + "…";

    private static string Table(IReadOnlyList<Mismatch> rows)
    {
        string[] header = ["route", "caller", "expected", "actual", "detail"];
        var cells = rows.Select(r => new[] { r.Route, r.Caller, r.Expected, r.Actual, r.Detail }).ToList();
        var widths = Enumerable.Range(0, 4).Select(i => cells.Select(c => c[i].Length).Append(header[i].Length).Max()).ToArray();
        string Line(string[] c) => string.Join(" | ", c.Take(4).Select((v, i) => v.PadRight(widths[i])).Append(c[4]));
        return string.Join('\n', new[] { Line(header), new string('-', widths.Sum() + 16) }.Concat(cells.Select(Line)));
    }

    /// <summary>Whole seconds: the stored schedule and the orchestrator's timers read better that way.</summary>
    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
