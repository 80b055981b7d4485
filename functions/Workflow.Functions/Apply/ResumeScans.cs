using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Workflow.Domain.Applications;
using Workflow.Functions.Configuration;
using Workflow.Functions.Http;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Apply;

/// <param name="VerdictRequired">Whether a résumé needs the scanner's clean verdict before it is opened (Azure, where every upload is scanned).</param>
public sealed record ResumeScanSettings(bool VerdictRequired)
{
    public static ResumeScanSettings FromConfiguration(IConfiguration configuration) =>
        new(configuration[SettingNames.ResumeScanVerdict] switch
        {
            null or "" or "optional" => false,
            "required" => true,
            var other => throw new InvalidOperationException($"{SettingNames.ResumeScanVerdict} must be 'required' or 'optional', not '{other}'."),
        });
}

/// <summary>
/// Reads the malware scanner's verdict on a résumé before anyone opens it (<see cref="ResumeScan"/>): the blob's index
/// tag, which only the scanner writes.
/// </summary>
public sealed class ResumeScans(WorkflowStorage storage, ResumeScanSettings settings)
{
    /// <summary>A problem to answer instead of the résumé, or null when it may be opened (or is not there: the caller says so).</summary>
    public async Task<JsonBodyResult?> RefuseAsync(ApplicationEntity application, CancellationToken cancellationToken)
    {
        var documents = await storage.DocumentsAsync();
        IDictionary<string, string> tags;
        try
        {
            tags = (await documents.GetBlobClient(application.ResumeBlob).GetTagsAsync(cancellationToken: cancellationToken)).Value.Tags;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        var verdict = ResumeScan.VerdictOf(tags.TryGetValue(ResumeScan.TagName, out var value) ? value : null);
        if (ResumeScan.MayOpen(verdict, settings.VerdictRequired))
        {
            return null;
        }

        var (title, detail) = ResumeScan.Refusal(verdict);
        if (verdict == ResumeVerdict.Pending)
        {
            var pending = ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, title, detail);
            pending.Headers["Retry-After"] = "60";
            return pending;
        }

        return ApiResults.Conflict(title, detail);
    }
}
