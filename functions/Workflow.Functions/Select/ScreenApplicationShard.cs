using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Mail;
using Workflow.Domain.Screening;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Notifications;
using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Select;

/// <param name="Withdrawn">Applications left out because their applicant withdrew.</param>
public sealed record ShardScreeningResult(int Shard, int Screened, int Eligible, int Withdrawn = 0);

/// <summary>
/// ④ 選定, first half: screens one shard's applications against the skill standard and tells each applicant the
/// result (書類選考の結果). Screening is a pure function of the stored application, so a re-run finds each row screened
/// already and writes nothing but the same notices again, which are the same rows and the same mails.
/// </summary>
public sealed class ScreenApplicationShard(ApplicationStore applications, NotificationStore notifications, RoundStore rounds, RoundStandards standards)
{
    public const string ResultKind = "ScreeningResult";

    private sealed record Screened(string ApplicationId, ApplicationScreening Screening, bool Concluded);

    [Function(nameof(ScreenApplicationShard))]
    public async Task<ShardScreeningResult> Run([ActivityTrigger] ShardInput input, CancellationToken cancellationToken)
    {
        var round = await rounds.GetAsync(input.RoundId, cancellationToken)
            ?? throw new InvalidOperationException($"Round {input.RoundId} is not stored; its applications cannot be screened without the standard it pinned.");
        var standard = standards.PinnedBy(round);
        var results = await applications.UpdateShardAsync(input.RoundId, input.Shard, row =>
        {
            var lifecycle = row.Lifecycle;
            if (lifecycle.IsWithdrawn)
            {
                return ((TableEntity?)null, (Screened?)null);
            }

            var screening = Screen(row, standard);
            var status = lifecycle.Screen(screening.Eligible);
            var screened = row.Eligible == screening.Eligible && row.ScreeningJson is not null && (status is null || status.ToString() == row.Status);
            return (screened ? null : ScreeningChange(row, screening), new Screened(row.RowKey, screening, lifecycle.IsConcluded));
        }, cancellationToken);
        Platform.CrashPoints.Reach(Platform.CrashPoints.ShardScreened);

        // Made from the screening as stored; an application whose outcome is already out (a re-run after the panel)
        // is not told about its screening after the fact.
        await notifications.UpsertAsync(results.OfType<Screened>().Where(s => !s.Concluded).Select(s =>
        {
            var text = NoticeTexts.ScreeningResult(round.Title, s.Screening, round.Schedule.SelectionDeadline);
            return NotificationStore.ForApplicant(s.ApplicationId, ResultKind, text.Title, text.Body, input.At);
        }), cancellationToken);
        return new ShardScreeningResult(input.Shard, results.Count(r => r is not null), results.Count(r => r?.Screening.Eligible == true), results.Count(r => r is null));
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
