using DurableTask.Core.Settings;
using Microsoft.Extensions.Configuration;
using Workflow.Functions.Configuration;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// Orchestration versioning as Durable Functions configures it (ADR 0021): host.json's
/// <c>extensions.durableTask.defaultVersion</c>, <c>versionMatchStrategy</c> and <c>versionFailureStrategy</c>, each
/// overridable by app setting. The default version stamps every orchestration started without an explicit version
/// (sub-orchestrations too) and is this worker's own version, against which it matches the instances it meets.
/// </summary>
/// <remarks>
/// Durable Functions hands these three values to DurableTask.Core's <see cref="VersioningSettings"/>, whose dispatcher
/// does the matching; the local host hands them to the same class, so a mismatch is handled by the same code.
/// Defaults are the extension's: <c>CurrentOrOlder</c> and <c>Reject</c>, and no version.
/// </remarks>
public sealed record OrchestrationVersioning(
    string DefaultVersion,
    VersioningSettings.VersionMatchStrategy MatchStrategy,
    VersioningSettings.VersionFailureStrategy FailureStrategy)
{
    public static OrchestrationVersioning Unversioned { get; } = new(
        string.Empty, VersioningSettings.VersionMatchStrategy.CurrentOrOlder, VersioningSettings.VersionFailureStrategy.Reject);

    public static OrchestrationVersioning FromConfiguration(IConfiguration configuration, HostJson hostJson)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(hostJson);

        // "defaultVersion": null in host.json is the same as leaving it out (the extension's documentation says so).
        var version = Setting(configuration, SettingNames.DefaultVersionOverride) ?? hostJson.DefaultVersion ?? string.Empty;
        return new OrchestrationVersioning(
            version.Trim(),
            Parse(Setting(configuration, SettingNames.VersionMatchStrategyOverride) ?? hostJson.VersionMatchStrategy,
                "versionMatchStrategy", Unversioned.MatchStrategy),
            Parse(Setting(configuration, SettingNames.VersionFailureStrategyOverride) ?? hostJson.VersionFailureStrategy,
                "versionFailureStrategy", Unversioned.FailureStrategy));
    }

    /// <summary>What the worker's dispatcher checks each work item against, as the extension builds it.</summary>
    public VersioningSettings ToSettings() => new()
    {
        Version = DefaultVersion,
        MatchStrategy = MatchStrategy,
        FailureStrategy = FailureStrategy,
    };

    private static string? Setting(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : null;

    // The Functions host binds host.json's enum values by name, ignoring case; a number or an unknown name stops it.
    private static T Parse<T>(string? text, string name, T fallback) where T : struct, Enum
    {
        if (text is null)
        {
            return fallback;
        }

        return Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : throw new FormatException(
                $"host.json: '{name}' must be one of {string.Join(", ", Enum.GetNames<T>())}, not '{text}'.");
    }
}
