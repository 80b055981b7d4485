using System.Collections.Concurrent;
using System.Diagnostics;
using Workflow.Demo;

namespace Workflow.Benchmarks;

/// <param name="Step">The step of the measured round whose start the read was made at.</param>
/// <param name="Items">Waits on people listed.</param>
/// <param name="NotOnPeople">Running orchestrations waiting for a date or at work, counted beside the list.</param>
public sealed record WaitsSample(string Step, double Seconds, int Items, int NotOnPeople);

/// <summary>
/// Opens the ministry's list of waits (GET /api/ministry/waits) as the ministry would, while the measured round runs:
/// once where each step starts, beside the actors' own requests, with the round's applications in storage. Each read
/// queries the engine's running instances and reads the rows it checks them against; applicants are not among them,
/// so the figure follows the number of running rounds and appointments, not of applicants.
/// </summary>
public sealed class WaitsProbe(Uri baseUrl) : IDisposable
{
    private readonly ApiClient _api = new(baseUrl);
    private readonly ConcurrentQueue<Task<WaitsSample>> _samples = new();

    /// <summary>Signs the ministry in and opens the list once, unmeasured: a host serving for weeks has compiled the route.</summary>
    public Task WarmAsync(CancellationToken cancellationToken) => _api.Ministry.PendingWaitsAsync(cancellationToken);

    /// <summary>Starts a read without holding up the caller (the driver's progress report).</summary>
    public void Sample(string step, CancellationToken cancellationToken) => _samples.Enqueue(MeasureAsync(step, cancellationToken));

    public async Task<IReadOnlyList<WaitsSample>> ResultsAsync() => await Task.WhenAll(_samples);

    public void Dispose() => _api.Dispose();

    private async Task<WaitsSample> MeasureAsync(string step, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var list = await _api.Ministry.PendingWaitsAsync(cancellationToken);
        return new WaitsSample(step, Math.Round(clock.Elapsed.TotalSeconds, 3), list.Items?.Count ?? 0, ApiClient.Counts(list.NotOnPeople).Values.Sum());
    }
}
