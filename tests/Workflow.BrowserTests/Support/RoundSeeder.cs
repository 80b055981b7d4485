using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Commission;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;

namespace Workflow.BrowserTests.Support;

/// <summary>
/// Puts rounds where a browser test needs them, over the HTTP API and with the tokens each real actor would hold:
/// the ministry creates, the operator accepts and publishes, applicants submit, the operator and a reviewer
/// select and train. Phases end by explicit actions; the only date the orchestrator is left to wait for is the
/// publication date, which <see cref="RoundTiming.ToAppointing"/> puts well under a minute away.
/// </summary>
public sealed class RoundSeeder(HttpClient http, Func<string> hostOutput)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A round that accepts applications now. With <see cref="RoundTiming.Browsing"/> (the default) the window stays
    /// open ten minutes, time enough for any page test; with <see cref="RoundTiming.ToAppointing"/> it closes by date
    /// within seconds and publishes soon after, for tests that take the round on with <see cref="RunToAppointingAsync"/>.
    /// </summary>
    public async Task<string> CreateRoundAcceptingApplicationsAsync(RoundTiming? timing = null, string title = "ブラウザ試験の公募")
    {
        var schedule = (timing ?? RoundTiming.Browsing).Plan(DateTimeOffset.UtcNow);
        var japan = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
        var fiscalYear = japan.Month >= 4 ? japan.Year : japan.Year - 1;
        var create = new CreateRoundRequest(fiscalYear, title, "株式会社ブラウザ試験",
            Enum.GetValues<Persona>().Select(p => new PersonaOpening(p, 2)).ToList(), schedule);

        using var created = await SendAsync(HttpMethod.Post, "api/rounds", Token(ActorRole.Ministry), JsonContent.Create(create, options: Json.Options));
        var roundId = (await ExpectAsync(created, HttpStatusCode.Created)).GetProperty("roundId").GetString()!;

        var operatorToken = OperatorToken(roundId);
        using (var accepted = await SendAsync(HttpMethod.Post, $"api/rounds/{roundId}/commission/accept", operatorToken))
        {
            await ExpectAsync(accepted, HttpStatusCode.Accepted);
        }

        // Publishing is refused (409) until the stored state has moved to commissionAccepted.
        await WaitForStateAsync(roundId, "commissionAccepted");
        using (var published = await SendAsync(HttpMethod.Post, $"api/rounds/{roundId}/call/publish", operatorToken))
        {
            await ExpectAsync(published, HttpStatusCode.Accepted);
        }

        await WaitForStateAsync(roundId, "acceptingApplications");
        return roundId;
    }

    /// <summary>
    /// A round whose operator let the acceptance deadline pass (two seconds from now): it waits for the ministry to
    /// extend the deadline or cancel the round. The window opens in an hour, so an extension has room.
    /// </summary>
    public async Task<string> CreateOverdueRoundAsync(string title)
    {
        var now = DateTimeOffset.UtcNow;
        var wholeSecond = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var plan = new RoundTiming(TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1)).Plan(now.AddHours(1));
        var schedule = plan with { AcceptCommissionBy = wholeSecond.AddSeconds(2) };
        var japan = now.ToOffset(TimeSpan.FromHours(9));
        var create = new CreateRoundRequest(japan.Month >= 4 ? japan.Year : japan.Year - 1, title, "株式会社ブラウザ試験",
            [new PersonaOpening(Persona.Producer, 1)], schedule);
        using var created = await SendAsync(HttpMethod.Post, "api/rounds", Token(ActorRole.Ministry), JsonContent.Create(create, options: Json.Options));
        var roundId = (await ExpectAsync(created, HttpStatusCode.Created)).GetProperty("roundId").GetString()!;
        await WaitForStateAsync(roundId, "commissionOverdue");
        return roundId;
    }

    /// <summary>Applies as an applicant does: multipart with the form as JSON and the résumé as a PDF.</summary>
    public async Task<(string ApplicationId, string AccessToken)> SubmitApplicationAsync(string roundId, ApplicationForm form, byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var multipart = new MultipartFormDataContent();
        multipart.Add(new StringContent(JsonSerializer.Serialize(form, Json.Options), Encoding.UTF8, "application/json"), "application");
        var resume = new ByteArrayContent(pdf);
        resume.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        multipart.Add(resume, "resume", "shokumu-keirekisho.pdf");
        using var response = await http.PostAsync(new Uri($"api/rounds/{Uri.EscapeDataString(roundId)}/applications", UriKind.Relative), multipart);
        var receipt = await ExpectAsync(response, HttpStatusCode.Created);
        return (receipt.GetProperty("applicationId").GetString()!, receipt.GetProperty("accessToken").GetString()!);
    }

    /// <summary>The operator closes the window early; screening runs; the round waits for the panel.</summary>
    public async Task CloseWindowAndWaitForPanelReviewAsync(string roundId)
    {
        using (var closed = await SendAsync(HttpMethod.Post, $"api/rounds/{roundId}/call/close", OperatorToken(roundId)))
        {
            // 409 when the window has already closed by date: the round goes on to screening all the same.
            if (closed.StatusCode != HttpStatusCode.Conflict)
            {
                await ExpectAsync(closed, HttpStatusCode.Accepted);
            }
        }

        await WaitForStateAsync(roundId, "panelReview");
    }

    /// <summary>The sign-in ids of the panel <see cref="SeedPanelAsync"/> names.</summary>
    public static IReadOnlyList<string> SeededReviewers { get; } = ["seed-reviewer-1", "seed-reviewer-2", "seed-reviewer-3"];

    /// <summary>
    /// From the open window to ⑦任用: the window closes, a panel of three scores every eligible persona of every eligible
    /// application, the operator (after declaring no conflict) selects each of them, finalizes the selection, records
    /// full attendance of every session for those selected and finalizes the training; then the orchestrator publishes
    /// on the publication date.
    /// </summary>
    /// <returns>The ids of the selected (and so certified and published) applications.</returns>
    public async Task<IReadOnlyList<string>> RunToAppointingAsync(string roundId)
    {
        await CloseWindowAndWaitForPanelReviewAsync(roundId);
        var eligible = await ScoreByPanelAsync(roundId);
        foreach (var (applicationId, personas) in eligible)
        {
            foreach (var persona in personas)
            {
                await DecideAsync(roundId, applicationId, "selected", "スキル標準の要件を満たし、自治体DXへの貢献が期待できるため。", persona);
            }
        }

        using (var finalized = await SendAsync(HttpMethod.Post, $"api/rounds/{roundId}/selection/finalize", OperatorToken(roundId)))
        {
            await ExpectAsync(finalized, HttpStatusCode.Accepted);
        }

        return await TrainAndWaitForAppointingAsync(roundId);
    }

    /// <summary>
    /// After the selection is finalized: the operator records full attendance of every session for those selected and
    /// finalizes the training; then the orchestrator publishes on the publication date.
    /// </summary>
    /// <returns>The ids of the selected applications.</returns>
    public async Task<IReadOnlyList<string>> TrainAndWaitForAppointingAsync(string roundId)
    {
        var operatorToken = OperatorToken(roundId);
        await WaitForStateAsync(roundId, "training");
        var selected = await ListApplicationIdsAsync(roundId, "selected", operatorToken);
        var round = await GetRoundAsync(roundId);
        foreach (var session in round.GetProperty("schedule").GetProperty("trainingSessions").EnumerateArray())
        {
            var number = session.GetProperty("number").GetInt32();
            using var recorded = await SendAsync(HttpMethod.Put, $"api/rounds/{roundId}/training/sessions/{number}/attendance", operatorToken,
                JsonContent.Create(new { attendees = selected, absentees = Array.Empty<string>() }));
            await ExpectAsync(recorded, HttpStatusCode.OK);
        }

        using (var trained = await SendAsync(HttpMethod.Post, $"api/rounds/{roundId}/training/finalize", operatorToken))
        {
            await ExpectAsync(trained, HttpStatusCode.Accepted);
        }

        var publication = round.GetProperty("schedule").GetProperty("publicationDate").GetDateTimeOffset();
        var untilPublication = publication - DateTimeOffset.UtcNow;
        await WaitForStateAsync(roundId, "appointing", TimeSpan.FromSeconds(45) + (untilPublication > TimeSpan.Zero ? untilPublication : TimeSpan.Zero));
        return selected;
    }

    /// <summary>The operator names <see cref="SeededReviewers"/> as the round's panel.</summary>
    public async Task SeedPanelAsync(string roundId)
    {
        var members = SeededReviewers.Select((subject, i) => new { subject, name = $"試験委員{i + 1}" }).ToList();
        using var assigned = await SendAsync(HttpMethod.Put, $"api/rounds/{roundId}/panel", OperatorToken(roundId), JsonContent.Create(new { members }));
        await ExpectAsync(assigned, HttpStatusCode.OK);
    }

    /// <summary>
    /// A panel of three (<see cref="SeedPanelAsync"/>) declares no conflict on every eligible application of the round and
    /// scores each persona screening found eligible, every item at level 3: the quorum the operator's decision needs.
    /// </summary>
    /// <returns>Each eligible application with its eligible personas (camelCase, as the API writes them).</returns>
    public async Task<IReadOnlyList<(string ApplicationId, IReadOnlyList<string> Personas)>> ScoreByPanelAsync(string roundId)
    {
        await SeedPanelAsync(roundId);
        var eligible = await ListEligibleAsync(roundId);
        foreach (var subject in SeededReviewers)
        {
            var reviewer = TestSignIn.Token(ActorRole.Reviewer, [roundId], subject: subject);
            foreach (var (applicationId, personas) in eligible)
            {
                var application = $"api/rounds/{roundId}/applications/{applicationId}";
                using (var declared = await SendAsync(HttpMethod.Put, $"{application}/conflict-of-interest", reviewer, JsonContent.Create(new { hasConflict = false })))
                {
                    await ExpectAsync(declared, HttpStatusCode.OK);
                }

                foreach (var persona in personas)
                {
                    var items = new SkillStandardVersions().Current.For(Enum.Parse<Persona>(persona, ignoreCase: true)).AllSkills
                        .Select(s => new { code = s.Code, level = 3, reason = (string?)null }).ToList();
                    using var scored = await SendAsync(HttpMethod.Put, $"{application}/scores/{persona}", reviewer, JsonContent.Create(new { items, comment = (string?)null }));
                    await ExpectAsync(scored, HttpStatusCode.OK);
                }
            }
        }

        return eligible;
    }

    /// <summary>The operator's decision on one persona of an application, after declaring no conflict (as the API asks of whoever decides).</summary>
    public async Task DecideAsync(string roundId, string applicationId, string decision, string? reason, string? persona = null)
    {
        var operatorToken = OperatorToken(roundId);
        var application = $"api/rounds/{roundId}/applications/{applicationId}";
        using (var declared = await SendAsync(HttpMethod.Put, $"{application}/conflict-of-interest", operatorToken, JsonContent.Create(new { hasConflict = false })))
        {
            await ExpectAsync(declared, HttpStatusCode.OK);
        }

        using var decided = await SendAsync(HttpMethod.Put, $"{application}/decision", operatorToken, JsonContent.Create(new { decision, reason, persona }));
        await ExpectAsync(decided, HttpStatusCode.OK);
    }

    /// <summary>
    /// The ministry registers the sample municipalities (千代田区 among them) with an empty address column, so that each
    /// is on file without an address whatever was registered before.
    /// </summary>
    public async Task ImportSampleMunicipalitiesAsync()
    {
        var csv = new StringBuilder("code,name,prefecture,email\n");
        foreach (var m in Workflow.Domain.Municipalities.MunicipalityCsv.Sample)
        {
            csv.Append(m.Code).Append(',').Append(m.Name).Append(',').Append(m.Prefecture).Append(",\n");
        }

        using var imported = await SendAsync(HttpMethod.Post, "api/municipalities/import", Token(ActorRole.Ministry), new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        await ExpectAsync(imported, HttpStatusCode.OK);
    }

    /// <summary>The first day of the terms the seeder's municipalities ask for: a month ahead, in Japan.</summary>
    public static DateOnly StartOfTerm => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime).AddDays(30);

    /// <summary>
    /// ⑦ over the API: a municipality asks for a person on the roster as CIO補佐官, the person accepts with their access
    /// token, and the appointment's orchestration records the answer (its business log line is waited for).
    /// </summary>
    /// <returns>The appointment's id.</returns>
    public async Task<string> AppointAsync(string roundId, string candidateId, string accessToken, string municipality)
    {
        var city = TestSignIn.Token(ActorRole.Municipality, municipality: municipality);
        using var requested = await SendAsync(HttpMethod.Post, $"api/rounds/{roundId}/appointments", city, JsonContent.Create(new
        {
            candidateId, role = "cioAdvisor", employmentForm = "specialPartTime", startsOn = StartOfTerm.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            endsOn = StartOfTerm.AddYears(1).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), daysPerWeek = 2, workStyle = "hybrid",
        }));
        var appointmentId = (await ExpectAsync(requested, HttpStatusCode.Created)).GetProperty("appointmentId").GetString()!;

        using (var answer = new HttpRequestMessage(HttpMethod.Post, new Uri($"api/appointments/{appointmentId}/answer", UriKind.Relative)) { Content = JsonContent.Create(new { accept = true }) })
        {
            answer.Headers.Add("X-Applicant-Token", accessToken);
            using var answered = await http.SendAsync(answer);
            await ExpectAsync(answered, HttpStatusCode.Accepted);
        }

        // The round's history (business log beside the orchestrations) says when the orchestration recorded the answer.
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await SendAsync(HttpMethod.Get, $"api/audit/rounds/{roundId}/history?pageSize=5000", Token(ActorRole.Auditor));
            var history = await ExpectAsync(response, HttpStatusCode.OK);
            if (history.GetProperty("items").EnumerateArray().Any(i =>
                    i.TryGetProperty("action", out var action) && action.GetString() == "AppointmentAnswered"
                    && i.TryGetProperty("subject", out var subject) && subject.GetString() == appointmentId))
            {
                return appointmentId;
            }

            await Task.Delay(Poll);
        }

        throw new Xunit.Sdk.XunitException($"the answer to appointment {appointmentId} was not recorded.\nhost output:\n{hostOutput()}");
    }

    /// <summary>The round as the ministry's dashboard reads it (GET /api/rounds/{id}).</summary>
    public async Task<JsonElement> GetRoundAsync(string roundId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/rounds/{roundId}", Token(ActorRole.Ministry));
        return await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Polls the round until its state is <paramref name="state"/> (camelCase, as the API writes it).</summary>
    public async Task WaitForStateAsync(string roundId, string state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var view = await GetRoundAsync(roundId);
            last = view.GetProperty("state").GetString();
            if (last == state)
            {
                return;
            }

            if (last == "cancelled" || (view.TryGetProperty("runtimeStatus", out var runtime) && runtime.GetString() is "Failed" or "Terminated"))
            {
                break;
            }

            await Task.Delay(Poll);
        }

        throw new Xunit.Sdk.XunitException($"round {roundId} did not reach {state}; it is {last}.\nhost output:\n{hostOutput()}");
    }

    /// <summary>
    /// A form that passes screening for the producer persona (ITストラテジスト and strategy leadership), every skill
    /// item rated; <paramref name="n"/> makes the name and e-mail address differ between applicants of one round.
    /// </summary>
    public static ApplicationForm EligibleProducer(int n = 1) => new(
        $"試験 太郎{n}",
        "シケン タロウ",
        $"taro.shiken{n:D3}@example.jp",
        "090-1234-5678",
        "東京都",
        [Persona.Producer],
        new SkillStandardVersions().Current.For(Persona.Producer).AllSkills.Select(s => new SelfAssessment(s.Code, 3)).ToList(),
        [Qualification.ITStrategist],
        [],
        [new ExperienceClaim(ExperienceKind.DigitalStrategyLeadership, 8, "通信事業者のDX推進室長として全社デジタル戦略を立案し、チームを率いて推進。")],
        ListingTier.Public);

    /// <summary>
    /// A form that passes screening for both the producer (ITストラテジスト, strategy leadership) and the engineer
    /// (ITサービスマネージャ, tool implementation), every skill item of both rated; names and addresses differ by
    /// <paramref name="n"/> as in <see cref="EligibleProducer"/>.
    /// </summary>
    public static ApplicationForm EligibleProducerAndEngineer(int n) => new(
        $"試験 太郎{n}",
        "シケン タロウ",
        $"taro.shiken{n:D3}@example.jp",
        "090-1234-5678",
        "東京都",
        [Persona.Producer, Persona.Engineer],
        new[] { Persona.Producer, Persona.Engineer }.SelectMany(p => new SkillStandardVersions().Current.For(p).AllSkills).Select(s => new SelfAssessment(s.Code, 3)).ToList(),
        [Qualification.ITStrategist, Qualification.ITServiceManager],
        [],
        [
            new ExperienceClaim(ExperienceKind.DigitalStrategyLeadership, 8, "通信事業者のDX推進室長として全社デジタル戦略を立案し、チームを率いて推進。"),
            new ExperienceClaim(ExperienceKind.DigitalToolImplementation, 5, "RPAとノーコードツールで経理・人事の定型業務を自動化。"),
        ],
        ListingTier.Public);

    /// <summary>A small but well-formed one-page PDF 1.4 (the API checks the signature; anything may open it).</summary>
    public static byte[] ResumePdf()
    {
        const string stream = "BT /F1 14 Tf 72 770 Td (Shokumu Keirekisho - browser test) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    private static string Token(ActorRole role, IEnumerable<string>? rounds = null) => TestSignIn.Token(role, rounds);

    private static string OperatorToken(string roundId) => Token(ActorRole.Operator, [roundId]);

    private async Task<List<string>> ListApplicationIdsAsync(string roundId, string status, string token)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var query = $"api/rounds/{roundId}/applications?status={status}&pageSize=200"
                + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation));
            using var response = await SendAsync(HttpMethod.Get, query, token);
            var page = await ExpectAsync(response, HttpStatusCode.OK);
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicationId").GetString()!));
            continuation = page.TryGetProperty("continuation", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(continuation));

        return ids;
    }

    /// <summary>The eligible applications with the personas screening found each eligible for.</summary>
    private async Task<List<(string ApplicationId, IReadOnlyList<string> Personas)>> ListEligibleAsync(string roundId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/rounds/{roundId}/applications?status=eligible&pageSize=200", OperatorToken(roundId));
        var page = await ExpectAsync(response, HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Select(i => (
            i.GetProperty("applicationId").GetString()!,
            (IReadOnlyList<string>)i.GetProperty("screening").GetProperty("perPersona").EnumerateArray()
                .Where(p => p.GetProperty("eligible").GetBoolean()).Select(p => p.GetProperty("persona").GetString()!).ToList())).ToList();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content }.WithToken(token);
        return http.SendAsync(request);
    }

    private async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new Xunit.Sdk.XunitException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}, expected {(int)expected}:\n"
                + $"{body}\nhost output:\n{hostOutput()}");
        }

        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}

