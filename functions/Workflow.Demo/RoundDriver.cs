using System.Text.Json;
using System.Diagnostics;
using System.Globalization;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;

namespace Workflow.Demo;

/// <summary>
/// Drives one recruiting round through the seed's seven steps over HTTP, each call made by the actor who would
/// make it in reality. Phases are ended by explicit actions (early close, finalize), never by waiting for a
/// deadline, except the publication date, which the orchestrator waits for by itself.
/// </summary>
/// <param name="handler">For in-process tests: routes the calls to a test server instead of the network.</param>
public sealed class RoundDriver(HttpMessageHandler? handler = null, DemoSettings? settings = null)
{
    public async Task<DemoReport> RunAsync(Uri baseUrl, int applicants, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentOutOfRangeException.ThrowIfLessThan(applicants, 1);
        using var api = new ApiClient(baseUrl, handler);
        var run = new DemoRun(api, applicants, settings ?? new DemoSettings(), progress ?? new NoProgress(), cancellationToken);
        return await run.ExecuteAsync();
    }

    private sealed class NoProgress : IProgress<string>
    {
        public void Report(string value)
        {
        }
    }
}

/// <summary>The state of one run; its step methods are named after the seed's steps ①–⑦.</summary>
internal sealed class DemoRun(ApiClient api, int applicantCount, DemoSettings settings, IProgress<string> progress, CancellationToken cancellationToken)
{
    private const string OperatorName = "株式会社デモ総研";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SettleGrace = TimeSpan.FromSeconds(10);

    private readonly Stopwatch _clock = new();
    private readonly List<Submitted> _accepted = [];
    private readonly Dictionary<string, Submitted> _byApplicationId = new(StringComparer.Ordinal);
    private readonly List<WorkflowApi.Models.RosterEntry> _roster = [];
    private readonly MunicipalityApi _municipality = api.Municipality(settings.MunicipalityCode);
    private string _roundId = string.Empty;
    private string _instanceId = string.Empty;
    private RoundSchedule _schedule = null!;
    private IReadOnlyList<Persona> _sought = [];
    private int _invalidSent;
    private int _receiptsLost;
    private int _rejectedInvalid;
    private int _reviewers;
    private int _scoresRecorded;
    private readonly Dictionary<Persona, int> _selectedByPersona = [];

    /// <summary>The panel's size: the minimum the API accepts, three reviewers.</summary>
    private const int PanelSize = 3;

    /// <summary>The panel mean from which the demo's operator selects, on the 4-step scale.</summary>
    private const double SelectionBar = 2.5;

    /// <summary>
    /// One reviewer's levels for every skill item of the persona: around a level the reviewer forms of the person,
    /// with the reason the API asks for at either end of the scale.
    /// </summary>
    private static WorkflowApi.Models.ScoresRequest Scores(Persona persona, Random random)
    {
        var impression = random.Next(SelfAssessmentScale.Min + 1, SelfAssessmentScale.Max + 1);
        var items = SyntheticApplicants.Standard.For(persona).AllSkills.Select(skill =>
        {
            var level = Math.Clamp(impression + random.Next(-1, 2), SelfAssessmentScale.Min, SelfAssessmentScale.Max);
            var reason = level == SelfAssessmentScale.Max ? "職務経歴に、この項目を指導する立場での具体的な実績が記載されています。"
                : level == SelfAssessmentScale.Min ? "職務経歴から、この項目の実施経験が確認できません。"
                : null;
            return new WorkflowApi.Models.ItemScore { Code = skill.Code, Level = level, Reason = reason };
        }).ToList();
        return new WorkflowApi.Models.ScoresRequest { Items = items };
    }

    private sealed record Submitted(SyntheticApplicant Applicant, string ApplicationId, string AccessToken);

    public async Task<DemoReport> ExecuteAsync()
    {
        _clock.Start();
        await CheckHostAsync();
        await CommissionAsync();
        await AdvertiseAsync();
        await ApplyAsync();
        await SelectAsync();
        await TrainAsync();
        await PublishAsync();
        await AppointAsync();
        return await ReportAsync();
    }

    private async Task CheckHostAsync()
    {
        try
        {
            await api.Public.HealthAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new DemoFailedException($"The API at {api.ApiRoot} does not answer ({e.Message}). Start it first (./workflow up).");
        }
    }

