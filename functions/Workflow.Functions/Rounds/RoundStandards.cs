using Workflow.Domain.SkillStandard;

namespace Workflow.Functions.Rounds;

/// <summary>The skill standard version a round reads: the one it pinned when commissioned (ADR 0010).</summary>
public sealed class RoundStandards(RoundStore rounds, SkillStandardVersions versions)
{
    /// <summary>The version a round commissioned now pins.</summary>
    public SkillStandardVersion Current => versions.Current;

    public SkillStandardVersion? Find(string? id) => versions.Find(id);

    public SkillStandardVersion PinnedBy(RoundRecord round) => versions.Get(round.StandardVersion);

    /// <summary>For activities, whose input is the round's id only: one read of the round row.</summary>
    public async Task<SkillStandardVersion> PinnedByAsync(string roundId, CancellationToken cancellationToken) =>
        PinnedBy(await rounds.GetAsync(roundId, cancellationToken)
            ?? throw new InvalidOperationException($"Round {roundId} is not stored; its applications cannot be screened without the standard it pinned."));
}
