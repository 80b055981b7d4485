using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Workflow.Domain.Privacy;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Notifications;
using Workflow.Functions.Select;
using Workflow.Functions.Storage;
using Workflow.Functions.Train;

namespace Workflow.Functions.Apply;

public enum ErasureOutcome { Erased, AlreadyGone, AppointmentStillRunning }

/// <summary>
/// Removes everything the system holds about one applicant: rows, documents and orchestration instances, and
/// leaves a tombstone in the business log (who, when, why; the opaque application id only). Every key is derived
/// from the application id, so a run interrupted half-way is finished by running it again; the application row
/// goes last because it is what says the applicant still exists.
/// </summary>
public sealed class ApplicantErasure(
    WorkflowStorage storage,
    ApplicationStore applications,
    AppointmentStore appointments,
    ConflictDeclarationStore declarations,
    PanelStore panel,
    CertificateStore certificates,
    Appoint.ContactStore contacts,
    BusinessLog log,
    TimeProvider clock)
{
    private readonly OutboxStore outbox = new(storage);

    public const string TombstoneAction = "ApplicantErased";

    public async Task<ErasureOutcome> EraseAsync(string applicationId, DurableTaskClient client, string actor, ErasureReason reason, CancellationToken cancellationToken)
    {
        var application = await applications.GetAsync(applicationId, cancellationToken);
        if (application is null)
        {
            return ErasureOutcome.AlreadyGone;
        }

        var roundId = application.RoundId;
        var own = (await appointments.ListAsync(roundId, cancellationToken)).Where(a => a.CandidateId == applicationId).ToList();
        foreach (var appointment in own)
        {
            var instance = await client.GetInstanceAsync(appointment.InstanceId, cancellationToken);
            if (instance is { IsRunning: true } || instance?.RuntimeStatus == OrchestrationRuntimeStatus.Pending)
            {
                return ErasureOutcome.AppointmentStillRunning;
            }
        }

        var now = clock.GetUtcNow();
        foreach (var appointment in own)
        {
            // Before the row goes: an erasure interrupted after it would no longer know the appointment's id, and the
            // auditor's story of the person could not find the appointment's own log lines.
            await log.WriteAsync(roundId, now, actor, BusinessLogActions.AppointmentErased, applicationId, appointment.AppointmentId,
                idempotencyKey: "erased-" + appointment.AppointmentId, cancellationToken: cancellationToken);
            await client.PurgeInstanceAsync(appointment.InstanceId, cancellation: cancellationToken);
            await DeleteWhereAsync(Tables.Notifications, NotificationStore.MunicipalityPartition(appointment.MunicipalityCode), "SubjectId", appointment.AppointmentId, cancellationToken);
            await DeleteWhereAsync(Tables.Notifications, NotificationStore.MinistryPartition, "SubjectId", appointment.AppointmentId, cancellationToken);
            await outbox.EraseAboutAsync(roundId, appointment.AppointmentId, cancellationToken);
            var appointmentTable = await storage.TableAsync(Tables.Appointments);
            await appointmentTable.DeleteEntityAsync(roundId, appointment.AppointmentId, ETag.All, cancellationToken);
        }

        await appointments.DeleteCommitmentsAsync(roundId, applicationId, cancellationToken);
        Platform.CrashPoints.Reach(Platform.CrashPoints.ErasureHalfDone);
        await DeleteWhereAsync(Tables.Notifications, NotificationStore.ApplicantPartition(roundId, application.Shard), "SubjectId", applicationId, cancellationToken);
        await DeleteWhereAsync(Tables.Outbox, roundId, "ApplicationId", applicationId, cancellationToken);
        await outbox.EraseAboutAsync(roundId, applicationId, cancellationToken);
        // The answers municipalities were told name the person's roster id: they go before the requests that list who asked.
        foreach (var contact in await contacts.ForCandidateAsync(applicationId, cancellationToken))
        {
            await DeleteWhereAsync(Tables.Notifications, NotificationStore.MunicipalityPartition(contact.MunicipalityCode), "SubjectId", applicationId, cancellationToken);
        }

        await contacts.DeleteForCandidateAsync(applicationId, cancellationToken);
        await declarations.DeleteForApplicationAsync(applicationId, cancellationToken);
        await panel.DeleteForApplicationAsync(roundId, applicationId, cancellationToken);

        var roster = await storage.TableAsync(Tables.Roster);
        await roster.DeleteEntityAsync(application.PartitionKey, applicationId, ETag.All, cancellationToken);

        await certificates.RevokeAsync(applicationId, roundId, now, cancellationToken);
        var documents = await storage.DocumentsAsync();
        await documents.GetBlobClient(ApplicationStore.ResumeBlobName(applicationId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);

        await applications.EraseAsync(application, reason, now, cancellationToken);
        await log.WriteAsync(roundId, now, actor, TombstoneAction, applicationId, reason.ToString(), cancellationToken: cancellationToken);
        return ErasureOutcome.Erased;
    }

    private async Task DeleteWhereAsync(string tableName, string partition, string column, string value, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(tableName);
        var filter = $"{TableClient.CreateQueryFilter($"PartitionKey eq {partition}")} and {column} eq {TableClient.CreateQueryFilter($"{value}")}";
        await TableBatches.DeleteWhereAsync(table, filter, cancellationToken);
    }
}