    /// <summary>① 委託: the ministry creates the round and commissions the operator, who accepts.</summary>
    private async Task CommissionAsync()
    {
        Header(1, "commission", "委託", "the ministry commissions a round; the operator accepts");
        _schedule = DemoSchedule.Plan(DateTimeOffset.UtcNow, settings.BudgetFor(applicantCount));
        var fiscalYear = DemoSchedule.FiscalYear(DateTimeOffset.UtcNow);
        (Persona Persona, int HeadCount)[] openings =
        [
            (Persona.Producer, HeadCount(0.05)),
            (Persona.ProjectManager, HeadCount(0.1)),
            (Persona.ServiceDesigner, HeadCount(0.08)),
            (Persona.Engineer, HeadCount(0.12)),
        ];
        var request = new WorkflowApi.Models.CreateRoundRequest
        {
            FiscalYear = fiscalYear,
            Title = $"令和{fiscalYear - 2018}年度 自治体DX外部人材確保支援事業（デモ）",
            OperatorName = OperatorName,
            Personas = [.. openings.Select(o => new WorkflowApi.Models.PersonaOpening { Persona = ApiViews.Api<WorkflowApi.Models.Persona>(o.Persona), HeadCount = o.HeadCount })],
            Schedule = ApiViews.Api(_schedule),
        };
        _sought = openings.Select(o => o.Persona).ToList();
        var created = await api.Ministry.CreateRoundAsync(request, cancellationToken);
        _roundId = created.RoundId ?? throw new ApiException("The created round has no id.", 201, null);
        _instanceId = created.InstanceId ?? string.Empty;
        api.WorkOn(_roundId);
        Say($"ministry: created round {_roundId} (instance {_instanceId}) for {OperatorName}: {created.State}");
        Say($"schedule: opens {T(_schedule.ApplicationOpensAt)}, closes {T(_schedule.ApplicationClosesAt)}, selection by {T(_schedule.SelectionDeadline)}, "
            + $"{_schedule.TrainingSessions.Count} sessions {T(_schedule.TrainingSessions[0].StartsAt)}–{T(_schedule.TrainingSessions[^1].StartsAt)}, "
            + $"publication {T(_schedule.PublicationDate)}, appointments until {_schedule.AppointmentClosesAt.ToLocalTime():yyyy-MM-dd HH:mm}");

        await api.Operator.AcceptCommissionAsync(_roundId, cancellationToken);
        Say("operator: accepted the commission");
        await WaitForStateAsync(RoundState.CommissionAccepted);
    }

    /// <summary>② 公募: the operator publishes the call; it opens on its date and is listed publicly.</summary>
    private async Task AdvertiseAsync()
    {
        Header(2, "advertise", "公募", "the operator publishes the call");
        await api.Operator.PublishCallAsync(_roundId, cancellationToken);
        Say("operator: published the call");
        await WaitForStateAsync(RoundState.AcceptingApplications);

        var calls = await api.Public.ListCallsAsync(cancellationToken);
        var call = (calls.Items ?? []).FirstOrDefault(c => c.RoundId == _roundId)
            ?? throw new DemoFailedException($"GET /api/calls does not list round {_roundId} although it accepts applications.");
        Say($"public: GET /api/calls lists 「{call.Title}」 (acceptingApplications={call.AcceptingApplications}, {calls.Items?.Count ?? 0} open call(s) in all)");
    }

    /// <summary>③ 応募: synthetic applicants submit; three invalid submissions must be refused with problem+json.</summary>
    private async Task ApplyAsync()
    {
        Header(3, "apply", "応募", $"{applicantCount} applicants submit (concurrency {settings.Concurrency}), plus 3 invalid submissions");
        var people = SyntheticApplicants.Generate(applicantCount, _sought, settings.Seed, settings.ResumeBytes ?? 0);
        Say($"generated {people.Count} applicants (seed {settings.Seed}); the domain's screening rules predict {people.Count(p => p.PredictedEligible)} eligible");

        var results = new Submitted?[people.Count];
        var done = 0;
        Task halfway = Task.CompletedTask;
        var every = Math.Max(1, people.Count / 5);
        await Parallel.ForEachAsync(
            people,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (person, ct) =>
            {
                results[person.Index] = await SubmitWithRetryAsync(person, ct);
                var count = Interlocked.Increment(ref done);
                if (count == people.Count / 2 && settings.Milestone is { } milestone)
                {
                    halfway = Task.Run(() => milestone(DemoSettings.ApplicationsHalfway, ct), ct);
                }

                if (count % every == 0 || count == people.Count)
                {
                    Say($"applicants: {count}/{people.Count} submitted");
                }
            });

        await halfway;
        foreach (var submitted in results)
        {
            _accepted.Add(submitted!);
            if (submitted!.ApplicationId.Length > 0)
            {
                _byApplicationId[submitted.ApplicationId] = submitted;
            }
        }

        var first = _accepted[0];
        Say($"e.g. {first.Applicant.Form.FullName} <{first.Applicant.Form.Email}>: {first.ApplicationId}, access token {first.AccessToken[..16]}…");

        var valid = people[0];
        await SubmitInvalidAsync("bad e-mail address", valid.Form with { Email = "suzuki.ichiro@example", Listing = ListingTier.Public }, valid.Resume, "application/pdf", 400);
        await SubmitInvalidAsync("résumé that is not a PDF", valid.Form with { Email = "not-a-pdf@example.jp" }, "これはPDFではありません。"u8.ToArray(), "text/plain", 400);
        await SubmitInvalidAsync($"duplicate of {valid.Form.Email}", valid.Form with { FullName = "重複 太郎", FullNameKana = "チョウフク タロウ" }, valid.Resume, "application/pdf", 409);
    }

