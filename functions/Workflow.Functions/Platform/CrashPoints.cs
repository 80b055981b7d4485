using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Platform;

/// <summary>
/// Fault injection for the crash tests: <c>CrashPoints.Reach(name)</c> ends the process on the spot, as SIGKILL would,
/// when <see cref="SettingNames.CrashAt"/> names that point (<c>name</c> or <c>name,count</c>: the count-th time it is
/// reached). Unset, a call is one volatile read. A test can then kill the host between two particular writes, which a
/// kill from outside at a random moment almost never hits.
/// </summary>
public static class CrashPoints
{
    /// <summary>The round's orchestration is started; its row is not stored yet (① CreateRound).</summary>
    public const string RoundOrchestrationStarted = "round-orchestration-started";

    /// <summary>The résumé blob is uploaded; the application row and e-mail claim are not written yet (③).</summary>
    public const string ResumeUploaded = "resume-uploaded";

    /// <summary>One shard's applications are screened; the results are not written yet (④).</summary>
    public const string ShardScreened = "shard-screened";

    /// <summary>One shard's 修了証 are stored; the application rows and notifications are not updated yet (⑤).</summary>
    public const string CertificatesIssued = "certificates-issued";

    /// <summary>The person's appointments are purged; their other rows and documents are not yet erased.</summary>
    public const string ErasureHalfDone = "erasure-half-done";

    /// <summary>An appointment's candidate is notified and its orchestration starts waiting for the answer (⑦).</summary>
    public const string AppointmentWaiting = "appointment-waiting";

    /// <summary>The mail server took a notice's mail; its delivery record is not written yet (ADR 0013).</summary>
    public const string MailAccepted = "mail-accepted";

    public static IReadOnlyList<string> Names { get; } =
        [RoundOrchestrationStarted, ResumeUploaded, ShardScreened, CertificatesIssued, ErasureHalfDone, AppointmentWaiting, MailAccepted];

    /// <summary>Azure App Service sets this on every instance; a crash point there is a misconfiguration.</summary>
    private const string AzureInstanceVariable = "WEBSITE_INSTANCE_ID";

    private static CrashTrigger? s_armed;

    /// <summary>Ends the process if this is the configured point and its count is reached; otherwise nothing.</summary>
    public static void Reach(string name)
    {
        if (Volatile.Read(ref s_armed) is { } trigger && trigger.Hit(name))
        {
            // Written synchronously, so the test's log says which point ended the process; then no flush, no cleanup.
            Console.Error.WriteLine($"crash point '{name}' reached: killing process {Environment.ProcessId}");
            Process.GetCurrentProcess().Kill();
        }
    }

    /// <summary>Arms the point <see cref="SettingNames.CrashAt"/> names, if any; refuses to start in Azure with one set.</summary>
    /// <param name="runningInAzure">Whether this is an App Service instance; read from its environment unless given.</param>
    public static void Arm(IConfiguration configuration, bool? runningInAzure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var trigger = CrashTrigger.Parse(configuration[SettingNames.CrashAt]);
        if (trigger is not null && (runningInAzure ?? !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzureInstanceVariable))))
        {
            throw new InvalidOperationException($"{SettingNames.CrashAt} must not be set in Azure: it kills the process on purpose.");
        }

        Volatile.Write(ref s_armed, trigger);
    }
}

/// <summary>One armed crash point: fires the <see cref="Count"/>-th time <see cref="Name"/> is reached, and only then.</summary>
public sealed class CrashTrigger(string name, int count)
{
    private int _reached;

    public string Name { get; } = name;

    public int Count { get; } = count;

    public bool Hit(string name) =>
        string.Equals(name, Name, StringComparison.Ordinal) && Interlocked.Increment(ref _reached) == Count;

    /// <summary><c>name</c> or <c>name,count</c>; null when empty. An unknown name is refused, or a typo would never crash.</summary>
    public static CrashTrigger? Parse(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return null;
        }

        var parts = setting.Split(',', StringSplitOptions.TrimEntries);
        var name = parts[0];
        if (!CrashPoints.Names.Contains(name, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"{SettingNames.CrashAt}: '{name}' is not a crash point; known points are {string.Join(", ", CrashPoints.Names)}.");
        }

        var count = 1;
        if (parts.Length > 2 || (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1)))
        {
            throw new InvalidOperationException($"{SettingNames.CrashAt} must be 'name' or 'name,count' with a count of 1 or more, not '{setting}'.");
        }

        return new CrashTrigger(name, count);
    }
}
