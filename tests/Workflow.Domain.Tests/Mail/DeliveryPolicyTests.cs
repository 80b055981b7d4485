using Workflow.Domain.Mail;

namespace Workflow.Domain.Tests.Mail;

public sealed class DeliveryPolicyTests
{
    private static readonly DateTimeOffset FailedAt = new(2027, 3, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_retry_waits_twice_as_long_as_the_one_before_and_the_sixth_failure_gives_up()
    {
        var waits = Enumerable.Range(1, DeliveryPolicy.MaxAttempts - 1).Select(a => DeliveryPolicy.RetryAt(a, FailedAt)!.Value - FailedAt).ToList();

        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8)], waits);
        Assert.Null(DeliveryPolicy.RetryAt(DeliveryPolicy.MaxAttempts, FailedAt));
        Assert.Null(DeliveryPolicy.RetryAt(DeliveryPolicy.MaxAttempts + 3, FailedAt));
    }

    [Fact]
    public void Every_state_and_recipient_has_a_japanese_name()
    {
        Assert.All(Enum.GetValues<DeliveryState>(), s => Assert.False(string.IsNullOrWhiteSpace(DeliveryPolicy.DisplayName(s))));
        Assert.All(Enum.GetValues<MailRecipient>(), r => Assert.False(string.IsNullOrWhiteSpace(DeliveryPolicy.DisplayName(r))));
        Assert.Equal(Enum.GetValues<DeliveryState>().Length, Enum.GetValues<DeliveryState>().Select(DeliveryPolicy.DisplayName).Distinct().Count());
    }

    [Theory]
    [InlineData("550 5.1.1 <taro.yamada@example.jp>: Recipient address rejected", "SmtpCommandException: 550 5.1.1 <<宛先>>: Recipient address rejected")]
    [InlineData("mailbox a.b+c@sub.example.co.jp unavailable;\r\nsee x@y.z", "SmtpCommandException: mailbox <宛先> unavailable; see <宛先>")]
    [InlineData("Connection refused", "SmtpCommandException: Connection refused")]
    public void A_failed_attempt_is_described_without_any_address(string message, string expected) =>
        Assert.Equal(expected, DeliveryPolicy.DescribeFailure("SmtpCommandException", message));

    [Fact]
    public void A_long_failure_is_cut_to_what_a_row_shows() =>
        Assert.Equal(300, DeliveryPolicy.DescribeFailure("IOException", new string('x', 1000)).Length);
}