    /// <summary>
    /// Submits like a patient applicant: if the host is down or fails, tries again with the same Idempotency-Key, so a
    /// try that was stored but whose answer was lost (the host killed in between) is answered with its receipt. A 409
    /// after a failed try would mean the receipt was lost for good: the application counts, without a known id or
    /// access token, and the report names it as a violation.
    /// </summary>
    private async Task<Submitted> SubmitWithRetryAsync(SyntheticApplicant person, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + settings.EffectiveWaitTimeout;
        var idempotencyKey = "demo-" + Guid.NewGuid().ToString("N");
        var application = ApplicantApi.Request(person.Form);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var receipt = await api.Applicant.SubmitAsync(_roundId, application, person.Resume, person.ResumeFileName, ct, idempotencyKey);
                return new Submitted(person, receipt.ApplicationId ?? string.Empty, receipt.AccessToken ?? string.Empty);
            }
            catch (ApiException e) when (e.Status == 409 && attempt > 0)
            {
                Interlocked.Increment(ref _receiptsLost);
                return new Submitted(person, string.Empty, string.Empty);
            }
            catch (ApiException e) when (e.Status >= 500 && DateTime.UtcNow < deadline)
            {
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private async Task SubmitInvalidAsync(string what, ApplicationForm form, byte[] resume, string contentType, int expectedStatus)
    {
        _invalidSent++;
        // Raw on purpose: what is sent breaks the API's rules, which the generated client would not let through.
        var response = await api.Applicant.SubmitRawAsync(_roundId, JsonSerializer.Serialize(form, DemoJson.Options), resume, contentType, "resume.bin", cancellationToken);
        if (response.Status is < 400 or >= 500)
        {
            throw new DemoFailedException($"An invalid submission ({what}) was answered {response.Status} instead of a 4xx:{Environment.NewLine}{ApiResponse.Pretty(response.Body)}");
        }

        if (!response.IsProblem)
        {
            throw new DemoFailedException($"An invalid submission ({what}) got {response.Status} as {response.MediaType ?? "no content type"}, not application/problem+json.");
        }

        _rejectedInvalid++;
        var problem = response.Problem();
        var fields = ApiClient.Messages(problem) is { Count: > 0 } errors ? " [" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + "]" : string.Empty;
        var note = response.Status == expectedStatus ? string.Empty : $" (expected {expectedStatus})";
        Say($"invalid ({what}): {response.Status}{note} {problem?.Title}{fields}");
    }

    /// <summary>④ 選定: the operator closes the window; screening runs; the panel decides and finalizes.</summary>
    private async Task SelectAsync()
    {
        Header(4, "select", "選定", "the operator closes the window early, the panel decides on eligible applications");
        try
        {
            await api.Operator.CloseApplicationsAsync(_roundId, cancellationToken);
            Say("operator: closed the application window");
        }
        catch (ApiException e) when (e.Status == 409)
        {
            // Slow submissions (a host restarted mid-intake, retries waiting for it to come back) can outlast the
            // window: if it closed on its date, that is what closing early would have done.
            if ((await api.Operator.GetRoundAsync(_roundId, cancellationToken)).StateOf() <= RoundState.AcceptingApplications)
            {
                throw;
            }

            Say("operator: the application window had already closed on its date");
        }
        if (settings.Milestone is { } milestone)
        {
            await milestone(DemoSettings.WindowClosed, cancellationToken);
        }

        var review = await WaitForStateAsync(RoundState.PanelReview);
        Say($"screening: {review.Counts?.Eligible} of {review.Counts?.Submitted} eligible (predicted {_accepted.Count(a => a.Applicant.PredictedEligible)})");

        var eligible = (await ListAllAsync(ApplicationStatus.Eligible)).OrderBy(IndexOf).ToList();
        if (eligible.Count == 0)
        {
            throw new DemoFailedException("No application passed screening: the panel has nobody to select.");
        }

        // ④ The panel: the operator names three reviewers; each scores every eligible persona of every shortlisted
        // application on the standard's skill items, independently; the operator then decides with the panel's result.
        var reviewers = Enumerable.Range(1, PanelSize).Select(api.Reviewer).ToList();
        await api.Operator.AssignPanelAsync(_roundId, reviewers.Select((r, i) => new WorkflowApi.Models.PanelMember { Subject = r.Subject, Name = $"選定委員{(char)('A' + i)}" }).ToList(), cancellationToken);
        _reviewers = reviewers.Count;
        Say($"operator: named {reviewers.Count} reviewers to the panel");

        // The scores are drawn from the panel's own seeded sequence, so they do not shift when the applicants change.
        var random = new Random(unchecked(settings.Seed * 31 + 7));
        var rows = eligible.SelectMany(a => EligiblePersonas(a).Select(p => (Application: a, Persona: p))).ToList();
        var plans = rows.Select(row => (ApplicationId: Id(row.Application), row.Persona,
            Scores: reviewers.Select(_ => Scores(row.Persona, random)).ToList())).ToList();
        await Parallel.ForEachAsync(
            plans.SelectMany(p => p.Scores.Select((scores, i) => (p.ApplicationId, p.Persona, Reviewer: reviewers[i], Scores: scores))),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (s, ct) => await s.Reviewer.ScoreAsync(_roundId, s.ApplicationId, s.Persona, s.Scores, ct));
        _scoresRecorded = plans.Sum(p => p.Scores.Count);
        Say($"panel: {_scoresRecorded} scorings of {rows.Count} application-personas by {reviewers.Count} reviewers");

        // The operator selects where the panel's mean reaches the bar, and the first row so that someone is trained.
        string[] reasons =
        [
            "人材像ごとの募集人数を踏まえ、他の候補者を優先しました。",
            "自治体での業務経験に関する記載が、他の候補者と比べて具体性に欠けました。",
            "スキル要件は満たしていますが、今回はより評価の高い候補者を選定しました。",
        ];
        var decisions = plans.Select((p, i) =>
        {
            var mean = p.Scores.Average(s => s.Items!.Average(item => item.Level!.Value));
            var persona = ApiViews.Api<WorkflowApi.Models.Persona>(p.Persona);
            return (p.ApplicationId, p.Persona, Decision: i == 0 || mean >= SelectionBar
                ? new WorkflowApi.Models.DecisionRequest
                {
                    Decision = WorkflowApi.Models.PanelDecision.Selected, Reason = "選定委員会の採点でスキル標準の各項目が高く評価され、自治体DXへの貢献が期待できるため。", Persona = persona,
                }
                : new WorkflowApi.Models.DecisionRequest
                {
                    Decision = WorkflowApi.Models.PanelDecision.NotSelected, Reason = reasons[random.Next(reasons.Length)], Persona = persona,
                });
        }).ToList();

        // One application's personas one after another: each decision is written on the row the previous one changed.
        await Parallel.ForEachAsync(
            decisions.GroupBy(d => d.ApplicationId),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                foreach (var d in group)
                {
                    await api.Operator.DecideAsync(_roundId, d.ApplicationId, d.Decision, ct);
                }
            });
        var selectedCount = decisions.Count(d => d.Decision.Decision == WorkflowApi.Models.PanelDecision.Selected);
        foreach (var d in decisions.Where(d => d.Decision.Decision == WorkflowApi.Models.PanelDecision.Selected))
        {
            _selectedByPersona[d.Persona] = _selectedByPersona.GetValueOrDefault(d.Persona) + 1;
        }

        Say($"operator: {decisions.Count} decisions with the panel's results: {selectedCount} selected, {decisions.Count - selectedCount} not selected");

        await api.Operator.FinalizeSelectionAsync(_roundId, cancellationToken);
        Say("operator: finalized the selection");
        var training = await WaitForStateAsync(RoundState.Training);
        Say($"selection outcome: {training.Counts?.Selected} selected");
    }

