using System.Buffers.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;
using Workflow.Functions.Http;
using Workflow.Functions.Publish;
using Workflow.Functions.Spreadsheets;
using Workflow.Functions.Storage;
using Workflow.Functions.Train;

namespace Workflow.Functions.Appoint;

/// <summary>An evidence pack as recorded: its signed facts and the signature.</summary>
public sealed record EvidencePackRecord(EvidencePackFacts Facts, CertificateSignature Signature);

/// <summary>Whether a pack's facts on record still agree with its signature.</summary>
public sealed record EvidencePackCheck(EvidencePackRecord Record, bool Intact);

/// <summary>
/// Evidence packs for the 特別交付税措置 (ADR 0016): one row per pack, partitioned by municipality, holding the facts
/// and the signature made with the 修了証's key (ADR 0015). A pack is made from the appointments as they stand when it
/// is asked for; its number follows from its facts, so asking again for an unchanged year gives the pack already
/// signed, and the first signature stands.
/// </summary>
public sealed class EvidencePackStore(WorkflowStorage storage, ICertificateKeys keys, RosterStore roster)
{
    /// <summary>The pack of a municipality's fiscal year as the appointments stand now, issued if it is new.</summary>
    public async Task<EvidencePackRecord> IssueAsync(Municipality municipality, int fiscalYear, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var lines = await LinesAsync(municipality.Code, fiscalYear, cancellationToken);
        var packId = EvidencePackFacts.IdFor(municipality.Code, fiscalYear, lines);
        if (await GetAsync(packId, cancellationToken) is { } issued)
        {
            return issued;
        }

        // Whole seconds: the signed bytes hold the time in ticks, and no store may round it differently afterwards.
        var at = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var facts = new EvidencePackFacts(packId, municipality.Code, municipality.Name, fiscalYear, at, lines, EvidencePackFacts.FormatFor(lines));
        var signature = await keys.SignAsync(facts.CanonicalBytes(), cancellationToken);
        var table = await storage.TableAsync(Tables.EvidencePacks);
        try
        {
            await table.AddEntityAsync(new TableEntity(municipality.Code, packId)
            {
                ["Format"] = facts.Format,
                ["FactsJson"] = JsonSerializer.Serialize(facts, Json.Options),
                ["KeyId"] = signature.KeyId,
                ["Signature"] = signature.Value,
            }, cancellationToken);
            return new EvidencePackRecord(facts, signature);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await GetAsync(packId, cancellationToken) ?? throw new InvalidOperationException($"Evidence pack {packId} vanished while being issued.");
        }
    }

    public async Task<EvidencePackRecord?> GetAsync(string packId, CancellationToken cancellationToken = default)
    {
        if (CodeOf(packId) is not { } code)
        {
            return null;
        }

        var table = await storage.TableAsync(Tables.EvidencePacks);
        var row = await TableBatches.GetOrDefaultAsync<TableEntity>(table, code, packId, cancellationToken);
        return row?.GetString("FactsJson") is { } json && row.GetBinary("Signature") is { } value
            ? new EvidencePackRecord(JsonSerializer.Deserialize<EvidencePackFacts>(json, Json.Options)!, new CertificateSignature(row.GetString("KeyId") ?? string.Empty, value))
            : null;
    }

    public async Task<EvidencePackCheck?> CheckAsync(string packId, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(packId, cancellationToken) is not { } record)
        {
            return null;
        }

