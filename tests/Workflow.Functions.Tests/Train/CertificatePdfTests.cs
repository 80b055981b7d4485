using UglyToad.PdfPig;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;
using Workflow.Functions.Train;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Train;

/// <summary>
/// The 修了証 as a person holds it: the PDF's text read back as a reader extracts it, and its page rendered by
/// poppler (as a printer or a screen would) with the QR code decoded from the pixels, as a phone would.
/// </summary>
public sealed class CertificatePdfTests
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private static readonly Uri Url = new("http://127.0.0.1:7071/certificates/C0123456789ABCDE?s=" + new string('A', 86));

    private static CertificateFacts Facts() => new(
        "C0123456789ABCDE",
        "R2026-0001_03_abc",
        "R2026-0001",
        "令和8年度 自治体DX外部人材確保支援事業",
        "山田 太郎",
        [Persona.Producer],
        Enumerable.Range(1, 6).Select(n => new AttendedSession(n, Curriculum.Modules[Math.Min(n, 4) - 1].Title, Issued.AddDays(-20 + n))).ToList(),
        6,
        Issued);

    [Fact]
    public void The_text_names_the_holder_the_round_every_session_the_real_count_the_reiwa_date_the_number_and_the_url()
    {
        var pdf = CertificatePdf.Render(Facts(), Url);

        using var document = PdfDocument.Open(pdf);
        Assert.Equal(1, document.NumberOfPages);
        var text = string.Concat(document.GetPage(1).Letters.Select(l => l.Value));
        Assert.Contains("修　了　証", text);
        Assert.Contains("山田 太郎 殿", text);
        Assert.Contains("研修（全6回）の全課程を修了したことを証します。", text);
        Assert.Contains("受講記録（全6回）", text);
        foreach (var session in Facts().Sessions)
        {
            Assert.Contains(CertificateText.Session(session), text);
        }

        Assert.Contains("交付日: 令和8年12月1日(火)", text);
        Assert.Contains("修了証番号: C0123456789ABCDE", text);
        Assert.Contains(CertificateText.Issuer, text);
        Assert.Contains(Url.AbsoluteUri, text);
        Assert.Equal("修了証 C0123456789ABCDE", document.Information.Title);

        // The typeface travels inside the file: a reader without Japanese fonts shows the same page.
        var font = Assert.Single(document.GetPage(1).Letters.Select(l => l.FontName).Distinct());
        Assert.Contains("IPAexMincho", font);
    }

    [Fact]
    public async Task The_qr_code_on_the_rendered_page_decodes_to_the_verification_url()
    {
        var pdf = CertificatePdf.Render(Facts(), Url);

        Assert.Equal(Url.AbsoluteUri, await PdfPages.ReadQrCodeAsync(pdf));
    }
}
