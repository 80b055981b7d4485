using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Commission;
using Workflow.Functions.Identity;

namespace Workflow.IntegrationTests.HostileInput;

/// <summary>
/// What the hostile requests aim at: a round accepting applications and one real application with its access
/// token, set up over HTTP the way the ministry, the operator and an applicant do it.
/// </summary>
internal sealed record SeededRound(
    string RoundId,
    string ApplicationId,
    string ApplicantToken,
    IReadOnlyList<Persona> Personas,
    CreateRoundRequest RoundRequest,
    ApplicationForm SeededForm,
    byte[] Resume)
{
    public const string MunicipalityCode = "131016";

    /// <summary>The same form as the seeded application under another address: accepted, it would be a new application.</summary>
    public ApplicationForm OtherForm => SeededForm with { Email = "hostile.base.applicant@example.jp" };

    public static async Task<SeededRound> CreateAsync(Uri baseUrl, int seed)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        Persona[] personas = [Persona.Producer, Persona.ProjectManager, Persona.ServiceDesigner, Persona.Engineer];
        var request = PlanRound(DateTimeOffset.UtcNow, personas);

        var ministry = TestSignIn.Token(ActorRole.Ministry, subject: "seed-ministry");
        using var created = await SendAsync(http, HttpMethod.Post, "api/rounds", ministry, Json(request), HttpStatusCode.Created);
        var roundId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("roundId").GetString()!;

        var operatorToken = TestSignIn.Token(ActorRole.Operator, [roundId], subject: "seed-operator");
        (await SendAsync(http, HttpMethod.Post, $"api/rounds/{roundId}/commission/accept", operatorToken, null, HttpStatusCode.Accepted)).Dispose();
        await WaitForStateAsync(http, roundId, operatorToken, "commissionAccepted");
        (await SendAsync(http, HttpMethod.Post, $"api/rounds/{roundId}/call/publish", operatorToken, null, HttpStatusCode.Accepted)).Dispose();
        await WaitForStateAsync(http, roundId, operatorToken, "acceptingApplications");

        // The registry seeds itself on first read: done here, so that no hostile read is the one that writes it.
        (await SendAsync(http, HttpMethod.Get, "api/municipalities", ministry, null, HttpStatusCode.OK)).Dispose();

        var applicant = Workflow.Demo.SyntheticApplicants.Generate(1, personas, seed)[0];
        using var multipart = new MultipartFormDataContent();
        multipart.Add(new StringContent(JsonSerializer.Serialize(applicant.Form, JsonMutations.ApiOptions), Encoding.UTF8, "application/json"), "application");
        var resume = new ByteArrayContent(applicant.Resume);
        resume.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        multipart.Add(resume, "resume", applicant.ResumeFileName);
        using var submitted = await SendAsync(http, HttpMethod.Post, $"api/rounds/{roundId}/applications", null, multipart, HttpStatusCode.Created);
        var receipt = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement;

        return new SeededRound(roundId, receipt.GetProperty("applicationId").GetString()!, receipt.GetProperty("accessToken").GetString()!,
            personas, request, applicant.Form, applicant.Resume);
    }

    /// <summary>A round whose window opens in a few seconds and stays open for days, so nothing moves while it is attacked.</summary>
    public static CreateRoundRequest PlanRound(DateTimeOffset now, IReadOnlyList<Persona> personas)
    {
        var opens = Whole(now.AddSeconds(8));
        var selection = opens.AddDays(3);
        var sessions = Curriculum.DefaultModuleOfSession(Curriculum.MaxSessions)
            .Select((module, i) => new TrainingSession(i + 1, module, selection.AddDays(1 + i)))
            .ToList();
        var publication = selection.AddDays(10);
        var schedule = new RoundSchedule(opens, opens, opens.AddDays(2), selection, sessions, publication, publication.AddDays(30));
        return new CreateRoundRequest(DemoFiscalYear(now), "令和7年度 自治体DX外部人材確保支援事業（入力検査）", "株式会社入力検査",
            personas.Select(p => new PersonaOpening(p, 3)).ToList(), schedule);
    }

    private static int DemoFiscalYear(DateTimeOffset now)
    {
        var japan = now.ToOffset(TimeSpan.FromHours(9));
        return japan.Month >= 4 ? japan.Year : japan.Year - 1;
    }

    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static ByteArrayContent Json<T>(T value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, JsonMutations.ApiOptions));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? token, HttpContent? content, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.WithToken(token);
        }

        var response = await http.SendAsync(request);
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new InvalidOperationException($"Seeding: {method} {path} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        }

        return response;
    }

    private static async Task WaitForStateAsync(HttpClient http, string roundId, string token, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await SendAsync(http, HttpMethod.Get, $"api/rounds/{roundId}", token, null, HttpStatusCode.OK);
            last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString()!;
            if (last == state)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Seeding: round {roundId} did not reach {state}; it is {last}.");
    }
}
