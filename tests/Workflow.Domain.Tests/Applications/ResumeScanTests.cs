using Workflow.Domain.Applications;

namespace Workflow.Domain.Tests.Applications;

public sealed class ResumeScanTests
{
    [Theory]
    [InlineData(null, ResumeVerdict.Pending)]
    [InlineData("", ResumeVerdict.Pending)]
    [InlineData("No threats found", ResumeVerdict.Clean)]
    [InlineData("Malicious", ResumeVerdict.Malicious)]
    [InlineData("Not scanned", ResumeVerdict.Unscanned)]
    [InlineData("SAM259203: Scan failed - blob size exceeded the limit.", ResumeVerdict.Unscanned)]
    public void The_scanners_tag_reads_as_a_verdict(string? tag, ResumeVerdict expected) =>
        Assert.Equal(expected, ResumeScan.VerdictOf(tag));

    [Fact]
    public void Only_a_clean_verdict_opens_where_one_is_required_and_a_malicious_one_opens_nowhere()
    {
        Assert.True(ResumeScan.MayOpen(ResumeVerdict.Clean, verdictRequired: true));
        Assert.False(ResumeScan.MayOpen(ResumeVerdict.Pending, verdictRequired: true));
        Assert.False(ResumeScan.MayOpen(ResumeVerdict.Unscanned, verdictRequired: true));
        Assert.False(ResumeScan.MayOpen(ResumeVerdict.Malicious, verdictRequired: true));
        Assert.True(ResumeScan.MayOpen(ResumeVerdict.Pending, verdictRequired: false));
        Assert.False(ResumeScan.MayOpen(ResumeVerdict.Malicious, verdictRequired: false));
    }

    [Theory]
    [InlineData(ResumeVerdict.Malicious, false, true)]
    [InlineData(ResumeVerdict.Malicious, true, true)]
    [InlineData(ResumeVerdict.Unscanned, true, true)]
    [InlineData(ResumeVerdict.Unscanned, false, false)]
    [InlineData(ResumeVerdict.Pending, true, false)]
    [InlineData(ResumeVerdict.Clean, true, false)]
    public void Only_a_resume_closed_for_good_is_replaced(ResumeVerdict verdict, bool verdictRequired, bool replaced)
    {
        Assert.Equal(replaced, ResumeScan.NeedsReplacing(verdict, verdictRequired));
        Assert.Equal(replaced, ResumeScan.RefuseReplacement(verdict, verdictRequired) is null);
    }
}
