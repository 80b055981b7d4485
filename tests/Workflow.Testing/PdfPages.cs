using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Workflow.Testing;

/// <summary>
/// A PDF as a person sees it: its first page rendered by poppler's pdftoppm (./workflow test installs poppler-utils),
/// as a printer or a screen would, and a QR code on it read from the pixels, as a phone would.
/// </summary>
public static class PdfPages
{
    /// <summary>
    /// The first page as 8-bit gray pixels. PGM is a header and the raw pixels, so no image library stands between the
    /// renderer and the decoder.
    /// </summary>
    public static async Task<(int Width, int Height, byte[] Pixels)> RenderGrayAsync(byte[] pdf, int dpi)
    {
        var folder = Directory.CreateTempSubdirectory("pdf-page-");
        try
        {
            var input = Path.Combine(folder.FullName, "document.pdf");
            await File.WriteAllBytesAsync(input, pdf);
            var start = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-gray", "-f", "1", "-l", "1", "-singlefile", input, Path.Combine(folder.FullName, "page") })
            {
                start.ArgumentList.Add(arg);
            }

            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Win32Exception e)
            {
                throw new InvalidOperationException("pdftoppm is missing: run ./workflow test (it installs poppler-utils).", e);
            }

            using (process)
            {
                var errors = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"pdftoppm could not render the PDF: {errors}");
                }
            }

            return ReadPgm(await File.ReadAllBytesAsync(Path.Combine(folder.FullName, "page.pgm")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// How many pages, and the text of each as a reader extracts it (the letters in drawing order), in NFKC: Chromium's
    /// PDFs map some ideographs to their Kangxi radical look-alikes (⾃ for 自, ⼈ for 人), which a search by a person
    /// would find all the same.
    /// </summary>
    public static IReadOnlyList<string> PagesText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return document.GetPages().Select(page => string.Concat(page.Letters.Select(l => l.Value)).Normalize(NormalizationForm.FormKC)).ToList();
    }

    /// <summary>The text of the QR code on the first page; null when none can be read.</summary>
    public static async Task<string?> ReadQrCodeAsync(byte[] pdf, int dpi = 150)
    {
        var (width, height, gray) = await RenderGrayAsync(pdf, dpi);
        var source = new RGBLuminanceSource(gray, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        try
        {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true })?.Text;
        }
        catch (ReaderException)
        {
            return null;
        }
    }

    private static (int Width, int Height, byte[] Pixels) ReadPgm(byte[] file)
    {
        // "P5" width height maxval, each separated by whitespace, then one whitespace byte and the pixels.
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            var begin = position;
            while (!char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            return Encoding.ASCII.GetString(file, begin, position - begin);
        }

        var magic = Token();
        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var maximum = Token();
        if (magic != "P5" || maximum != "255")
        {
            throw new InvalidDataException($"pdftoppm wrote {magic} with maximum {maximum}, not 8-bit gray.");
        }

        position++;
        return (width, height, file[position..(position + (width * height))]);
    }
}
