using Microsoft.DurableTask;

namespace Workflow.Functions.Orchestration;

/// <summary>
/// The retry policy of every activity call: storage answers 503/timeouts under load and a process may die mid-call,
/// and every activity is idempotent, so a few tries with backoff (2, 4, 8, 16 s, at most 30 s apart) ride these out.
/// What still fails is handled by the orchestration: the round stalls for the ministry instead of failing.
/// </summary>
public static class ActivityRetry
{
    public static readonly TaskOptions Default = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));
}