/// <summary>
/// How far apart a seeded round's dates are. Every phase but publication is ended early by an action, so the
/// dates only bound how long a test may take to act and how long it waits for the publication date.
/// </summary>
/// <param name="Window">From the opening (a few seconds from now) to the closing date.</param>
/// <param name="Selection">From the closing date to the selection deadline; the training sessions follow it a second apart.</param>
/// <param name="Publication">From the last training session to the publication date.</param>
public sealed record RoundTiming(TimeSpan Window, TimeSpan Selection, TimeSpan Publication)
{
    /// <summary>Long enough for the operator to accept and publish before the window opens.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(4);

    /// <summary>The window stays open ten minutes: for tests that only apply and read.</summary>
    public static RoundTiming Browsing { get; } = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

    /// <summary>
    /// Publication about 40 s after the opening: applications must be submitted in the first 15 s (the window
    /// then closes by date), the panel has until 25 s, the training until 40 s.
    /// </summary>
    public static RoundTiming ToAppointing { get; } = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

    public RoundSchedule Plan(DateTimeOffset now)
    {
        var opens = Whole(now + Lead);
        var closes = opens + Window;
        var selection = closes + Selection;
        var modules = Curriculum.DefaultModuleOfSession(Curriculum.MinSessions);
        var sessions = modules.Select((module, i) => new TrainingSession(i + 1, module, selection.AddSeconds(i + 1))).ToList();
        var publication = sessions[^1].StartsAt + Publication;
        return new RoundSchedule(opens, opens, closes, selection, sessions, publication, publication.AddDays(30));
    }

    /// <summary>Whole seconds: the stored schedule and the orchestrator's timers read better that way.</summary>
    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
