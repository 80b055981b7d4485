namespace Workflow.Domain.SkillStandard;

/// <summary>
/// The versions of the standard a deployment knows: the ones this code defines, then any a host adds (a test, or a
/// future text registered before it is written in here). The latest by <see cref="SkillStandardVersion.PublishedOn"/>
/// is the one new rounds pin; on a tie the one added last wins, so adding a version is enough to make it current.
/// </summary>
public sealed class SkillStandardVersions
{
    /// <summary>The versions defined in code, oldest first.</summary>
    public static IReadOnlyList<SkillStandardVersion> BuiltIn { get; } = [SkillStandardCatalog.R3Draft];

    /// <summary>
    /// What a round stored before rounds pinned a version reads as: the only text there was then. Never changes,
    /// whatever is added later.
    /// </summary>
    public static string UnpinnedRoundVersion => BuiltIn[0].Id;

    private readonly Dictionary<string, SkillStandardVersion> _byId;

    public SkillStandardVersions(IEnumerable<SkillStandardVersion>? added = null)
    {
        All = [.. BuiltIn, .. added ?? []];
        _byId = new Dictionary<string, SkillStandardVersion>(StringComparer.Ordinal);
        foreach (var version in All)
        {
            if (!_byId.TryAdd(version.Id, version))
            {
                throw new ArgumentException($"The skill standard version '{version.Id}' is defined twice.", nameof(added));
            }
        }

        // OrderBy is stable, so among versions of one date the last added stays last.
        Current = All.OrderBy(v => v.PublishedOn).Last();
    }

    /// <summary>Built-in versions first, then the added ones, in the order given.</summary>
    public IReadOnlyList<SkillStandardVersion> All { get; }

    /// <summary>The version a round commissioned now pins.</summary>
    public SkillStandardVersion Current { get; }

    public SkillStandardVersion? Find(string? id) => id is not null && _byId.TryGetValue(id, out var version) ? version : null;

    /// <summary>
    /// The version a round pinned. A stored id this deployment does not know is a deployment error (a version was
    /// removed), not something to paper over with another text.
    /// </summary>
    public SkillStandardVersion Get(string id) =>
        Find(id) ?? throw new KeyNotFoundException($"The skill standard version '{id}' is not known to this deployment.");
}
