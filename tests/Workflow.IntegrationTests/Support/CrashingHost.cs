using System.Runtime.ExceptionServices;
using Workflow.Functions.Configuration;
using Workflow.Testing;

namespace Workflow.IntegrationTests;

/// <summary>
/// A local host started with a crash point (<see cref="SettingNames.CrashAt"/>). When it kills itself there, it is
/// started again on the same storage without the crash point, and <see cref="Handler"/> sends the requests that
/// failed because it was gone once more, as a patient client would after an outage — except requests carrying an
/// Idempotency-Key: only their client knows what a lost answer means, so they fail and the client retries them.
/// </summary>
internal sealed class CrashingHost : IAsyncDisposable
{
    /// <summary>How long a failed request waits for the host's death to show before it counts as a real failure.</summary>
    private static readonly TimeSpan DeathNoticed = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposing = new();
    private Task? _watcher;

    public CrashingHost(string prefix, string crashAt)
    {
        CrashAt = crashAt;
        Host = new LocalHostProcess(prefix);
        Host.Environment[SettingNames.AsAppSetting(SettingNames.CrashAt)] = crashAt;
        Handler = new RestartingHandler(this);
    }

    public string CrashAt { get; }

    public LocalHostProcess Host { get; }

    public HttpMessageHandler Handler { get; }

    /// <summary>When the process was seen gone by itself.</summary>
    public DateTimeOffset? CrashedAt { get; private set; }

    /// <summary>When the restarted process answered its health check.</summary>
    public DateTimeOffset? RestartedAt { get; private set; }

    public bool Crashed => _restarted.Task.IsCompletedSuccessfully;

    public async Task StartAsync()
    {
        await Host.StartAsync();
        _watcher = WatchAsync();
    }

    /// <summary>Completes once the host has crashed and answers again; fails if the restart fails.</summary>
    public Task Restarted => _restarted.Task;

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        if (_watcher is { } watcher)
        {
            await watcher;
        }

        await Host.DisposeAsync();
        Handler.Dispose();
        _disposing.Dispose();
    }

    private async Task WatchAsync()
    {
        while (!_disposing.IsCancellationRequested)
        {
            if (await Host.WaitForExitAsync(TimeSpan.FromMilliseconds(200)))
            {
                if (_disposing.IsCancellationRequested)
                {
                    return;
                }

                CrashedAt = DateTimeOffset.UtcNow;
                Host.Environment.Remove(SettingNames.AsAppSetting(SettingNames.CrashAt));
                try
                {
                    await Host.StartAsync();
                    RestartedAt = Host.ReadyAt;
                    _restarted.SetResult();
                }
                catch (Exception e)
                {
                    _restarted.SetException(e);
                }

                return;
            }
        }
    }

    private sealed class RestartingHandler(CrashingHost owner) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ExceptionDispatchInfo failure;
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            if (!await owner.CameBackAsync(cancellationToken) || request.Headers.Contains("Idempotency-Key"))
            {
                failure.Throw();
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>After a failed request: true once the host has crashed and been restarted; false if it never died.</summary>
    private async Task<bool> CameBackAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeathNoticed);
        try
        {
            // Once the host is seen gone, its restart may take longer than noticing the death did.
            while (!Host.HasExited && !_restarted.Task.IsCompleted)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        await _restarted.Task.WaitAsync(cancellationToken);
        return true;
    }
}
