using Workflow.Demo;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Telemetry;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests.Telemetry;

/// <summary>
/// A whole round on the local host exporting its telemetry to a file (ADR 0020): the round is one trace from the
/// ministry's request through the orchestration to every activity, each span tagged with the round's id; the app's
/// metrics count what happened; and no span, log record or metric carries any applicant's personal data.
/// </summary>
[Collection("Azurite")]
public sealed class RoundTelemetryTests(Smtp4devFixture smtp, ITestOutputHelper output) : IClassFixture<Smtp4devFixture>
{
    private const int Applicants = 5;
    private const string RoundOrchestration = "RecruitingRoundOrchestration";

    [Fact]
    public async Task A_round_is_one_trace_tagged_with_its_id_and_its_telemetry_holds_no_personal_data()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var file = Path.Combine(Path.GetTempPath(), $"{prefix}-telemetry.jsonl");
        await using var host = new LocalHostProcess(prefix);
        host.Environment["Workflow__Telemetry__Exporter"] = "File";
        host.Environment["Workflow__Telemetry__File"] = file;
        host.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        host.UseMail(smtp);
        await host.StartAsync();

        var report = await new RoundDriver(settings: new DemoSettings(ExpectMail: true)).RunAsync(host.BaseUrl, Applicants, null, CancellationToken.None);
        var people = SyntheticApplicants.Generate(report.Applicants, Enum.GetValues<Persona>(), DemoSettings.DefaultSeed);

        // The orchestration's span is exported when the round completes; metrics every second.
        var steps = Enum.GetNames<Workflow.Domain.Rounds.RoundStep>();
        IEnumerable<string> Missing(ExportedTelemetry t)
        {
            if (!t.Spans.Any(s => DurableSpanNames.Is(s.Name, "orchestration", RoundOrchestration) && s.Tag(WorkflowTelemetry.RoundIdTag) == report.RoundId))
            {
                yield return "the orchestration's span";
            }

            if (t.Sum("workflow.applications.accepted", tags => tags.GetProperty(WorkflowTelemetry.RoundIdTag).GetString() == report.RoundId) < people.Count)
            {
                yield return "applications accepted";
            }

            if (t.Sum("workflow.mail.sent") == 0)
            {
                yield return "mail sent";
            }

            foreach (var step in steps.Except(StepsTimed(t, report.RoundId)))
            {
                yield return "the duration of " + step;
            }
        }

        var telemetry = ExportedTelemetry.Read(file);
        for (var waited = 0; waited < 60 && Missing(telemetry).Any(); waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            telemetry = ExportedTelemetry.Read(file);
        }

        Assert.True(!Missing(telemetry).Any(), "not exported after a minute: " + string.Join(", ", Missing(telemetry)));

        // One trace: the ministry's POST /api/rounds → create_orchestration → the orchestration → its activities.
        var spans = telemetry.Spans.ToList();
        var commission = Assert.Single(spans, s => s.Kind == "Server" && s.Tag("url.path") == "/api/rounds" && s.Tag("http.request.method") == "POST");
        var trace = spans.Where(s => s.TraceId == commission.TraceId).ToList();
        var create = Assert.Single(trace, s => DurableSpanNames.Is(s.Name, "create_orchestration", RoundOrchestration));
        Assert.Equal(commission.SpanId, create.ParentSpanId);
        var orchestration = Assert.Single(trace, s => DurableSpanNames.Is(s.Name, "orchestration", RoundOrchestration));
        Assert.Equal(create.SpanId, orchestration.ParentSpanId);
        var scheduled = trace.Where(s => DurableSpanNames.Is(s.Name, "activity", "SetRoundState") && s.Kind == "Client").ToList();
        Assert.NotEmpty(scheduled);
        Assert.All(scheduled, s => Assert.Equal(orchestration.SpanId, s.ParentSpanId));
        var ran = trace.Where(s => DurableSpanNames.Is(s.Name, "activity", "SetRoundState") && s.Kind == "Server").ToList();
        Assert.Equal(scheduled.Count, ran.Count);
        Assert.All(ran, s => Assert.Contains(s.ParentSpanId, scheduled.Select(c => c.SpanId)));
        Assert.All(trace, s => Assert.True(report.RoundId == s.Tag(WorkflowTelemetry.RoundIdTag), $"{s} carries no round id"));

        // A request that wakes the orchestration is its own trace, tagged with the same round.
        var publish = Assert.Single(spans, s => s.Kind == "Server" && s.Tag("url.path") == $"/api/rounds/{report.RoundId}/call/publish");
        Assert.Equal(report.RoundId, publish.Tag(WorkflowTelemetry.RoundIdTag));
        Assert.Contains(spans, s => s.ParentSpanId == publish.SpanId && DurableSpanNames.Is(s.Name, "orchestration_event", "CommandRecorded"));

        var tree = ExportedTelemetry.Tree(trace);
        output.WriteLine(tree);
        var results = Path.Combine(RepositoryRoot.Find(), ".local", "test-results");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, "round-trace.txt"), tree);

        // Metrics: every stored application counted once, mail sent, each step's duration as the round left it.
        Assert.Equal(people.Count, telemetry.Sum("workflow.applications.accepted", t => t.GetProperty(WorkflowTelemetry.RoundIdTag).GetString() == report.RoundId));
        Assert.True(telemetry.Sum("workflow.mail.sent") > 0, "no mail was counted");
        Assert.Equal(steps.Order(), StepsTimed(telemetry, report.RoundId).Order());

        // Logs are exported too (the scan below would prove little otherwise), with the trace they were written in.
        Assert.Contains(telemetry.Logs, l => l.GetProperty("body").GetString() == "Application {ApplicationId} accepted for round {RoundId}" && l.GetProperty("traceId").GetString() is not null);

        // Nothing personal anywhere: names (kanji and kana), e-mail addresses, phone numbers, as exported.
        var personal = people.SelectMany(p => new[] { p.Form.FullName, p.Form.FullNameKana ?? p.Form.FullName, p.Form.Email, p.Form.Phone, p.Form.Phone.Replace("-", "", StringComparison.Ordinal) }).ToList();
        var strings = telemetry.EveryString().ToList();
        Assert.True(strings.Count > 1000, $"only {strings.Count} strings were exported");
        foreach (var value in personal)
        {
            Assert.DoesNotContain(strings, s => s.Contains(value, StringComparison.OrdinalIgnoreCase));
        }

        File.Delete(file);
    }

    private static HashSet<string?> StepsTimed(ExportedTelemetry telemetry, string roundId) => telemetry.MetricPoints
        .Where(p => p.GetProperty("name").GetString() == "workflow.round.step.duration" && p.GetProperty("tags").GetProperty(WorkflowTelemetry.RoundIdTag).GetString() == roundId)
        .Select(p => p.GetProperty("tags").GetProperty(WorkflowTelemetry.StepTag).GetString())
        .ToHashSet();
}
