using System.Text;
using Workflow.Domain.Applications;

namespace Workflow.Domain.Tests.Applications;

public class ResumeRulesTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ");

    [Theory]
    [InlineData("application/pdf", 1)]
    [InlineData("Application/PDF", 1024)]
    [InlineData("application/pdf; charset=binary", ResumeRules.MaxBytes)]
    public void Pdf_within_size_passes(string contentType, long length)
    {
        Assert.Empty(ResumeRules.Validate(contentType, length, Pdf));
    }

    [Fact]
    public void Max_bytes_is_ten_mebibytes()
    {
        Assert.Equal(10L * 1024 * 1024, ResumeRules.MaxBytes);
    }

    [Fact]
    public void Too_large_is_reported()
    {
        var error = Assert.Single(ResumeRules.Validate("application/pdf", ResumeRules.MaxBytes + 1, Pdf));
        Assert.Equal("resume", error.Field);
        Assert.Contains("10MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_is_reported()
    {
        var error = Assert.Single(ResumeRules.Validate("application/pdf", 0, []));
        Assert.Equal("ファイルが空です。", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/msword")]
    [InlineData("image/png")]
    public void Wrong_content_type_is_reported(string? contentType)
    {
        Assert.Equal("resume", Assert.Single(ResumeRules.Validate(contentType, 100, Pdf)).Field);
    }

    [Theory]
    [InlineData("%PDF")]
    [InlineData("PK\u0003\u0004")]
    [InlineData("<html>")]
    public void Content_that_is_not_pdf_is_reported(string start)
    {
        var error = Assert.Single(ResumeRules.Validate("application/pdf", 100, Encoding.ASCII.GetBytes(start)));
        Assert.Equal("ファイルの内容がPDF形式ではありません。", error.Message);
    }
}
