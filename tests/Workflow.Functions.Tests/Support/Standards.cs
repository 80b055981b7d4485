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

    /// <summary>Stores a round so that activities, which read its pinned version, find it.</summary>
    public static async Task<RoundRecord> StoredRoundAsync(WorkflowStorage storage, Workflow.Domain.Rounds.RoundState state)
    {
        var round = Samples.Round(state);
        await new RoundStore(storage).CreateAsync(round, "ministry");
        return round;
    }
}
