using Workflow.Domain.Appointments;

namespace Workflow.Domain.Tests.Appointments;

public sealed class ContactRequestTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static ContactRequest Asked() => new("R2026-00000001_01_x", "131016", "千代田区", "ご相談", ContactStatus.Requested, At, null);

    [Fact]
    public void The_first_answer_stands_the_same_again_is_a_repeat_and_the_other_is_refused_with_the_reason()
    {
        var accepted = Asked().Answer(accept: true, At.AddHours(1));

        Assert.Equal(ContactStatus.Accepted, accepted.Status);
        Assert.True(accepted.OpensContactDetails);
        Assert.Null(accepted.RefuseAnswer(accept: true));
        Assert.True(accepted.IsRepeat(accept: true));
        Assert.Equal(accepted, accepted.Answer(accept: false, At.AddHours(2)));
        Assert.Contains("承諾", accepted.RefuseAnswer(accept: false));
        Assert.False(Asked().Answer(accept: false, At).OpensContactDetails);
        Assert.False(Asked().OpensContactDetails);
    }

    [Fact]
    public void Only_an_unanswered_request_is_withdrawn_and_then_neither_answer_can_be_given()
    {
        var withdrawn = Asked().Withdraw(At.AddHours(1));

        Assert.Equal((ContactStatus.Withdrawn, At.AddHours(1)), (withdrawn.Status, withdrawn.WithdrawnAt));
        Assert.False(withdrawn.OpensContactDetails);
        Assert.Null(withdrawn.RefuseWithdrawal());
        Assert.Equal(withdrawn, withdrawn.Withdraw(At.AddHours(2)));
        Assert.Contains("千代田区が取り下げました", withdrawn.RefuseAnswer(accept: true));
        Assert.NotNull(withdrawn.RefuseAnswer(accept: false));
        Assert.Equal(withdrawn, withdrawn.Answer(accept: true, At.AddHours(2)));

        var declined = Asked().Answer(accept: false, At.AddHours(1));
        Assert.Contains("辞退の回答が6月1日に届いている", declined.RefuseWithdrawal());
        Assert.Equal(declined, declined.Withdraw(At.AddHours(2)));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("   ", true)]
    [InlineData("庁内DXのご相談", false)]
    public void A_request_says_what_it_is_about(string? message, bool refused)
    {
        Assert.Equal(refused, ContactRequest.ValidateMessage(message).Count > 0);
        Assert.Single(ContactRequest.ValidateMessage(new string('あ', ContactRequest.MaxMessageLength + 1)));
    }

    [Fact]
    public void A_withdrawn_request_is_made_again_with_its_new_message_up_to_three_askings_in_all()
    {
        Assert.False(Asked().MayAskAgain);
        Assert.Equal(Asked(), Asked().AskAgain("別件", At.AddHours(1)));
        Assert.Null(Asked().RefuseAskingAgain());

        var second = Asked().Withdraw(At.AddHours(1)).AskAgain("改めてご相談", At.AddHours(2));
        Assert.Equal((ContactStatus.Requested, "改めてご相談", At.AddHours(2), 2), (second.Status, second.Message, second.RequestedAt, second.Asked));
        Assert.Null(second.WithdrawnAt);
        Assert.Null(second.RefuseAnswer(accept: true));

        var third = second.Withdraw(At.AddHours(3)).AskAgain("三度目", At.AddHours(4));
        Assert.Equal(3, third.Asked);
        var last = third.Withdraw(At.AddHours(5));
        Assert.False(last.MayAskAgain);
        Assert.Contains("3回まで", last.RefuseAskingAgain());
        Assert.Equal(last, last.AskAgain("四度目", At.AddHours(6)));

        // Answered: not asked again, and not refused either (asking then repeats the request as it stands).
        var accepted = second.Answer(accept: true, At.AddHours(3));
        Assert.False(accepted.MayAskAgain);
        Assert.Null(accepted.RefuseAskingAgain());
    }
}
