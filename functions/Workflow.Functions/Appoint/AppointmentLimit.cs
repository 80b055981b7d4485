using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Appointments;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Appoint;

/// <summary>The limit as it stands: the ministry's value, or the deployment's default while the ministry has set none.</summary>
/// <param name="Default">The deployment's value (<see cref="Configuration.SettingNames.AppointmentMaxDaysPerWeek"/>).</param>
/// <param name="ChangedBy">Who set it last (the staff member's subject); null while it is the default.</param>
public sealed record AppointmentLimitView(int MaxDaysPerWeek, int Default, bool IsDefault, DateTimeOffset? ChangedAt, string? ChangedBy, int Highest);

/// <summary>What a change did: the value before and after, and whether this call wrote it.</summary>
public sealed record AppointmentLimitChange(int Before, int After, bool Changed, AppointmentLimitView Current);

/// <summary>The answer to a change of the limit: the limit now, the one before, and whether it moved.</summary>
public sealed record AppointmentLimitChanged(int MaxDaysPerWeek, int Before, bool Changed, AppointmentLimitView Current, string Message);

/// <summary>
/// The most days a week one person may hold at once (<see cref="Commitments"/>), as the ministry sets it on its
/// dashboard: one row, read on every acceptance, with the deployment's setting (<see cref="AppointmentPolicy"/>) as
/// the value until the ministry first sets one.
/// </summary>
public sealed class AppointmentLimits(WorkflowStorage storage, AppointmentPolicy defaults)
{
    private const string Partition = "appointments";
    private const string Row = "maxDaysPerWeek";

    /// <summary>The limit to check an acceptance against now.</summary>
    public async Task<int> MaxDaysPerWeekAsync(CancellationToken cancellationToken = default) => (await CurrentAsync(cancellationToken)).MaxDaysPerWeek;

    public async Task<AppointmentLimitView> CurrentAsync(CancellationToken cancellationToken = default) => View(await ReadAsync(cancellationToken));

    /// <summary>
    /// Sets the limit, on the row as read (ETag), unless it already has that value: a repeat changes nothing and says so.
    /// <paramref name="seen"/> is the value the ministry's page showed; when someone else changed it since, nothing is
    /// written and the answer says what stands (<c>Changed</c> false, <c>Before</c> the value found).
    /// </summary>
    public async Task<(AppointmentLimitChange Change, bool Stale)> ChangeAsync(int maxDaysPerWeek, int? seen, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Settings);
        for (var attempt = 1; ; attempt++)
        {
            var row = await ReadAsync(cancellationToken);
            var current = View(row);
            if (current.MaxDaysPerWeek == maxDaysPerWeek)
            {
                return (new AppointmentLimitChange(current.MaxDaysPerWeek, maxDaysPerWeek, false, current), false);
            }

            if (seen is { } shown && shown != current.MaxDaysPerWeek)
            {
                return (new AppointmentLimitChange(current.MaxDaysPerWeek, current.MaxDaysPerWeek, false, current), true);
            }

            var entity = new TableEntity(Partition, Row) { ["MaxDaysPerWeek"] = maxDaysPerWeek, ["ChangedAt"] = at, ["ChangedBy"] = actor };
            try
            {
                if (row is null)
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return (new AppointmentLimitChange(current.MaxDaysPerWeek, maxDaysPerWeek, true, View(entity)), false);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5)
            {
                // Another change landed between the read and the write: read what stands and decide again.
            }
        }
    }

    private async Task<TableEntity?> ReadAsync(CancellationToken cancellationToken) =>
        await TableBatches.GetOrDefaultAsync<TableEntity>(await storage.TableAsync(Tables.Settings), Partition, Row, cancellationToken);

    private AppointmentLimitView View(TableEntity? row) =>
        row?.GetInt32("MaxDaysPerWeek") is { } days and >= 1 and <= Commitments.MostDaysPerWeekLimit
            ? new AppointmentLimitView(days, defaults.MaxDaysPerWeek, false, row.GetDateTimeOffset("ChangedAt"), row.GetString("ChangedBy"), Commitments.MostDaysPerWeekLimit)
            : new AppointmentLimitView(defaults.MaxDaysPerWeek, defaults.MaxDaysPerWeek, true, null, null, Commitments.MostDaysPerWeekLimit);
}
