using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Screening;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;

namespace Workflow.Functions.Select;

public sealed record ShardScreeningResult(int Shard, int Screened, int Eligible);

/// <summary>
/// ④ 選定, first half: screens one shard's applications against the skill standard. Screening is a pure
/// function of the stored application, so a re-run writes the same result.
/// </summary>
public sealed class ScreenApplicationShard(ApplicationStore applications)
{
    [Function(nameof(ScreenApplicationShard))]
    public async Task<ShardScreeningResult> Run([ActivityTrigger] ShardInput input, CancellationToken cancellationToken)
    {
        var rows = await applications.ReadShardAsync(input.RoundId, input.Shard, cancellationToken);
        var changes = new List<TableEntity>(rows.Count);
        var eligible = 0;
        foreach (var row in rows)
        {
            var screening = Screen(row);
            eligible += screening.Eligible ? 1 : 0;
            changes.Add(ScreeningChange(row, screening));
        }

        Platform.CrashPoints.Reach(Platform.CrashPoints.ShardScreened);
        await applications.MergeAsync(changes, cancellationToken);
        return new ShardScreeningResult(input.Shard, rows.Count, eligible);
    }

    public static ApplicationScreening Screen(ApplicationEntity row)
    {
        var profile = JsonSerializer.Deserialize<ApplicantProfile>(row.ProfileJson, Json.Options)!;
        return ScreeningRules.Screen(row.PersonaList, profile.Qualifications, profile.SkillLevels, profile.Experiences);
    }

    public static TableEntity ScreeningChange(ApplicationEntity row, ApplicationScreening screening)
    {
        var change = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [nameof(ApplicationEntity.Eligible)] = screening.Eligible,
            [nameof(ApplicationEntity.ScreeningJson)] = JsonSerializer.Serialize(screening, Json.Options),
        };

        // Screening never overrides a later outcome (a re-run after the panel must not reset it).
        if (row.Status is nameof(ApplicationStatus.Submitted) or nameof(ApplicationStatus.Eligible) or nameof(ApplicationStatus.Ineligible))
        {
            change[nameof(ApplicationEntity.Status)] = (screening.Eligible ? ApplicationStatus.Eligible : ApplicationStatus.Ineligible).ToString();
        }

        return change;
    }
}
