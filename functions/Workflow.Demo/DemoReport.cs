using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;

namespace Workflow.Demo;

public sealed record DemoStep(RoundStep Step, string Status, DateTimeOffset? CompletedAt);

/// <param name="Submitted">Applications the API counted; the demo checks it equals the ones it got a 201 for.</param>
/// <param name="RejectedInvalid">Invalid submissions the demo sent that were answered with a 4xx problem+json.</param>
public sealed record DemoCounts(
    int Submitted,
    int RejectedInvalid,
    int Eligible,
    int Selected,
    int Certified,
    int Published,
    int MunicipalitiesNotified,
    int Appointed);

/// <summary>What one demo run did, as written to --report. Counts and step times come from the API, not the demo.</summary>
public sealed record DemoReport(
    string RoundId,
    string InstanceId,
    int Applicants,
    IReadOnlyList<DemoStep> Steps,
    DemoCounts Counts,
    double ElapsedSeconds)
{
    /// <summary>The members of the round's selection panel.</summary>
    public int Reviewers { get; init; }

    /// <summary>Each reviewer's scoring of one application for one persona counts once.</summary>
    public int ScoresRecorded { get; init; }

    /// <summary>Selections per persona: a person selected as two personas counts under both.</summary>
    public IReadOnlyDictionary<Persona, int> SelectedByPersona { get; init; } = new Dictionary<Persona, int>();

    /// <summary>The round's mail that went out, per notice kind; what was still waiting or failed is in <see cref="MailStates"/>.</summary>
    public IReadOnlyDictionary<string, int> Mails { get; init; } = new Dictionary<string, int>();

    /// <summary>The round's mail per delivery state (queued, failed, sent, dead, cancelled) when the report was made.</summary>
    public IReadOnlyDictionary<string, int> MailStates { get; init; } = new Dictionary<string, int>();

    /// <summary>Submissions the API answered 201 to; kept out of the JSON because "submitted" already says it.</summary>
    [JsonIgnore]
    public int AcceptedByDemo { get; init; }

    /// <summary>Invalid submissions the demo sent, to tell a lost rejection from a missing one.</summary>
    [JsonIgnore]
    public int InvalidSent { get; init; }

    [JsonIgnore]
    public int AuditTimelineItems { get; init; }

    /// <summary>Applicants whose submission was stored but whose retries never got its receipt (id and access token).</summary>
    [JsonIgnore]
    public int ReceiptsLost { get; init; }

    /// <summary>The round's own invariants; empty when the run is consistent.</summary>
    public IReadOnlyList<string> Violations()
    {
        var c = Counts;
        var violations = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                violations.Add(message);
            }
        }

        Check(c.Submitted == AcceptedByDemo, $"the API counted {c.Submitted} submitted applications, but accepted {AcceptedByDemo}");
        Check(ReceiptsLost == 0, $"{ReceiptsLost} applicants were stored, but their retries got no receipt (no application id, no access token)");
        Check(c.RejectedInvalid == InvalidSent, $"{InvalidSent} invalid submissions were sent, but only {c.RejectedInvalid} got a 4xx problem+json");
        Check(c.Selected <= c.Eligible, $"selected ({c.Selected}) > eligible ({c.Eligible})");
        Check(c.Eligible <= c.Submitted, $"eligible ({c.Eligible}) > submitted ({c.Submitted})");
        Check(c.Certified <= c.Selected, $"certified ({c.Certified}) > selected ({c.Selected})");
        Check(c.Published <= c.Certified, $"published ({c.Published}) > certified ({c.Certified})");
        Check(c.Appointed >= 1, $"appointed ({c.Appointed}) < 1");
        Check(Steps.Count == 7 && Steps.All(s => s.Status == "completed" && s.CompletedAt is not null),
            $"not every step completed: {string.Join(", ", Steps.Select(s => $"{Name(s.Step)}={s.Status}"))}");
        return violations;
    }

    public string ToJson() => JsonSerializer.Serialize(this, DemoJson.Indented);

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(full, ToJson() + Environment.NewLine, new UTF8Encoding(false), cancellationToken);
    }

    /// <summary>A plain-text table for the console: steps with completion times, then the counts.</summary>
    public string FormatSummary()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Round {RoundId} ({InstanceId}), {Applicants} applicants");
        text.AppendLine("  step          status      completed at");
        foreach (var step in Steps)
        {
            var at = step.CompletedAt?.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) ?? "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Name(step.Step),-13} {step.Status,-11} {at}");
        }

        text.AppendLine("  count                     value");
        (string Name, int Value)[] rows =
        [
            ("submitted", Counts.Submitted),
            ("rejectedInvalid", Counts.RejectedInvalid),
            ("eligible", Counts.Eligible),
            ("selected", Counts.Selected),
            ("certified", Counts.Certified),
            ("published", Counts.Published),
            ("municipalitiesNotified", Counts.MunicipalitiesNotified),
            ("appointed", Counts.Appointed),
        ];
        foreach (var (name, value) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name,-22} {value,8}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  {"auditTimelineItems",-22} {AuditTimelineItems,8}");
        text.AppendLine("  mails sent per kind");
        foreach (var (kind, count) in Mails)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {kind,-22} {count,8}");
        }

        text.Append(CultureInfo.InvariantCulture, $"  {"elapsedSeconds",-22} {ElapsedSeconds,8:0.0}");
        return text.ToString();
    }

    private static string Name(RoundStep step) => JsonNamingPolicy.CamelCase.ConvertName(step.ToString());
}
