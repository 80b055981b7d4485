using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Train;

public sealed record CertificateRecord(string CertificateId, string RoundId, string ApplicationId, DateTimeOffset IssuedAt, string DocumentBlob);

/// <summary>修了証: a document in Blob Storage and a row that lets anyone verify the certificate number.</summary>
public sealed class CertificateStore(WorkflowStorage storage)
{
    /// <summary>Derived from the application, so issuing twice gives the same certificate.</summary>
    public static string IdFor(string applicationId) =>
        "C" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(applicationId)))[..15];

    public static string BlobName(string roundId, string certificateId) => $"certificates/{roundId}/{certificateId}.html";

    public async Task<CertificateRecord> IssueAsync(ApplicationEntity application, string roundTitle, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var id = IdFor(application.RowKey);
        var documents = await storage.DocumentsAsync();
        var blob = documents.GetBlobClient(BlobName(application.RoundId, id));
        // The certificate names only the personas the person was selected (and so trained) as.
        var html = Document(id, application.FullName, roundTitle, application.SelectedPersonas, at);
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(html)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } }, cancellationToken);
        var table = await storage.TableAsync(Tables.Certificates);
        await table.UpsertEntityAsync(new TableEntity(id, "certificate")
        {
            ["RoundId"] = application.RoundId,
            ["ApplicationId"] = application.RowKey,
            ["IssuedAt"] = at,
            ["DocumentBlob"] = blob.Name,
        }, TableUpdateMode.Replace, cancellationToken);
        return new CertificateRecord(id, application.RoundId, application.RowKey, at, blob.Name);
    }

    public async Task<CertificateRecord?> GetAsync(string certificateId, CancellationToken cancellationToken = default)
    {
        if (certificateId is not { Length: 16 } || !certificateId.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.Certificates);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, certificateId, "certificate", cancellationToken);
        return row is null ? null : new CertificateRecord(certificateId, row.GetString("RoundId")!, row.GetString("ApplicationId")!,
            row.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue, row.GetString("DocumentBlob")!);
    }

    public async Task<string?> ReadDocumentAsync(CertificateRecord certificate, CancellationToken cancellationToken = default)
    {
        var documents = await storage.DocumentsAsync();
        var blob = documents.GetBlobClient(certificate.DocumentBlob);
        if (!await blob.ExistsAsync(cancellationToken))
        {
            return null;
        }

        var content = await blob.DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToString();
    }

    private static string Document(string id, string fullName, string roundTitle, IReadOnlyList<Persona> personas, DateTimeOffset at)
    {
        var jst = at.ToOffset(TimeSpan.FromHours(9));
        var modules = string.Join(string.Empty, Curriculum.Modules.Select(m => $"<li>{WebUtility.HtmlEncode(m.Title)}</li>"));
        return $"""
            <!DOCTYPE html>
            <html lang="ja">
            <head><meta charset="utf-8"><title>修了証 {id}</title></head>
            <body>
            <h1>修了証</h1>
            <p>{WebUtility.HtmlEncode(fullName)} 殿</p>
            <p>あなたは「{WebUtility.HtmlEncode(roundTitle)}」の民間人材向け研修（全{Curriculum.MinSessions}〜{Curriculum.MaxSessions}回）の全課程を修了したことを証します。</p>
            <ul>{modules}</ul>
            <p>人材像: {WebUtility.HtmlEncode(string.Join("、", personas.Select(SkillStandardCatalog.DisplayName)))}</p>
            <p>交付日: {jst:yyyy年M月d日}</p>
            <p>修了証番号: {id}</p>
            <p>主催: 総務省（民間事業者に委託）</p>
            </body>
            </html>
            """;
    }
}
