using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Train;

/// <summary>
/// A 修了証 as recorded: its signed facts and signature, or, once the holder's data is erased, only that it was revoked.
/// </summary>
/// <param name="Facts">Null after revocation (the facts name the person).</param>
/// <param name="Signature">Null for certificates issued before signing.</param>
public sealed record CertificateRecord(string CertificateId, string RoundId, string ApplicationId, DateTimeOffset IssuedAt,
    CertificateFacts? Facts, CertificateSignature? Signature, DateTimeOffset? RevokedAt)
{
    public bool Revoked => RevokedAt is not null;
}

/// <summary>How a certificate stands, and whether the paper's QR code carries the signature on record.</summary>
/// <param name="PaperMatches">Null when no signature came with the request (a number typed in by hand).</param>
public sealed record CertificateCheck(CertificateRecord Record, CertificateStanding Standing, bool? PaperMatches);

/// <summary>
/// 修了証: one row per certificate holding the signed facts (the PDF is drawn from them on every download, so that
/// any rendering is the same certificate), keyed by the certificate number for a point read.
/// </summary>
/// <remarks>
/// The first issue wins: a replayed activity finds the row and keeps its signature (ECDSA signs differently each time,
/// and the paper already handed out carries the first). Erasure revokes: the row keeps the number, the round and the
/// date, and loses the facts and the signature.
/// </remarks>
public sealed class CertificateStore(WorkflowStorage storage, ICertificateKeys keys)
{
    /// <summary>Rows issued before the certificate number became the row key, and before signing, used this one.</summary>
    private const string LegacyRowKey = "certificate";