    /// <summary>⑤ 研修: attendance of every session; one or two people miss one, so not everyone is certified.</summary>
    private async Task TrainAsync()
    {
        Header(5, "train", "研修", "the operator records attendance of every session and ends the training");
        var round = await api.Operator.GetRoundAsync(_roundId, cancellationToken);
        var sessions = round.Schedule?.TrainingSessions ?? [];
        var trainees = (await ListAllAsync(ApplicationStatus.Selected)).OrderBy(IndexOf).Select(Id).ToList();
        if (trainees.Count == 0)
        {
            throw new DemoFailedException("Nobody is in the Selected state after the selection was finalized: there is no one to train.");
        }

        // The last trainees miss a session: the first ones, whom the demo appoints later, complete the training.
        var absences = new Dictionary<string, int>(StringComparer.Ordinal);
        if (trainees.Count >= 3)
        {
            absences[trainees[^1]] = Math.Min(2, sessions.Count);
        }

        if (trainees.Count >= 6)
        {
            absences[trainees[^2]] = sessions.Count;
        }

        foreach (var session in sessions)
        {
            var absent = trainees.Where(t => absences.TryGetValue(t, out var missed) && missed == session.Number).ToList();
            var present = trainees.Except(absent).ToList();

            // The API takes at most 1000 people per call; 500 keeps requests small without many round trips.
            foreach (var chunk in present.Select(id => (id, attended: true)).Concat(absent.Select(id => (id, attended: false))).Chunk(500))
            {
                await api.Operator.RecordAttendanceAsync(_roundId, ApiClient.Present(session.Number, "session number"),
                    new WorkflowApi.Models.AttendanceRequest
                    {
                        Attendees = chunk.Where(c => c.attended).Select(c => c.id).ToList(),
                        Absentees = chunk.Where(c => !c.attended).Select(c => c.id).ToList(),
                    },
                    cancellationToken);
            }

            var module = Curriculum.Modules.FirstOrDefault(m => m.Number == session.Module)?.Title ?? $"module {session.Module}";
            Say($"operator: session {session.Number} ({module}): {present.Count} attended, {absent.Count} absent");
        }

        await api.Operator.FinalizeTrainingAsync(_roundId, cancellationToken);
        Say("operator: ended the training; certificates are issued to those who attended every session");
        if (settings.Milestone is { } milestone)
        {
            await milestone(DemoSettings.TrainingFinalized, cancellationToken);
        }

        var publishing = await WaitForStateAsync(RoundState.Publishing);
        Say($"training outcome: {publishing.Counts?.Certified} certified of {trainees.Count} trainees");
    }

