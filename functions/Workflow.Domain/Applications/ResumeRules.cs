namespace Workflow.Domain.Applications;

/// <summary>Checks on the résumé upload that can be made before the bytes are stored.</summary>
public static class ResumeRules
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public const string ContentType = "application/pdf";

    public const string Field = "resume";

    // The signature is checked as well as the declared type because browsers derive the type from the file name.
    private static ReadOnlySpan<byte> PdfSignature => "%PDF-"u8;

    /// <param name="firstBytes">At least the first five bytes of the file, when there are that many.</param>
    public static IReadOnlyList<FieldError> Validate(string? contentType, long length, ReadOnlySpan<byte> firstBytes)
    {
        var errors = new List<FieldError>();

        var mediaType = (contentType ?? string.Empty).Split(';')[0].Trim();
        if (mediaType.Length == 0)
        {
            errors.Add(new FieldError(Field, "職務経歴書（PDFファイル）を添付してください。"));
        }
        else if (!string.Equals(mediaType, ContentType, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError(Field, "職務経歴書はPDFファイルで提出してください。"));
        }

        if (length <= 0)
        {
            errors.Add(new FieldError(Field, "ファイルが空です。"));
            return errors;
        }

        if (length > MaxBytes)
        {
            errors.Add(new FieldError(Field, "ファイルサイズは10MB以下にしてください。"));
        }

        if (!firstBytes.StartsWith(PdfSignature))
        {
            errors.Add(new FieldError(Field, "ファイルの内容がPDF形式ではありません。"));
        }

        return errors;
    }
}
