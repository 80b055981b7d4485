using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Workflow.Domain.Appointments;
using Workflow.Domain.Calendar;
using Workflow.Functions.Train;

namespace Workflow.Functions.Appoint;

/// <summary>
/// The evidence pack as A4 landscape pages: the municipality, the fiscal year, the conditions the appointments met, a
/// table of them, and the pack's number and signature at the foot of every page, so that a page handed in alone can be
/// matched with the record. Drawn from the signed facts on every download, like the 修了証 (same typeface).
/// </summary>
public static class EvidencePackPdf
{
    private const double PageWidth = 841.89;
    private const double PageHeight = 595.28;
    private const double Margin = 40;
    private const double RowHeight = 30;

    private static readonly (string Heading, double Width)[] Columns =
    [
        ("申込番号", 140), ("氏名", 70), ("修了証番号", 95), ("選定の記録（受付番号・公募）", 146), ("職・形態", 85), ("任用の期間", 80), ("本年度の対象期間", 80), ("週", 24),
        ("負担", 34),
    ];

    public static byte[] Render(EvidencePackRecord pack)
    {
        CertificateFont.EnsureRegistered();
        var facts = pack.Facts;
        using var document = new PdfDocument();
        document.Info.Title = $"特別交付税措置の根拠資料 {facts.PackId}";
        document.Info.Author = "総務省 自治体DX外部人材確保支援事業";
        var lines = facts.Lines.ToList();
        var perPage = 11;
        var pages = Math.Max(1, (int)Math.Ceiling(lines.Count / (double)perPage));
        for (var p = 0; p < pages; p++)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            using var g = XGraphics.FromPdfPage(page);
            Draw(g, pack, lines.Skip(p * perPage).Take(perPage).ToList(), p + 1, pages);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(XGraphics g, EvidencePackRecord pack, IReadOnlyList<EvidenceLine> lines, int page, int pages)
    {
        var facts = pack.Facts;
        var ink = XBrushes.Black;
        g.DrawString($"{EvidencePackFacts.FiscalYearName(facts.FiscalYear)} 特別交付税措置（CIO補佐官等の外部人材の任用）根拠資料", Font(16), ink, new XPoint(Margin, Margin + 10));
        g.DrawString($"{facts.MunicipalityName}（団体コード {facts.MunicipalityCode}）", Font(12), ink, new XPoint(Margin, Margin + 34));
        var (first, last) = EvidencePackFacts.FiscalYearSpan(facts.FiscalYear);
        g.DrawString($"対象期間: {JapaneseDates.Day(first)}から{JapaneseDates.Day(last)}まで　対象の任用: {facts.Lines.Count}件　措置率: {MeasureAssessment.Rate:0.0}",
            Font(10), ink, new XPoint(Margin, Margin + 52));
        g.DrawString("各任用は、市区町村による、CIO補佐官等としての、プロデューサー（CIO補佐官等）として選定・研修修了した人材の、特別職非常勤職員又は業務委託による任用として記録されたものです。",
            Font(8), ink, new XPoint(Margin, Margin + 68));
        var y = Margin + 84;
        var x = Margin;
        foreach (var (heading, width) in Columns)
        {
            g.DrawRectangle(XPens.Black, XBrushes.LightGray, x, y, width, 18);
            g.DrawString(heading, Font(8), ink, new XRect(x + 3, y + 4, width - 6, 12), XStringFormats.TopLeft);
            x += width;
        }

        y += 18;
        if (lines.Count == 0)
        {
            g.DrawString("この年度に対象となる任用はありません。", Font(10), ink, new XPoint(Margin + 4, y + 18));
        }

        foreach (var l in lines)
        {
            string[][] cells =
            [
                [l.AppointmentId], [l.PersonName], [l.CertificateId], [l.CandidateId, l.RoundId], [l.PostTitle, AppointmentNames.DisplayName(l.Form)],
                [Short(l.StartsOn) + "から", Short(l.EndsOn) + "まで"], [Short(l.CountedFrom) + "から", Short(l.CountedTo) + "まで"], [l.DaysPerWeek + "日"],
                [l.SharePercent + "%"],
            ];
            x = Margin;
            for (var c = 0; c < Columns.Length; c++)
            {
                g.DrawRectangle(XPens.Black, x, y, Columns[c].Width, RowHeight);
                for (var i = 0; i < cells[c].Length; i++)
                {
                    g.DrawString(Fit(g, cells[c][i], Columns[c].Width - 6), Font(7.5), ink, new XPoint(x + 3, y + 11 + (i * 11)));
                }

                x += Columns[c].Width;
            }

            y += RowHeight;
        }

        var foot = PageHeight - Margin;
        // Said only where it applies, so that a pack without shared appointments reads as it always did.
        if (facts.Lines.Any(l => l.SharePercent != 100))
        {
            g.DrawString("「負担」は、複数の団体が共同で任用する（広域）任用における、この団体の負担割合です。単独の任用は100%です。", Font(8), ink, new XPoint(Margin, foot - 34));
        }

        g.DrawString($"根拠資料番号 {facts.PackId}　作成 {JapaneseDates.Deadline(facts.IssuedAt)}　{page}／{pages}ページ", Font(8), ink, new XPoint(Margin, foot - 22));
        g.DrawString($"署名（ES256、鍵 {pack.Signature.KeyId}）: {EvidencePackStore.Printed(pack.Signature)}", Font(6.5), ink, new XPoint(Margin, foot - 10));
        g.DrawString("総務省は、根拠資料番号と署名を業務システムの記録と照合して、この資料が改変されていないことを確かめられます。", Font(7), ink, new XPoint(Margin, foot + 2));
    }

    private static string Short(DateOnly day) => $"{day.Year}/{day.Month}/{day.Day}";

    /// <summary>The text cut to the cell's width with an ellipsis: the row stays one line, the full text is in the CSV.</summary>
    private static string Fit(XGraphics g, string text, double width)
    {
        if (g.MeasureString(text, Font(7.5)).Width <= width)
        {
            return text;
        }

        var cut = text;
        while (cut.Length > 1 && g.MeasureString(cut + "…", Font(7.5)).Width > width)
        {
            cut = cut[..^1];
        }

        return cut + "…";
    }

    private static XFont Font(double size) => new(CertificateFont.Family, size);
}
