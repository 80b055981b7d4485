using System.Diagnostics;
using Workflow.Demo;

namespace Workflow.Benchmarks;

/// <param name="Messages">The measured round's mails (one per notice), all queued when the dispatcher starts.</param>
/// <param name="Seconds">From the host's start with the dispatcher on until none of them is queued or waiting for a retry.</param>
/// <param name="Note">Why nothing was measured, or what else was sent in the same time.</param>
public sealed record MailFigures(int Messages, int Sent, int Dead, int Cancelled, double Seconds, double PerSecond, string? Note);

/// <summary>
/// How fast notices reach a real mail server: the round's notices were queued and never sent while it ran (no mail
/// server beside the bench); then smtp4dev starts, the host starts again with the dispatcher on (every second, as
/// locally), and the time until the round's outbox is empty is taken from its own delivery status route.
/// </summary>
public static class MailDelivery
{
    public static async Task<MailFigures> MeasureAsync(BenchEnvironment environment, string roundId, IProgress<string> progress, CancellationToken cancellationToken)
    {
        if (!environment.StartedHost)
        {
            return new MailFigures(0, 0, 0, 0, 0, 0, "not measured: the bench did not start the host (--use-running)");
        }

        int messages;
        using (var before = new ApiClient(environment.BaseUrl))
        {
            messages = ApiClient.Counts((await before.Ministry.GetMailAsync(roundId, cancellationToken)).Counts).Values.Sum();
        }

        // The host comes back on a port of its own.
        await environment.StartMailDeliveryAsync(progress, cancellationToken);
        using var api = new ApiClient(environment.BaseUrl);
        progress.Report($"[bench] delivering the round's {messages} mails");

        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(Math.Max(120, messages / 5.0));
        var poll = TimeSpan.FromMilliseconds(messages > 2000 ? 1000 : 200);
        while (true)
        {
            var mail = ApiClient.Counts((await api.Ministry.GetMailAsync(roundId, cancellationToken)).Counts);
            var waiting = mail.GetValueOrDefault("queued") + mail.GetValueOrDefault("failed");
            if (waiting == 0 || clock.Elapsed > limit)
            {
                var seconds = clock.Elapsed.TotalSeconds;
                var sent = mail.GetValueOrDefault("sent");
                progress.Report($"[bench] mail: {sent} sent in {seconds:0.0} s" + (waiting > 0 ? $", {waiting} still waiting" : string.Empty));
                return new MailFigures(messages, sent, mail.GetValueOrDefault("dead"), mail.GetValueOrDefault("cancelled"), Math.Round(seconds, 2),
                    seconds > 0 ? Math.Round(sent / seconds, 1) : 0,
                    waiting > 0 ? $"{waiting} still waiting after {limit.TotalSeconds:0} s" : "the warm-up or baseline round's mails were queued too and went out in the same time");
            }

            await Task.Delay(poll, cancellationToken);
        }
    }
}
