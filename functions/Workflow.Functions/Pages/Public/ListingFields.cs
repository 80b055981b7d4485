using Microsoft.AspNetCore.Http;
using Workflow.Domain.Applications;
using Workflow.Domain.Appointments;
using Workflow.Domain.Municipalities;

namespace Workflow.Functions.Pages.Public;

/// <summary>
/// The roster choice as a person makes it on the application form and changes it on the status page: one set of
/// fields, named as the API names them (listing, workStyles, regions), with each choice's meaning from the domain.
/// </summary>
public static class ListingFields
{
    /// <summary>The three tiers as radio buttons, each with what it means; none checked until the person chooses.</summary>
    public static Markup Tiers(ListingTier? chosen, IReadOnlyList<FieldError> errors)
    {
        var hasError = PageLayout.HasError(errors, "listing");
        var choices = Enum.GetValues<ListingTier>().Select(tier =>
        {
            var id = $"field-listing-{PublicText.Camel(tier)}";
            return Html.Of($"""
                <label for="{id}"><input type="radio" id="{id}" name="listing" value="{PublicText.Camel(tier)}" aria-describedby="{id}-hint"{(chosen == tier ? Html.Raw(" checked") : Markup.Empty)}>
                {ListingNames.DisplayName(tier)}</label>
                <span class="hint" id="{id}-hint">{ListingNames.Explanation(tier)}</span>
                """);
        });
        return Html.Of($"""
            <fieldset id="field-listing" class="field{(hasError ? " has-error" : string.Empty)}" tabindex="-1">
            <legend>人材リストへの掲載<span class="required">必須</span></legend>
            {PageLayout.FieldErrors(errors, "listing")}
            <div class="choices">{Html.Join(choices)}</div>
            </fieldset>
            """);
    }

    /// <summary>The preferences a municipality reads in the profile: work styles and regions, none meaning any.</summary>
    public static Markup Preferences(ListingChoice? current, IReadOnlyList<FieldError> errors)
    {
        var styles = Html.Join(Enum.GetValues<WorkStyle>().Select(style =>
        {
            var id = $"field-workStyles-{PublicText.Camel(style)}";
            return Html.Of($"<label for=\"{id}\"><input type=\"checkbox\" id=\"{id}\" name=\"workStyles\" value=\"{PublicText.Camel(style)}\"{(current?.WorkStyles.Contains(style) == true ? Html.Raw(" checked") : Markup.Empty)}> {AppointmentNames.DisplayName(style)}</label>");
        }));
        var regions = Html.Join(Prefectures.All.Select((name, i) =>
        {
            var id = $"field-regions-{i + 1:D2}";
            return Html.Of($"<label for=\"{id}\"><input type=\"checkbox\" id=\"{id}\" name=\"regions\" value=\"{name}\"{(current?.Regions.Contains(name) == true ? Html.Raw(" checked") : Markup.Empty)}> {name}</label>");
        }));
        var chosenRegions = current is { Regions.Count: > 0 } ? string.Join("・", current.Regions) : "全国";
        return Html.Of($"""
            <fieldset id="field-workStyles" class="field{(PageLayout.HasError(errors, "workStyles") ? " has-error" : string.Empty)}" tabindex="-1">
            <legend>希望する働き方（選ばなければ「問わない」）</legend>
            {PageLayout.FieldErrors(errors, "workStyles")}
            <div class="choices">{styles}</div>
            </fieldset>
            <fieldset id="field-regions" class="field{(PageLayout.HasError(errors, "regions") ? " has-error" : string.Empty)}" tabindex="-1">
            <legend>希望する地域（選ばなければ「全国」）</legend>
            {PageLayout.FieldErrors(errors, "regions")}
            <details><summary>都道府県を選ぶ（現在: {chosenRegions}）</summary>
            <div class="choices columns">{regions}</div>
            </details>
            </fieldset>
            """);
    }

    /// <summary>The tier a form posted, or null when none (or an unknown value) was chosen.</summary>
    public static ListingTier? TierFrom(IFormCollection form) =>
        PublicText.TryParseCamel<ListingTier>(form["listing"].ToString(), out var tier) ? tier : null;

    public static List<WorkStyle> WorkStylesFrom(IFormCollection form) =>
        [.. form["workStyles"].Select(v => (Ok: PublicText.TryParseCamel<WorkStyle>(v, out var s), s)).Where(x => x.Ok).Select(x => x.s)];

    public static List<string> RegionsFrom(IFormCollection form) => [.. form["regions"].Select(v => v ?? string.Empty)];
}
