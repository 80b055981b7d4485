using Azure.Data.Tables;
using Workflow.Domain.Municipalities;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Publish;

/// <summary>
/// The municipality registry (全国地方公共団体コード, name, prefecture), partitioned by prefecture code.
/// A small sample is seeded when the registry is empty, so that a fresh system has someone to notify.
/// </summary>
public sealed class MunicipalityStore(WorkflowStorage storage)
{
    public async Task<IReadOnlyList<Municipality>> ListAsync(string? prefecture = null, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Municipalities);
        await EnsureSeededAsync(table, cancellationToken);
        var filter = prefecture is null ? null : TableClient.CreateQueryFilter($"Prefecture eq {prefecture}");
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table, filter ?? string.Empty, cancellationToken: cancellationToken);
        return rows.Select(r => FromEntity(r.RowKey, r))
            .OrderBy(m => m.Code, StringComparer.Ordinal).ToList();
    }

    public async Task<Municipality?> GetAsync(string code, CancellationToken cancellationToken = default)
    {
        if (!MunicipalityCode.IsValid(code))
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.Municipalities);
        await EnsureSeededAsync(table, cancellationToken);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, MunicipalityCode.PrefectureCodeOf(code), code, cancellationToken);
        return row is null ? null : FromEntity(code, row);
    }

    /// <summary>
    /// Adds or updates every row; batches per prefecture, so an import is all-or-nothing per prefecture. What a list
    /// has columns for is what it changes: with <paramref name="withAddresses"/> each row is written whole (an empty
    /// address means none); without, the addresses on file stay, since the ministry's official list has none and
    /// importing it must not stop the notices of municipalities whose address was registered before.
    /// </summary>
    public async Task UpsertAsync(IEnumerable<Municipality> municipalities, bool withAddresses = true, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.Municipalities);
        var type = withAddresses ? TableTransactionActionType.UpsertReplace : TableTransactionActionType.UpsertMerge;
        await TableBatches.SubmitAsync(table, municipalities.Select(m => new TableTransactionAction(type, ToEntity(m))), cancellationToken);
    }

    private static TableEntity ToEntity(Municipality m)
    {
        var entity = new TableEntity(MunicipalityCode.PrefectureCodeOf(m.Code), m.Code) { ["Name"] = m.Name, ["Prefecture"] = m.Prefecture };
        if (m.Email is not null)
        {
            entity["Email"] = m.Email;
        }

        return entity;
    }

    private static Municipality FromEntity(string code, TableEntity row) =>
        new(code, row.GetString("Name") ?? string.Empty, row.GetString("Prefecture") ?? string.Empty, row.GetString("Email"));

    private static async Task EnsureSeededAsync(TableClient table, CancellationToken cancellationToken)
    {
        await foreach (var _ in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return;
        }

        await TableBatches.SubmitAsync(table, MunicipalityCsv.Sample.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(m))), cancellationToken);
    }
}
