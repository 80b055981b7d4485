using Workflow.Domain.SkillStandard;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Tests.Support;

/// <summary>The skill standard versions a function reads rounds' pinned versions from, as the host registers them.</summary>
public static class Standards
{
    /// <summary>The built-in versions and <paramref name="added"/>, the last of which is current if it is the newest.</summary>
    public static RoundStandards For(WorkflowStorage storage, params SkillStandardVersion[] added) =>
        new(new RoundStore(storage), new SkillStandardVersions(added));

    /// <summary>
    /// A later text of the standard, newer than every built-in one: the producer's levels raised by one and one
    /// technical skill added. Built from the seed's version so tests need no second copy of the ministry's text.
    /// </summary>
    public static SkillStandardVersion Revised() => new(
        "r9-test",
        "試験用の改訂版",
        "試験",
        new SkillStandardVersions().All.Max(v => v.PublishedOn).AddYears(1),
        SkillStandardCatalog.R3Draft.Personas.Select(p => p.Persona != Persona.Producer ? p : p with
        {
            TechnicalSkills = [.. p.TechnicalSkills, new SkillItem(RevisedSkillCode, "生成AIの活用", "試験用の改訂で加えた項目。", SkillKind.Technical)],
            DesiredSkillLevels = p.DesiredSkillLevels.Select(l => l with { MinimumLevel = l.MinimumLevel + 1 }).ToList(),
        }).ToList());

    /// <summary>The producer's skill item only <see cref="Revised"/> has.</summary>
    public const string RevisedSkillCode = "producer.generative-ai";

    /// <summary>Stores a round so that activities, which read its pinned version, find it.</summary>
    public static async Task<RoundRecord> StoredRoundAsync(WorkflowStorage storage, Workflow.Domain.Rounds.RoundState state)
    {
        var round = Samples.Round(state);
        await new RoundStore(storage).CreateAsync(round, "ministry");
        return round;
    }
}