        var intact = record.Facts.PackId == packId
            && await keys.VerifyAsync(record.Signature.KeyId, record.Facts.CanonicalBytes(), record.Signature.Value, cancellationToken);
        return new EvidencePackCheck(record, intact);
    }

    /// <summary>The municipality of a pack number (EP2027-131016-…), or null for a number that cannot be one.</summary>
    public static string? CodeOf(string packId)
    {
        var parts = packId.Split('-');
        return parts is [{ Length: 6 } year, { } code, { Length: 12 } hash] && year.StartsWith("EP", StringComparison.Ordinal) && year[2..].All(char.IsAsciiDigit)
            && MunicipalityCode.IsValid(code) && hash.All(char.IsAsciiHexDigitUpper)
            ? code
            : null;
    }

    /// <summary>
    /// The signature as printed on the pack, so that the paper can be compared with the record: upper-case hex, because
    /// base64url begins with '-' one time in 64 and the CSV's formula guard would then put a quote before it.
    /// </summary>
    public static string Printed(CertificateSignature signature) => Convert.ToHexString(signature.Value);

    private async Task<List<EvidenceLine>> LinesAsync(string code, int fiscalYear, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Tables.Appointments);
        // The municipality's own appointments and every shared one (a few), of which it keeps those it has a share in
        // (Shared is AppointmentStore.SharedColumn).
        var rows = await TableBatches.QueryAllAsync<TableEntity>(table,
            TableClient.CreateQueryFilter($"(MunicipalityCode eq {code} or Shared eq {true}) and Status eq {nameof(AppointmentStatus.Accepted)}"),
            cancellationToken: cancellationToken);
        var lines = new List<EvidenceLine>();
        foreach (var appointment in rows.Select(AppointmentStore.ToRecord))
        {
            var share = appointment.Shares?.FirstOrDefault(s => s.MunicipalityCode == code);
            var measure = share?.Measure ?? (appointment.MunicipalityCode == code ? appointment.Measure : null);
            if (appointment.Terms is not { } terms || measure is null || await roster.GetAsync(appointment.CandidateId, cancellationToken) is not { } person)
            {
                // Requested before terms were asked for, shared by others only, or the person's data erased: nothing to claim on.
                continue;
            }

            if (EvidencePackFacts.LineFor(fiscalYear, appointment.AppointmentId, appointment.RoundId, appointment.CandidateId, person.Name, person.CertificateId, terms, measure,
                    appointment.AnsweredAt, share?.Percent ?? 100) is { } line)
            {
                lines.Add(line);
            }
        }

        return [.. lines.OrderBy(l => l.CountedFrom).ThenBy(l => l.AppointmentId, StringComparer.Ordinal)];
    }
}

/// <summary>The pack as a sheet: one row per appointment, then the pack's number and signature below an empty row.</summary>
public static class EvidencePackSheet
{
    public static SheetTable Of(EvidencePackRecord pack)
    {
        var f = pack.Facts;
        var rows = f.Lines.Select(l => (IReadOnlyList<string?>)
        [
            l.AppointmentId, l.PersonName, l.CertificateId, l.CandidateId, l.RoundId, l.PostTitle, AppointmentNames.DisplayName(l.Form),
            Day(l.StartsOn), Day(l.EndsOn), l.DaysPerWeek.ToString(System.Globalization.CultureInfo.InvariantCulture), Day(l.CountedFrom), Day(l.CountedTo),
            TableDownloads.Jst(l.AcceptedAt), l.SharePercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]).ToList();
        rows.Add([]);
        rows.Add(["根拠資料番号", f.PackId]);
        rows.Add(["団体", $"{f.MunicipalityCode} {f.MunicipalityName}"]);
        rows.Add(["年度", EvidencePackFacts.FiscalYearName(f.FiscalYear)]);
        rows.Add(["作成日時（日本時間）", TableDownloads.Jst(f.IssuedAt)]);
        rows.Add(["署名鍵", pack.Signature.KeyId]);
        rows.Add(["署名（ES256、16進）", EvidencePackStore.Printed(pack.Signature)]);
        return new SheetTable("特別交付税措置の根拠",
            ["申込番号", "氏名", "修了証番号", "選定の記録（受付番号）", "公募ラウンド", "職", "任用の形態", "任用の開始日", "任用の終了日", "週の勤務日数", "本年度の対象期間（から）", "本年度の対象期間（まで）", "承諾日時（日本時間）",
                "負担割合（%）"],
            rows);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
