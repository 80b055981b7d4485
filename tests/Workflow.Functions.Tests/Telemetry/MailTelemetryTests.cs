using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;
using Workflow.Functions.Telemetry;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Telemetry;

/// <summary>
/// The mail dispatcher on Azurite under an OpenTelemetry logger and meter (ADR 0020): mails sent and failed are counted
/// by round, kind and outcome, and what is exported names no recipient, even when the mail server's refusal quotes the
/// address as SMTP servers do.
/// </summary>
[Collection("Azurite")]
public sealed class MailTelemetryTests
{
    private const string RoundId = "R2025-7e1e3e7a";
    private const string Address = "hanako.telemetry@example.jp";

    private readonly TestStorage _storage = new();

    private static readonly MailSettings Settings = new(MailSettings.Smtp, "noreply@workflow.localhost", "127.0.0.1", 2525, "ministry@ministry.example", new Uri("https://workflow.example/"));

    [Fact]
    public async Task Sent_and_refused_mail_is_counted_by_kind_and_outcome_and_nothing_exported_names_the_recipient()
    {
        var logs = new List<LogRecord>();
        var metrics = new List<Metric>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(WorkflowTelemetry.SourceName).AddInMemoryExporter(metrics).Build();
        using var loggers = LoggerFactory.Create(b => b.AddOpenTelemetry(o => o.AddInMemoryExporter(logs)));
        var sender = new RefusingSender(refusals: 1);
        MailDispatcher Dispatcher(DateTimeOffset now) => new(new OutboxStore(_storage.Storage), new NotificationStore(_storage.Storage),
            new MailRecipients(new ApplicationStore(_storage.Storage), new MunicipalityStore(_storage.Storage), Settings), sender,
            new ApplicantAccessKeys(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(now), loggers.CreateLogger<MailDispatcher>());
        var id = await SeededApplications.AddAsync(_storage.Storage, RoundId, Samples.EligibleProducer(Address));
        await new NotificationStore(_storage.Storage).UpsertAsync([NotificationStore.ForApplicant(id, "SelectionOutcome", "選定結果のお知らせ", "選定されました。", Samples.Now)]);

        var refused = await Dispatcher(Samples.Now).DispatchAsync(CancellationToken.None);
        var failedAttempt = Assert.Single(await _storage.RowsAsync(Storage.Tables.Outbox)).GetString("LastError");
        var sent = await Dispatcher(Samples.Now.AddMinutes(5)).DispatchAsync(CancellationToken.None);
        meters.ForceFlush();

        Assert.Equal((1, 1), (refused.Retrying, sent.Sent));
        Assert.Equal(1, Sum(metrics, "workflow.mail.sent", ("workflow.kind", "SelectionOutcome")));
        Assert.Equal(1, Sum(metrics, "workflow.mail.failed", ("workflow.kind", "SelectionOutcome"), ("workflow.outcome", "retrying")));

        var warning = Assert.Single(logs, l => l.LogLevel == LogLevel.Warning);
        var exported = logs.SelectMany(l => new[] { l.Body, l.FormattedMessage, l.Exception?.ToString() }
                .Concat((l.Attributes ?? []).Select(a => a.Value?.ToString())))
            .Concat(metrics.SelectMany(TagValues))
            .Where(s => s is not null)
            .ToList();
        Assert.Contains(exported, s => s!.Contains(nameof(IOException), StringComparison.Ordinal));
        Assert.DoesNotContain(exported, s => s!.Contains(Address, StringComparison.OrdinalIgnoreCase) || s.Contains("山田", StringComparison.Ordinal));
        Assert.NotNull(warning.Attributes);
        // What the operator's mail page showed of the failed attempt named the error, not the recipient.
        Assert.Equal("IOException: 451 4.3.0 <<宛先>>: Temporary lookup failure", failedAttempt);
    }

    private static long Sum(List<Metric> metrics, string name, params (string Key, string Value)[] tags)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if ((string?)pointTags[WorkflowTelemetry.RoundIdTag] == RoundId && tags.All(t => (string?)pointTags.GetValueOrDefault(t.Key) == t.Value))
                {
                    total = Math.Max(total, point.GetSumLong());
                }
            }
        }

        return total;
    }

    private static IEnumerable<string?> TagValues(Metric metric)
    {
        var values = new List<string?>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                values.Add(tag.Value?.ToString());
            }
        }

        return values;
    }

    /// <summary>Refuses the first mails the way a mail server does, quoting the recipient in its answer.</summary>
    private sealed class RefusingSender(int refusals) : IMailSender
    {
        private int _refusals = refusals;

        public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref _refusals) >= 0
                ? throw new IOException($"451 4.3.0 <{mail.To}>: Temporary lookup failure")
                : Task.CompletedTask;
    }
}