    /// <summary>⑥ 掲載・周知: on the publication date the roster goes public and municipalities are told.</summary>
    private async Task PublishAsync()
    {
        Header(6, "publish", "掲載・周知", $"the orchestrator waits for the publication date ({T(_schedule.PublicationDate)}), publishes and notifies");
        var untilPublication = _schedule.PublicationDate - DateTimeOffset.UtcNow;
        var appointing = await WaitForStateAsync(RoundState.Appointing, untilPublication > TimeSpan.Zero ? untilPublication + settings.EffectiveWaitTimeout : null);
        Say($"published {appointing.Counts?.Published}, notified {appointing.Counts?.MunicipalitiesNotified} municipalities");

        string? continuation = null;
        var pages = 0;
        var shownPublicly = new List<WorkflowApi.Models.PublicRosterEntry>();
        do
        {
            var page = await api.Public.RosterAsync(_roundId, continuation, cancellationToken);
            shownPublicly.AddRange(page.Items ?? []);
            continuation = page.Continuation;
        }
        while (!string.IsNullOrEmpty(continuation) && ++pages < 1000);

        Say($"public: GET /api/roster?roundId={_roundId} shows {shownPublicly.Count} people who chose the public page"
            + (shownPublicly.Count > 0 ? $", e.g. {shownPublicly[0].Name} ({shownPublicly[0].Prefecture}, {string.Join("・", PersonasOf(shownPublicly[0].Personas).Select(SkillStandardCatalog.DisplayName))})" : string.Empty));

        pages = 0;
        do
        {
            var page = await _municipality.RosterAsync(_roundId, continuation, cancellationToken);
            _roster.AddRange(page.Items ?? []);
            continuation = page.Continuation;
        }
        while (!string.IsNullOrEmpty(continuation) && ++pages < 1000);

        Say($"municipality:{_municipality.Code}: GET /api/municipalities/{_municipality.Code}/roster?roundId={_roundId} lists {_roster.Count} people");

        var notice = await FindRosterNoticeAsync()
            ?? throw new DemoFailedException($"Municipality {_municipality.Code} has no RosterPublished notification for round {_roundId}.");
        Say($"municipality:{_municipality.Code}: notification 「{notice.Title}」");
    }

    private async Task<WorkflowApi.Models.Notification?> FindRosterNoticeAsync()
    {
        // Notifications of earlier rounds share the municipality's partition, so the notice may be on any page.
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await _municipality.NotificationsAsync(continuation, cancellationToken);
            if ((page.Items ?? []).FirstOrDefault(n => n.RoundId == _roundId && n.Kind == "RosterPublished") is { } notice)
            {
                return notice;
            }

            continuation = page.Continuation;
        }
        while (!string.IsNullOrEmpty(continuation) && ++pages < 1000);

