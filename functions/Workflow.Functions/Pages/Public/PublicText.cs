using System.Text.Json;
using Workflow.Domain.Calendar;
using Workflow.Functions.Advertise;

namespace Workflow.Functions.Pages.Public;

/// <summary>Small pieces the public pages share.</summary>
internal static class PublicText
{
    /// <summary>The API's spelling of an enum value (camelCase), used for form values and element ids.</summary>
    public static string Camel<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>The enum value a form sent in the API's spelling, as <see cref="Camel"/> wrote it.</summary>
    public static bool TryParseCamel<T>(string? value, out T parsed) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Camel(candidate) == value)
            {
                parsed = candidate;
                return true;
            }
        }

        parsed = default;
        return false;
    }

    public static Markup Deadline(DateTimeOffset at) => Html.Of($"<time datetime=\"{at:O}\" class=\"deadline\">{JapaneseDates.Deadline(at)}</time>");

    public static Markup When(DateTimeOffset at) => Html.Of($"<time datetime=\"{at:O}\">{JapaneseDates.DateTime(at)}</time>");

    /// <summary>
    /// What screening requires of one persona, in <see cref="Workflow.Domain.Screening.ScreeningRules.Requirement"/>'s
    /// words: the call page and the application form show the same block.
    /// </summary>
    public static Markup Requirement(RequirementView r) => Html.Of($"""
        <p class="requirement-summary">{r.Summary}</p>
        {(r.LevelOrQualificationHeading is { } heading
            ? Html.Of($"<p>{heading}</p><ul class=\"requirement-options\">{r.LevelOrQualification.Select(o => Html.Of($"<li>{o}</li>"))}</ul>")
            : Markup.Empty)}
        <p>{r.ExperienceHeading}</p>
        <ul class="requirement-options">{r.Experience.Select(o => Html.Of($"<li>{o}</li>"))}</ul>
        """);

    public static Markup Breadcrumbs(params (string Href, string Label)[] trail) => Html.Of($"""
        <nav class="breadcrumbs" aria-label="現在位置"><ol>{trail.Select((t, i) => i == trail.Length - 1
            ? Html.Of($"<li><span aria-current=\"page\">{t.Label}</span></li>")
            : Html.Of($"<li><a href=\"{t.Href}\">{t.Label}</a></li>"))}</ol></nav>
        """);
}
