namespace Workflow.Functions.Orchestration;

/// <summary>
/// The versions of the app's orchestrators, oldest first (ADR 0021). host.json's <c>defaultVersion</c> is the newest:
/// every orchestration started by a deployment carries that deployment's version for life, and the orchestrators take,
/// at each place they changed, the path of the instance's version (<c>context.CompareVersionTo</c>), so an instance
/// replays exactly the steps it was started with when a newer deployment picks it up.
/// </summary>
public static class OrchestrationVersions
{
    /// <summary>
    /// Versioning begins; the orchestrators as they were. Instances started before it carry no version, which compares
    /// older than any, and take the same paths.
    /// </summary>
    public const string First = "1";

    /// <summary>
    /// ⑥ 掲載: after the roster is published, each person it lists is told so (<c>NotifyListedPeopleShard</c>), before
    /// the municipalities are.
    /// </summary>
    public const string ListedPeopleTold = "2";

    /// <summary>The version host.json stamps new orchestrations with; a test holds the two together.</summary>
    public const string Current = ListedPeopleTold;
}
