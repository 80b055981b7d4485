using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Http;

/// <summary>
/// How many requests of one kind one client may make in an hour, counted in storage so that every instance of a
/// scaled-out app counts alike. A client is its IP address as the front end saw it (the last X-Forwarded-For entry
/// in Azure, which the platform appends; the connection's address locally), stored only as a hash.
/// </summary>
public sealed class ClientRequestLimit(WorkflowStorage storage, TimeProvider clock)
{
    private const int Attempts = 10;

    /// <summary>Counts this request; false once the client has made <paramref name="perHour"/> of them this hour.</summary>
    public async Task<bool> TryCountAsync(HttpRequest request, string scope, int perHour, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(Tables.RequestCounts);
        var partition = $"{scope}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ClientOf(request))))[..32]}";
        var hour = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, partition, hour, cancellationToken);
            var count = row?.GetInt32("Count") ?? 0;
            if (count >= perHour)
            {
                return false;
            }

            var next = new TableEntity(partition, hour) { ["Count"] = count + 1 };
            try
            {
                if (row is null)
                {
                    await table.AddEntityAsync(next, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return true;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < Attempts)
            {
                // Another request of the same client counted first: count again on what it left.
            }
        }
    }

    public static string ClientOf(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length > 0)
        {
            var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (last is not null && (IPAddress.TryParse(last, out _) || IPEndPoint.TryParse(last, out _)))
            {
                return last;
            }
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
