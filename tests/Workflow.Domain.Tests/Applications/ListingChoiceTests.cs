using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;

namespace Workflow.Domain.Tests.Applications;

public sealed class ListingChoiceTests
{
    [Fact]
    public void The_first_forms_checkbox_meant_the_public_roster_and_its_absence_no_listing()
    {
        Assert.Equal(ListingTier.Public, ListingChoice.FromConsent(true).Tier);
        Assert.Equal(ListingTier.NotListed, ListingChoice.FromConsent(false).Tier);
        Assert.False(ListingChoice.FromConsent(false).IsListed);
        Assert.True(new ListingChoice(ListingTier.Municipalities, [], []).IsListed);
        Assert.False(new ListingChoice(ListingTier.Municipalities, [], []).IsPublic);
    }

    [Fact]
    public void Regions_as_typed_are_read_as_prefecture_names_and_missing_lists_mean_no_preference()
    {
        var choice = ListingChoice.From(ListingTier.Public, null, [" 東京都\u3000", "ｵｵｻｶ", null]);
        Assert.Equal(["東京都", "オオサカ", ""], choice.Regions);
        Assert.Contains(choice.Validate(), e => e.Field == "regions");
        Assert.Empty(ListingChoice.From(ListingTier.Municipalities, null, null).Validate());
        Assert.Empty(ListingChoice.From(ListingTier.Municipalities, null, null).WorkStyles);
    }

    [Fact]
    public void Choices_that_say_the_same_compare_equal_whatever_their_order_or_repeats()
    {
        var a = new ListingChoice(ListingTier.Public, [WorkStyle.Remote, WorkStyle.OnSite, WorkStyle.Remote], ["東京都", "北海道"]);
        var b = new ListingChoice(ListingTier.Public, [WorkStyle.OnSite, WorkStyle.Remote], ["北海道", "東京都", "東京都"]);

        Assert.True(a.SameAs(b));
        Assert.Equal(["北海道", "東京都"], a.Normalized().Regions);
        Assert.False(a.SameAs(b with { Tier = ListingTier.Municipalities }));
        Assert.False(a.SameAs(b with { Regions = ["北海道"] }));
    }

    [Fact]
    public void No_preference_takes_any_style_and_anywhere()
    {
        var any = new ListingChoice(ListingTier.Public, [], []);
        var remoteInHokkaido = new ListingChoice(ListingTier.Public, [WorkStyle.Remote], ["北海道"]);

        Assert.True(any.Accepts(WorkStyle.OnSite) && any.Covers("沖縄県"));
        Assert.True(remoteInHokkaido.Accepts(WorkStyle.Remote));
        Assert.False(remoteInHokkaido.Accepts(WorkStyle.OnSite));
        Assert.False(remoteInHokkaido.Covers("沖縄県"));
        Assert.Equal("働き方: 問わない／地域: 全国", any.PreferencesText());
        Assert.Equal("働き方: リモート／地域: 北海道", remoteInHokkaido.PreferencesText());
    }

    [Fact]
    public void A_region_that_is_not_a_prefecture_and_a_tier_that_is_not_one_are_field_errors()
    {
        var errors = new ListingChoice((ListingTier)9, [(WorkStyle)7], ["東京", "大阪府"]).Validate();

        Assert.Equal(["listing", "workStyles", "regions"], errors.Select(e => e.Field));
        Assert.Contains("東京", errors[2].Message);
        Assert.DoesNotContain("大阪府", errors[2].Message);
    }

    [Theory]
    [InlineData(ApplicationStatus.Submitted, false)]
    [InlineData(ApplicationStatus.Ineligible, false)]
    [InlineData(ApplicationStatus.Selected, false)]
    [InlineData(ApplicationStatus.Certified, false)]
    [InlineData(ApplicationStatus.NotSelected, true)]
    [InlineData(ApplicationStatus.NotCertified, true)]
    [InlineData(ApplicationStatus.Withdrawn, true)]
    public void A_choice_can_change_until_it_is_known_the_person_will_never_be_listed(ApplicationStatus status, bool refused)
    {
        // Ineligible is not refused: before the outcome the refusal would tell the person the screening's result.
        var lifecycle = new ApplicationLifecycle(status, null, [], []);

        Assert.Equal(refused, lifecycle.RefuseListingChange() is not null);
        Assert.Equal(status == ApplicationStatus.Certified, lifecycle.IsListable);
    }
}
