using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;
using Workflow.Domain.Training;

namespace Workflow.Functions.Train;

/// <summary>
/// Draws a 修了証 as an A4 PDF from its signed facts: the holder, the round, each session attended out of the real
/// count, the issue date in 令和, the number, and a QR code of the public verification URL. The same facts always
/// draw the same certificate, so nothing but the facts and the signature is stored.
/// </summary>
public static class CertificatePdf
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Margin = 72;
    private const double TextWidth = PageWidth - (2 * Margin);

    public static byte[] Render(CertificateFacts facts, Uri verificationUrl)
    {
        CertificateFont.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = $"{CertificateText.Title} {facts.CertificateId}";
        document.Info.Author = CertificateText.Issuer;
        document.Info.Subject = facts.RoundTitle;
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        using (var g = XGraphics.FromPdfPage(page))
        {
            Draw(g, facts, verificationUrl);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(XGraphics g, CertificateFacts facts, Uri verificationUrl)
    {
        var ink = XBrushes.Black;
        g.DrawRectangle(new XPen(XColors.Black, 2.5), 36, 36, PageWidth - 72, PageHeight - 72);
        g.DrawRectangle(new XPen(XColors.Black, 0.75), 42, 42, PageWidth - 84, PageHeight - 84);

        var small = Font(10);
        g.DrawString(CertificateText.Number(facts), small, ink, new XRect(Margin, 56, TextWidth, 14), XStringFormats.TopRight);
        g.DrawString("修　了　証", Font(34), ink, new XRect(0, 110, PageWidth, 44), XStringFormats.TopCenter);

        var y = 200.0;
        g.DrawString(CertificateText.Salutation(facts.HolderName), Font(20), ink, new XPoint(Margin, y));
        y += 44;
        y = Paragraph(g, CertificateText.Body(facts), Font(13), Margin, y, TextWidth, 22);
        y += 8;
        y = Paragraph(g, CertificateText.Personas(facts), Font(12), Margin, y, TextWidth, 20);

        y += 16;
        g.DrawString($"受講記録（全{facts.SessionCount}回）", Font(12), ink, new XPoint(Margin, y));
        y += 6;
        g.DrawLine(new XPen(XColors.Black, 0.5), Margin, y, PageWidth - Margin, y);
        y += 18;
        var line = Font(11);
        foreach (var session in facts.Sessions.OrderBy(s => s.Number))
        {
            y = Paragraph(g, CertificateText.Session(session), line, Margin + 8, y, TextWidth - 8, 18);
        }

        g.DrawString(CertificateText.IssuedOn(facts), Font(13), ink, new XRect(Margin, 600, TextWidth, 18), XStringFormats.TopRight);
        g.DrawString(CertificateText.Issuer, Font(13), ink, new XRect(Margin, 624, TextWidth, 18), XStringFormats.TopRight);

        // The QR code as squares, not a picture: sharp at any print size, and a phone reads the verification URL from it.
        const double qrTop = 680, qrSize = 96;
        DrawQr(g, verificationUrl.AbsoluteUri, Margin, qrTop, qrSize);
        var noteLeft = Margin + qrSize + 12;
        var noteY = Paragraph(g, CertificateText.VerifyHint, Font(9), noteLeft, qrTop + 14, TextWidth - qrSize - 12, 13);
        Paragraph(g, verificationUrl.AbsoluteUri, Font(7.5), noteLeft, noteY + 2, TextWidth - qrSize - 12, 10, breakAnywhere: true);
    }

    private static XFont Font(double size) => new(CertificateFont.Family, size);

    /// <summary>
    /// Writes text wrapped to <paramref name="width"/>: Japanese breaks between any two characters (except before
    /// closing punctuation); a URL is broken anywhere. Returns the baseline after the last line.
    /// </summary>
    private static double Paragraph(XGraphics g, string text, XFont font, double x, double y, double width, double lineHeight, bool breakAnywhere = false)
    {
        var lines = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var next = current.ToString() + rune;
            if (current.Length > 0 && g.MeasureString(next, font).Width > width && (breakAnywhere || !ClosesAPhrase(rune)))
            {
                lines.Add(current.ToString());
                current.Clear();
            }

            current.Append(rune.ToString());
        }

        if (current.Length > 0)
        {
            lines.Add(current.ToString());
        }

        foreach (var l in lines)
        {
            g.DrawString(l, font, XBrushes.Black, new XPoint(x, y));
            y += lineHeight;
        }

        return y;
    }

    private static bool ClosesAPhrase(System.Text.Rune rune) => rune.Value is '。' or '、' or '」' or '）' or '，' or '．';

    private static void DrawQr(XGraphics g, string text, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules[row].Length; column++)
            {
                if (modules[row][column])
                {
                    // A hair wider than the cell, so that adjacent squares print as one dark area without seams.
                    g.DrawRectangle(XBrushes.Black, x + (column * cell), y + (row * cell), cell + 0.05, cell + 0.05);
                }
            }
        }
    }
}

/// <summary>
/// The one typeface of certificates, IPAex Mincho, read from the app's own folder (the build copies it there: in Azure
/// there is no system font to fall back on). PDFsharp embeds the glyphs used, so the PDF reads the same everywhere.
/// </summary>
public sealed class CertificateFont : IFontResolver
{
    public const string Family = "IPAexMincho";

    private const string FaceName = "IPAexMincho-Regular";

    private static readonly object Gate = new();

    private static readonly CertificateFont Instance = new();

    /// <summary>Where the build puts the font, beside the app's assemblies.</summary>
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "Fonts", "ipaexm.ttf");

    private readonly Lazy<byte[]> _bytes = new(() => File.Exists(FilePath)
        ? File.ReadAllBytes(FilePath)
        : throw new FileNotFoundException($"The certificate font is missing at {FilePath}: the build copies it from fonts-ipaexfont-mincho.", FilePath));

    /// <summary>PDFsharp takes one font resolver per process, before the first font is used.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        // Mincho has one weight: bold or italic requests are drawn in the regular face rather than faked.
        new(FaceName);

    public byte[] GetFont(string faceName) => _bytes.Value;
}
