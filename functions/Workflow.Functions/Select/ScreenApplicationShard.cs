using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Screening;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Select;

/// <param name="Withdrawn">Applications left out because their applicant withdrew.</param>
public sealed record ShardScreeningResult(int Shard, int Screened, int Eligible, int Withdrawn = 0);

/// <summary>
/// ④ 選定, first half: screens one shard's applications against the skill standard. Screening is a pure
/// function of the stored application, so a re-run finds each row screened already and writes nothing.
/// </summary>
public sealed class ScreenApplicationShard(ApplicationStore applications, RoundStandards standards)
{
    [Function(nameof(ScreenApplicationShard))]
    public async Task<ShardScreeningResult> Run([ActivityTrigger] ShardInput input, CancellationToken cancellationToken)
    {
        var standard = await standards.PinnedByAsync(input.RoundId, cancellationToken);
        var results = await applications.UpdateShardAsync(input.RoundId, input.Shard, row =>
        {
            var lifecycle = row.Lifecycle;
            if (lifecycle.IsWithdrawn)
            {
                return ((TableEntity?)null, (bool?)null);
            }

            var screening = Screen(row, standard);
            var status = lifecycle.Screen(screening.Eligible);
            var screened = row.Eligible == screening.Eligible && row.ScreeningJson is not null && (status is null || status.ToString() == row.Status);
            return (screened ? null : ScreeningChange(row, screening), screening.Eligible);
        }, cancellationToken);
        Platform.CrashPoints.Reach(Platform.CrashPoints.ShardScreened);
        return new ShardScreeningResult(input.Shard, results.Count(r => r is not null), results.Count(r => r == true), results.Count(r => r is null));
    }

    /// <param name="standard">The version the application's round pinned.</param>
    public static ApplicationScreening Screen(ApplicationEntity row, SkillStandardVersion standard)
    {
        var profile = JsonSerializer.Deserialize<ApplicantProfile>(row.ProfileJson, Json.Options)!;
        return ScreeningRules.Screen(standard, row.PersonaList, profile.Qualifications, profile.SkillLevels, profile.Experiences);
    }

    public static TableEntity ScreeningChange(ApplicationEntity row, ApplicationScreening screening)
    {
        var change = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [nameof(ApplicationEntity.Eligible)] = screening.Eligible,
            [nameof(ApplicationEntity.ScreeningJson)] = JsonSerializer.Serialize(screening, Json.Options),
        };

        // Screening never overrides a later outcome (a re-run after the panel must not reset it).
        if (row.Lifecycle.Screen(screening.Eligible) is { } status)
        {
            change[nameof(ApplicationEntity.Status)] = status.ToString();
        }

        return change;
    }
}
