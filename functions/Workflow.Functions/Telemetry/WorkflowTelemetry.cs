using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Workflow.Functions.Telemetry;

/// <summary>
/// The app's own telemetry names (ADR 0020). Tags hold ids, names of steps, kinds and outcomes only: never a name, an
/// e-mail address, a phone number or anything a person wrote.
/// </summary>
public static class WorkflowTelemetry
{
    /// <summary>The app's meter and activity source.</summary>
    public const string SourceName = "Workflow";

    /// <summary>The round a span or measurement belongs to (its id, "R2026-…").</summary>
    public const string RoundIdTag = "workflow.round_id";

    /// <summary>The step of the seven (commission … appoint), as <see cref="Domain.Rounds.RoundStep"/> names it.</summary>
    public const string StepTag = "workflow.step";

    /// <summary>A notice's kind (a <c>NoticeKinds</c> value).</summary>
    public const string KindTag = "workflow.kind";

    /// <summary>How a thing ended: sent, retrying, dead, cancelled.</summary>
    public const string OutcomeTag = "workflow.outcome";

    /// <summary>
    /// The durable client's and engine's sources: DurableTask.Core (the engine Durable Functions and the local host run)
    /// and the Durable Task SDK's client, whose span names the local host's client uses too.
    /// </summary>
    public static readonly string[] DurableSources = ["DurableTask.Core", "Microsoft.DurableTask"];

    public static readonly Meter Meter = new(SourceName);

    /// <summary>workflow.applications.accepted: applications stored and answered with a receipt (a replay counts once).</summary>
    public static readonly Counter<long> ApplicationsAccepted = Meter.CreateCounter<long>(
        "workflow.applications.accepted", unit: "{application}", description: "Applications accepted for a round.");

    /// <summary>workflow.mail.sent: notice mails the mail server took.</summary>
    public static readonly Counter<long> MailSent = Meter.CreateCounter<long>(
        "workflow.mail.sent", unit: "{mail}", description: "Notice mails handed to the mail server.");

    /// <summary>workflow.mail.failed: attempts that failed (outcome: retrying or dead) or were cancelled (no address, no notice).</summary>
    public static readonly Counter<long> MailFailed = Meter.CreateCounter<long>(
        "workflow.mail.failed", unit: "{mail}", description: "Notice mail attempts that did not reach the mail server.");

    /// <summary>workflow.round.step.duration: how long a step of a round took, recorded when the round leaves it.</summary>
    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "workflow.round.step.duration", unit: "s", description: "Time a round spent in one of its seven steps.");

    /// <summary>
    /// The round named by a request's route values or an invocation's binding data: <c>roundId</c>, else the round an
    /// <c>applicationId</c>, <c>appointmentId</c> or orchestration <c>instanceId</c> belongs to (each id names its
    /// round). Null when none names one.
    /// </summary>
    public static string? RoundIdFrom(IReadOnlyDictionary<string, object?> values)
    {
        string? Value(string key) => values.TryGetValue(key, out var value) ? value?.ToString() : null;
        if (Value("roundId") is { } roundId && Rounds.RoundIds.IsWellFormed(roundId))
        {
            return roundId;
        }

        if (Apply.ApplicationIds.TryParse(Value("applicationId"), out var ofApplication, out _))
        {
            return ofApplication;
        }

        return Value("appointmentId") is { } appointmentId && Appoint.AppointmentIds.RoundOf(appointmentId) is { } ofAppointment
            ? ofAppointment
            : Rounds.RoundIds.RoundIdOf(Value("instanceId"));
    }

    /// <summary>Tags the current span (the request's or the activity's) with the round it acts on.</summary>
    public static void TagRound(string? roundId)
    {
        if (roundId is not null && Rounds.RoundIds.IsWellFormed(roundId) && Activity.Current is { } current)
        {
            current.SetTag(RoundIdTag, roundId);
        }
    }
}