        return null;
    }

    /// <summary>⑦ 任用: the municipality appoints people from the roster, they accept, the ministry closes the round.</summary>
    private async Task AppointAsync()
    {
        Header(7, "appoint", "任用", $"municipality {_municipality.Code} appoints from the roster; candidates accept; the ministry closes the round");
        var candidates = _roster
            .Where(r => r.CandidateId is not null && _byApplicationId.ContainsKey(r.CandidateId))
            .OrderBy(r => PersonasOf(r.Personas).Contains(Persona.Producer) ? 0 : 1)
            .ThenBy(r => _byApplicationId[r.CandidateId!].Applicant.Index)
            .Take(2)
            .ToList();
        if (candidates.Count == 0)
        {
            throw new DemoFailedException($"The roster of round {_roundId} has nobody this demo applied with: there is no one to appoint.");
        }

        var appointments = new List<(WorkflowApi.Models.AppointmentRecord Appointment, Submitted Candidate)>();
        foreach (var (candidate, i) in candidates.Select((c, i) => (c, i)))
        {
            // CIO補佐官等 (特別交付税措置) only for someone listed as the producer persona; the API refuses anyone else.
            var request = i == 0 && PersonasOf(candidate.Personas).Contains(Persona.Producer)
                ? AYearFromNextMonth(candidate.CandidateId!, WorkflowApi.Models.AppointmentRole.CioAdvisor, null, WorkflowApi.Models.EmploymentForm.SpecialPartTime)
                : AYearFromNextMonth(candidate.CandidateId!, WorkflowApi.Models.AppointmentRole.Other, "DX推進アドバイザー", WorkflowApi.Models.EmploymentForm.Contract);
            var appointment = await _municipality.RequestAppointmentAsync(_roundId, request, cancellationToken);
            appointments.Add((appointment, _byApplicationId[candidate.CandidateId!]));
            Say($"municipality:{_municipality.Code}: asked {candidate.Name} to serve as {appointment.RoleTitle} ({appointment.AppointmentId}, special tax measure: {appointment.WithinSpecialTaxMeasure})");
        }

        foreach (var (appointment, candidate) in appointments)
        {
            await api.Applicant.AnswerAppointmentAsync(appointment.AppointmentId!, candidate.AccessToken, accept: true, cancellationToken);
            Say($"applicant {candidate.Applicant.Form.FullName}: accepted with its access token");
        }

        foreach (var (appointment, _) in appointments)
        {
            await WaitForAppointmentAcceptedAsync(appointment.AppointmentId!);
        }

        await api.Ministry.CloseRoundAsync(_roundId, cancellationToken);
        Say("ministry: closed the round");
        var completed = await WaitForStateAsync(RoundState.Completed);
        Say($"appointed: {completed.Counts?.Appointed}");
    }

    private async Task WaitForAppointmentAcceptedAsync(string appointmentId)
    {
        var deadline = DateTimeOffset.UtcNow + settings.EffectiveWaitTimeout;
        while (true)
        {
            var appointment = await _municipality.GetAppointmentAsync(appointmentId, cancellationToken);
            switch (appointment.Status)
            {
                // The answer is recorded when the person gives it; the municipality learns it when the appointment's
                // orchestration has acted on it, and the round is not done for it before then.
                case WorkflowApi.Models.AppointmentStatus.Accepted when await ToldOfAnswerAsync(appointmentId):
                    Say($"municipality:{_municipality.Code}: appointment {appointmentId} is accepted (answered {T(appointment.AnsweredAt ?? DateTimeOffset.UtcNow)}) and the municipality was told");
                    return;
                case WorkflowApi.Models.AppointmentStatus.Declined or WorkflowApi.Models.AppointmentStatus.Expired:
                    throw new DemoFailedException($"Appointment {appointmentId} ended as {appointment.Status}, not accepted.");
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new DemoFailedException(
                    $"Timed out after {settings.EffectiveWaitTimeout.TotalSeconds:0}s waiting for appointment {appointmentId} to be accepted and the municipality told; it is {appointment.Status}.");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Whether the municipality's inbox has the appointment's answer (written by the appointment's orchestration).</summary>
    private async Task<bool> ToldOfAnswerAsync(string appointmentId)
    {
        string? continuation = null;
        do
        {
            var page = await _municipality.NotificationsAsync(continuation, cancellationToken);
            if ((page.Items ?? []).Any(n => n.Kind == "AppointmentAnswered" && n.SubjectId == appointmentId))
            {
                return true;
            }

            continuation = page.Continuation;
        }
        while (!string.IsNullOrEmpty(continuation));

        return false;
    }

    private async Task<DemoReport> ReportAsync()
    {
        Header(0, "report", "報告", "final view of the round and the auditor's timeline");
        var round = await api.Ministry.GetRoundAsync(_roundId, cancellationToken);
        // The auditor reads the whole timeline, a page at a time, as the API serves it.
        var history = await api.Auditor.RoundHistoryPageAsync(_roundId, 5000, null, cancellationToken);
        var timelineItems = history.Items?.Count ?? 0;
        for (var pages = 1; !string.IsNullOrEmpty(history.Continuation) && pages < 10_000; pages++)
        {
            history = await api.Auditor.RoundHistoryPageAsync(_roundId, 5000, history.Continuation, cancellationToken);
            timelineItems += history.Items?.Count ?? 0;
        }

        Say($"auditor: the timeline has {timelineItems} items over {history.Instances?.Count ?? 0} orchestration instance(s)");
        var verification = await api.Auditor.VerifyRoundLogAsync(_roundId, cancellationToken);
        Say($"auditor: {verification.Summary}");

        var mail = await MailAsync();
        var c = round.Counts ?? throw new ApiException("The round's answer has no counts.", 200, null);
        return new DemoReport(
            _roundId,
            _instanceId,
            applicantCount,
            (round.Steps ?? []).Select(s => new DemoStep(ApiViews.Domain<RoundStep>(s.Step, "step"), s.Status ?? string.Empty, s.CompletedAt)).ToList(),
            new DemoCounts(Count(c.Submitted), _rejectedInvalid, Count(c.Eligible), Count(c.Selected), Count(c.Certified), Count(c.Published),
                Count(c.MunicipalitiesNotified), Count(c.Appointed)),
            Math.Round(_clock.Elapsed.TotalSeconds, 1))
        {
            AcceptedByDemo = _accepted.Count,
            InvalidSent = _invalidSent,
            ReceiptsLost = _receiptsLost,
            AuditTimelineItems = timelineItems,
            Reviewers = _reviewers,
            ScoresRecorded = _scoresRecorded,
            SelectedByPersona = _selectedByPersona.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value),
            Mails = (mail.Items ?? []).Where(m => m.State == WorkflowApi.Models.DeliveryState.Sent).GroupBy(m => m.Kind ?? string.Empty).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            MailStates = MailCounts(mail).Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// The round's mail. With a mail server beside the host (<see cref="DemoSettings.ExpectMail"/>), waits until
    /// nothing is queued or waiting for a retry; otherwise reads it as it stands.
    /// </summary>
    private async Task<WorkflowApi.Models.MailDeliveryList> MailAsync()
    {
        var deadline = DateTimeOffset.UtcNow + settings.EffectiveWaitTimeout;
        while (true)
        {
            var mail = await api.Ministry.GetMailAsync(_roundId, cancellationToken);
            var counts = MailCounts(mail);
            var waiting = counts.GetValueOrDefault("queued") + counts.GetValueOrDefault("failed");
            if (!settings.ExpectMail || waiting == 0)
            {
                Say($"mail: {string.Join(", ", counts.Where(kv => kv.Value > 0).Select(kv => $"{kv.Value} {kv.Key}"))}");
                return mail;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new DemoFailedException($"{waiting} mail(s) of round {_roundId} were still waiting after {settings.EffectiveWaitTimeout.TotalSeconds:0}s: is the mail server (smtp4dev) running?");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Polls the round until it reaches <paramref name="target"/> or a later state on the main line, printing
    /// every change of what it waits for. A cancelled or failed orchestration ends the wait at once.
    /// </summary>
    /// <remarks>
    /// The view's state is stored by an activity, but its counts and "waiting for" come from the orchestrator's
    /// custom status, which is only saved at the orchestrator's next wait. Right after a state change the counts
    /// can therefore still be the previous step's; <see cref="Settled"/> says when they have caught up.
    /// </remarks>
    private async Task<RoundView> WaitForStateAsync(RoundState target, TimeSpan? timeout = null)
    {
        var limit = timeout ?? settings.EffectiveWaitTimeout;
        var deadline = DateTimeOffset.UtcNow + limit;
        var settleBy = (DateTimeOffset?)null;
        string? last = null;
        while (true)
        {
            var view = await api.Operator.GetRoundAsync(_roundId, cancellationToken);
            var key = $"{view.StateOf()}|{view.WaitingFor}|{view.WaitingUntil:O}";
            if (key != last)
            {
                last = key;
                var until = view.WaitingUntil is not { } u ? string.Empty
                    : (u - DateTimeOffset.UtcNow) is var left && left < TimeSpan.FromHours(1) ? $" until {T(u)} (in {Math.Max(0, left.TotalSeconds):0}s)"
                    : $" until {T(u)}";
                Say($"  … round is {view.StateOf()} ({view.StateName}), waiting for {view.WaitingFor ?? "-"}{until}");
            }

            if (view.StateOf() == RoundState.Cancelled || view.RuntimeStatus is "Failed" or "Terminated")
            {
                throw new DemoFailedException($"Round {_roundId} ended as {view.StateOf()} (orchestration {view.RuntimeStatus ?? "unknown"}) while the demo waited for {target}.");
            }

            if (view.StateOf() >= target)
            {
                // A final state must be read from the finished orchestration; otherwise a short grace period is
                // enough, after which a lagging status only makes a progress line less precise.
                settleBy ??= DateTimeOffset.UtcNow + (target == RoundState.Completed ? limit : SettleGrace);
                if (Settled(view, target))
                {
                    return view;
                }

                if (DateTimeOffset.UtcNow > settleBy)
                {
                    return target != RoundState.Completed ? view : throw new DemoFailedException(
                        $"Round {_roundId} is {view.StateOf()}, but its orchestration has not finished after {limit.TotalSeconds:0}s (runtime status {view.RuntimeStatus ?? "unknown"}), so its final counts cannot be read.");
                }
            }

            if (DateTimeOffset.UtcNow > deadline && settleBy is null)
            {
                throw new DemoFailedException(
                    $"Timed out after {limit.TotalSeconds:0}s waiting for round {_roundId} to reach state {target}; it is still {view.StateOf()} ({view.StateName}), "
                    + $"waiting for {view.WaitingFor ?? "nothing"}{(view.WaitingUntil is { } w ? " until " + T(w) : string.Empty)}.");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// True once the custom status is the one the orchestrator sets in <paramref name="target"/>: who it waits for
    /// and until which of the round's dates (the API's dashboard contract), which differs from the step before.
    /// </summary>
    private static int Count(int? value) => ApiClient.Present(value, "count");

    private bool Settled(RoundView view, RoundState target) => view.StateOf() > target || target switch
    {
        RoundState.PanelReview => view.WaitingFor == "operator" && view.WaitingUntil == _schedule.SelectionDeadline,
        RoundState.Training => view.WaitingFor == "operator" && view.WaitingUntil == _schedule.PublicationDate,
        RoundState.Publishing => view.WaitingFor is "schedule" or "none",
        RoundState.Appointing => view.WaitingFor == "municipalities",
        RoundState.Completed => view.RuntimeStatus == "Completed",
        _ => true,
    };

    private async Task<List<WorkflowApi.Models.ApplicationSummary>> ListAllAsync(ApplicationStatus status)
    {
        var all = new List<WorkflowApi.Models.ApplicationSummary>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await api.Operator.ListApplicationsAsync(_roundId, status, continuation, cancellationToken);
            all.AddRange(page.Items ?? []);
            continuation = page.Continuation;
        }
        while (!string.IsNullOrEmpty(continuation) && ++pages < 10_000);

        return all;
    }

    /// <summary>Orders API lists by generation order, so the demo's choices do not depend on random ids.</summary>
    private int IndexOf(WorkflowApi.Models.ApplicationSummary application) =>
        application.ApplicationId is { } id && _byApplicationId.TryGetValue(id, out var s) ? s.Applicant.Index : int.MaxValue;

    private static string Id(WorkflowApi.Models.ApplicationSummary application) =>
        application.ApplicationId ?? throw new ApiException("An application in the operator's list has no id.", 200, null);

    /// <summary>The personas screening found the application eligible for: the panel decides on each of them.</summary>
    private static List<Persona> EligiblePersonas(WorkflowApi.Models.ApplicationSummary application) =>
        (application.Screening?.PerPersona ?? []).Where(r => r.Eligible == true).Select(r => ApiViews.Domain<Persona>(r.Persona, "persona")).ToList();

    private static List<Persona> PersonasOf(IEnumerable<WorkflowApi.Models.Persona?>? personas) =>
        (personas ?? []).Select(p => ApiViews.Domain<Persona>(p, "persona")).ToList();

    /// <summary>The round's mail counted per delivery state (a map the document types as state to count).</summary>
    private static Dictionary<string, int> MailCounts(WorkflowApi.Models.MailDeliveryList mail) =>
        ApiClient.Counts(mail.Counts);

    /// <summary>A year from a month ahead (Japan's calendar), two days a week, on site and remote: terms a municipality might ask.</summary>
    private static WorkflowApi.Models.AppointmentRequest AYearFromNextMonth(string candidateId, WorkflowApi.Models.AppointmentRole role, string? roleTitle,
        WorkflowApi.Models.EmploymentForm form)
    {
        var start = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime).AddDays(30);
        return new WorkflowApi.Models.AppointmentRequest
        {
            CandidateId = candidateId,
            Role = role,
            RoleTitle = roleTitle,
            EmploymentForm = form,
            StartsOn = new Microsoft.Kiota.Abstractions.Date(start.ToDateTime(TimeOnly.MinValue)),
            EndsOn = new Microsoft.Kiota.Abstractions.Date(start.AddYears(1).AddDays(-1).ToDateTime(TimeOnly.MinValue)),
            DaysPerWeek = 2,
            WorkStyle = WorkflowApi.Models.WorkStyle.Hybrid,
        };
    }

    private int HeadCount(double share) => Math.Clamp((int)Math.Ceiling(applicantCount * share), 1, RoundRules.MaxHeadCount);

    private void Header(int number, string step, string japanese, string what)
    {
        var label = number > 0 ? $"[{number}/7] {japanese} ({step})" : $"[done] {japanese}";
        progress.Report($"{label} — {what}   (+{_clock.Elapsed.TotalSeconds:0.0}s)");
    }

    private void Say(string message) => progress.Report("  " + message);

    /// <summary>Local time; the date only for far-off times such as the end of the appointment window.</summary>
    private static string T(DateTimeOffset at) =>
        at.ToLocalTime().ToString((at - DateTimeOffset.UtcNow).Duration() > TimeSpan.FromHours(12) ? "yyyy-MM-dd HH:mm:ss" : "HH:mm:ss", CultureInfo.InvariantCulture);
}

/// <summary>
/// A schedule short enough for a demo that still satisfies <see cref="RoundRules"/>: acceptance deadline = opening
/// &lt; close ≤ selection deadline ≤ sessions (strictly increasing) ≤ publication &lt; end of appointments.
/// </summary>
internal static class DemoSchedule
{
    /// <summary>Long enough for the operator to accept and publish before the window opens.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(6);

    /// <param name="budget">Opening to publication. Each deadline is a share of it: applying must end by 45 %,
    /// the panel by 75 %, attendance by 100 %; the demo ends each phase early and only waits for publication.</param>
    public static RoundSchedule Plan(DateTimeOffset now, TimeSpan budget)
    {
        var opens = Whole(now + Lead);
        DateTimeOffset At(double share) => Whole(opens + (budget * share));
        var closes = At(0.45);
        var selection = At(0.75);
        var lastSession = At(0.95);
        var modules = Curriculum.DefaultModuleOfSession(Curriculum.MaxSessions);
        var sessions = modules
            .Select((module, i) => new TrainingSession(i + 1, module, Whole(selection + ((lastSession - selection) * i / (modules.Count - 1)))))
            .ToList();
        var publication = At(1.0);

        // The commission must be accepted by the opening; appointments stay open long after the demo has closed the round.
        return new RoundSchedule(opens, opens, closes, selection, sessions, publication, publication.AddDays(1));
    }

    /// <summary>Japan's fiscal year (年度) starts on 1 April, Japan time.</summary>
    public static int FiscalYear(DateTimeOffset now)
    {
        var japan = now.ToOffset(TimeSpan.FromHours(9));
        return japan.Month >= 4 ? japan.Year : japan.Year - 1;
    }

    /// <summary>Whole seconds read better on the console and in the stored schedule.</summary>
    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
