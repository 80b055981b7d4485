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
        if (await VerdictAsync(application, cancellationToken) is not { } verdict || ResumeScan.MayOpen(verdict, settings.VerdictRequired))
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

    /// <summary>Whether the applicant is asked for another résumé: the scanner's verdict keeps this one closed for good.</summary>
    public async Task<bool> NeedsReplacingAsync(ApplicationEntity application, CancellationToken cancellationToken) =>
        await VerdictAsync(application, cancellationToken) is { } verdict && ResumeScan.NeedsReplacing(verdict, settings.VerdictRequired);

    /// <summary>Why the applicant may not send another résumé now, or null when they may.</summary>
    public async Task<string?> RefuseReplacementAsync(ApplicationEntity application, CancellationToken cancellationToken) =>
        await VerdictAsync(application, cancellationToken) is { } verdict
            ? ResumeScan.RefuseReplacement(verdict, settings.VerdictRequired)
            : ResumeScan.RefuseReplacement(ResumeVerdict.Pending, settings.VerdictRequired);

    /// <summary>The scanner's verdict on the application's résumé; null when there is no résumé.</summary>
    private async Task<ResumeVerdict?> VerdictAsync(ApplicationEntity application, CancellationToken cancellationToken)
    {
        var documents = await storage.DocumentsAsync();
        try
        {
            var tags = (await documents.GetBlobClient(application.ResumeBlob).GetTagsAsync(cancellationToken: cancellationToken)).Value.Tags;
            return ResumeScan.VerdictOf(tags.TryGetValue(ResumeScan.TagName, out var value) ? value : null);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
