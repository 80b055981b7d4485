using Microsoft.AspNetCore.Mvc;

namespace Workflow.Functions.Http;

/// <summary>
/// A person's command on a record another person may change at the same moment: each attempt reads the record, asks
/// the domain, and writes only onto the row as it was read. An attempt that lost the race answers null and the next
/// one reads again; after <see cref="MaxAttempts"/> the person is told the record changed meanwhile and nothing was
/// written, which they can simply try again, rather than being kept waiting on a busy row.
/// </summary>
public static class CommandAttempts
{
    public const int MaxAttempts = 5;

    /// <param name="what">The record, as the answer names it ("この応募").</param>
    /// <param name="attempt">One read-decide-write, given its number from 1; null when its conditional write lost.</param>
    public static async Task<IActionResult> UntilRecordedAsync(string what, Func<int, Task<IActionResult?>> attempt)
    {
        for (var number = 1; number <= MaxAttempts; number++)
        {
            if (await attempt(number) is { } answer)
            {
                return answer;
            }
        }

        return ApiResults.ChangedMeanwhile(what);
    }
}