    /// <summary>Derived from the application, so issuing twice gives the same certificate.</summary>
    public static string IdFor(string applicationId) =>
        "C" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(applicationId)))[..15];

    /// <summary>Where the HTML certificates of before signing were kept; erasure still removes them.</summary>
    public static string LegacyBlobName(string roundId, string certificateId) => $"certificates/{roundId}/{certificateId}.html";

    /// <summary>The facts of a certified application: the round's sessions (all attended, or there is no certificate).</summary>
    public static CertificateFacts FactsFor(ApplicationEntity application, RoundRecord round, DateTimeOffset issuedAt)
    {
        // Whole seconds: the signed bytes hold the time in ticks, and no store may round it differently afterwards.
        issuedAt = new DateTimeOffset(issuedAt.UtcTicks - (issuedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var sessions = round.Schedule.TrainingSessions
            .OrderBy(s => s.Number)
            .Select(s => new AttendedSession(s.Number, Curriculum.Modules.First(m => m.Number == s.Module).Title, s.StartsAt))
            .ToList();
        return new CertificateFacts(IdFor(application.RowKey), application.RowKey, application.RoundId, round.Title,
            application.FullName, application.SelectedPersonas, sessions, sessions.Count, issuedAt);
    }

    public async Task<CertificateRecord> IssueAsync(ApplicationEntity application, RoundRecord round, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var facts = FactsFor(application, round, at);
        if (await GetAsync(facts.CertificateId, cancellationToken) is { } issued)
        {
            return issued;
        }

        var table = await storage.TableAsync(Tables.Certificates);

        var signature = await keys.SignAsync(facts.CanonicalBytes(), cancellationToken);
        var row = new TableEntity(facts.CertificateId, facts.CertificateId)
        {
            ["Format"] = CertificateFacts.Format,
            ["RoundId"] = facts.RoundId,
            ["ApplicationId"] = facts.ApplicationId,
            ["RoundTitle"] = facts.RoundTitle,
            ["HolderName"] = facts.HolderName,
            ["Personas"] = string.Join(',', facts.Personas),
            ["SessionsJson"] = JsonSerializer.Serialize(facts.Sessions, Json.Options),
            ["SessionCount"] = facts.SessionCount,
            ["IssuedAt"] = facts.IssuedAt,
            ["KeyId"] = signature.KeyId,
            ["Signature"] = signature.Value,
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            return new CertificateRecord(facts.CertificateId, facts.RoundId, facts.ApplicationId, facts.IssuedAt, facts, signature, null);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Issued meanwhile by another run of the same activity: that one is the certificate.
            return await GetAsync(facts.CertificateId, cancellationToken) ?? throw new InvalidOperationException($"Certificate {facts.CertificateId} vanished while being issued.");
        }
    }

    public async Task<CertificateRecord?> GetAsync(string certificateId, CancellationToken cancellationToken = default)
    {
        if (certificateId is not { Length: 16 } || !certificateId.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.Certificates);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, certificateId, certificateId, cancellationToken)
            ?? await TableBatches.GetOrDefaultAsync<TableEntity>(table, certificateId, LegacyRowKey, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    /// <summary>
    /// The public page that verifies this certificate, carrying its signature (base64url): the paper's QR code and the
    /// link below it. Whoever opens it learns whether the paper in hand is the one on record.
    /// </summary>
    public static Uri VerificationUrl(PublicSite site, string certificateId, CertificateSignature? signature) =>
        site.Page($"certificates/{certificateId}" + (signature is null ? string.Empty : "?s=" + Base64Url.EncodeToString(signature.Value)));

    /// <summary>Checks a certificate: its record against its signature, and the paper's signature (from the QR code) against the record's.</summary>
    public async Task<CertificateCheck?> CheckAsync(string certificateId, byte[]? paperSignature, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(certificateId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (record.Revoked)
        {
            return new CertificateCheck(record, CertificateStanding.Revoked, null);
        }

        if (record is not { Facts: { } facts, Signature: { } signature })
        {
            // A signature beside facts that no longer read back (a field rewritten into nonsense) is an altered record.
            return new CertificateCheck(record, record.Signature is null ? CertificateStanding.Unsigned : CertificateStanding.Altered, null);
        }

        var intact = await keys.VerifyAsync(signature.KeyId, facts.CanonicalBytes(), signature.Value, cancellationToken);
        bool? paperMatches = paperSignature is null ? null : CryptographicOperations.FixedTimeEquals(paperSignature, signature.Value);
        return new CertificateCheck(record, intact ? CertificateStanding.Valid : CertificateStanding.Altered, paperMatches);
    }

    /// <summary>
    /// The holder's data is erased: the certificate stops standing. The row keeps what is not personal (number, round,
    /// date) so that whoever checks a paper copy learns it was revoked rather than that it never existed. Run again
    /// after a crash, it finds the row revoked already and keeps its first date.
    /// </summary>
    public async Task RevokeAsync(string applicationId, string roundId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var certificateId = IdFor(applicationId);
        var table = await storage.TableAsync(Tables.Certificates);
        foreach (var rowKey in new[] { certificateId, LegacyRowKey })
        {
            var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, certificateId, rowKey, cancellationToken);
            if (row is null)
            {
                continue;
            }

            var revoked = new TableEntity(certificateId, rowKey)
            {
                // Not even the application's id: after erasure only the business log ties the number to a person.
                ["RoundId"] = row.GetString("RoundId") ?? roundId,
                ["RoundTitle"] = row.GetString("RoundTitle"),
                ["IssuedAt"] = row.GetDateTimeOffset("IssuedAt"),
                ["RevokedAt"] = row.GetDateTimeOffset("RevokedAt") ?? at,
            };
            await table.UpsertEntityAsync(revoked, TableUpdateMode.Replace, cancellationToken);
        }

        var documents = await storage.DocumentsAsync();
        await documents.GetBlobClient(LegacyBlobName(roundId, certificateId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    private static CertificateRecord ToRecord(TableEntity row)
    {
        var id = row.PartitionKey;
        var roundId = row.GetString("RoundId") ?? string.Empty;
        var applicationId = row.GetString("ApplicationId") ?? string.Empty;
        var issuedAt = row.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue;
        var revokedAt = row.GetDateTimeOffset("RevokedAt");
        if (revokedAt is not null || row.GetString("HolderName") is not { } holder)
        {
            return new CertificateRecord(id, roundId, applicationId, issuedAt, null, null, revokedAt);
        }

        var signature = row.GetString("KeyId") is { } keyId && row.GetBinary("Signature") is { } value ? new CertificateSignature(keyId, value) : null;
        CertificateFacts? facts;
        try
        {
            facts = new CertificateFacts(id, applicationId, roundId, row.GetString("RoundTitle") ?? string.Empty, holder,
                (row.GetString("Personas") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => Enum.Parse<Persona>(p)).ToList(),
                JsonSerializer.Deserialize<List<AttendedSession>>(row.GetString("SessionsJson") ?? "[]", Json.Options) ?? [],
                row.GetInt32("SessionCount") ?? 0,
                issuedAt);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException)
        {
            // Columns that do not read back as what was signed: the check says altered (above), the PDF is not drawn.
            facts = null;
        }

        return new CertificateRecord(id, roundId, applicationId, issuedAt, facts, signature, null);
    }
}
