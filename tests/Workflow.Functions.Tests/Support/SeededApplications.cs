using Azure.Data.Tables;
using Workflow.Domain.Applications;
using Workflow.Functions.Apply;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Applications stored the way applicants' submissions are (<see cref="ApplicationStore.SubmitAsync"/>), then moved
/// to the status and attendance a later step would have given them.
/// </summary>
public static class SeededApplications
{
    public static async Task<string> AddAsync(WorkflowStorage storage, string roundId, ApplicationForm form, string status = nameof(ApplicationStatus.Submitted), params int[] attended)
    {
        var store = new ApplicationStore(storage);
        using var resume = new MemoryStream(Samples.Pdf());
        var submitted = await store.SubmitAsync(roundId, form, resume, Samples.Now);
        Assert.Equal(SubmitOutcome.Accepted, submitted.Outcome);
        var id = submitted.ApplicationId!;
        if (status == nameof(ApplicationStatus.Submitted) && attended.Length == 0)
        {
            return id;
        }

        ApplicationIds.TryParse(id, out _, out var shard);
        var change = new TableEntity(ApplicationShards.PartitionKey(roundId, shard), id) { [nameof(ApplicationEntity.Status)] = status };
        foreach (var session in attended)
        {
            change[ApplicationEntity.AttendedColumn(session)] = true;
        }

        await SetAsync(storage, change);
        return id;
    }

    /// <summary>Sets columns of a stored application directly, as a step the test skips would have left them.</summary>
    public static async Task SetAsync(WorkflowStorage storage, TableEntity change)
    {
        var table = await storage.TableAsync(Tables.Applications);
        await table.UpdateEntityAsync(change, Azure.ETag.All, TableUpdateMode.Merge);
    }

    /// <summary>
    /// Someone selected as <paramref name="form"/>'s first persona, certified, and on the published roster with the
    /// tier the form chose; returns the id and the access key the person holds.
    /// </summary>
    public static async Task<(string Id, string Key)> AddListedAsync(WorkflowStorage storage, string roundId, ApplicationForm form, DateTimeOffset publishedAt)
    {
        var store = new ApplicationStore(storage);
        using var resume = new MemoryStream(Samples.Pdf());
        var submitted = await store.SubmitAsync(roundId, form, resume, Samples.Now);
        var id = submitted.ApplicationId!;
        ApplicationIds.TryParse(id, out _, out var shard);
        await SetAsync(storage, new TableEntity(ApplicationShards.PartitionKey(roundId, shard), id)
        {
            [nameof(ApplicationEntity.Status)] = nameof(ApplicationStatus.Certified),
            [nameof(ApplicationEntity.OutcomesJson)] = ApplicationEntity.OutcomesColumn([new PersonaOutcome(form.Personas[0], true, ApplicationLifecycle.SelectedByPanel)]),
            [nameof(ApplicationEntity.Published)] = true,
            [nameof(ApplicationEntity.CertificateId)] = "C-" + id[^8..],
        });
        await new Functions.Publish.RosterStore(storage).PublishAsync([(await store.GetAsync(id))!], publishedAt);
        return (id, submitted.AccessToken!);
    }
}
