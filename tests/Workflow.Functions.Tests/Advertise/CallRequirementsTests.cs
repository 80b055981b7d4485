using System.Text.Json;
using Workflow.Domain.Rounds;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Advertise;
using Workflow.Functions.Pages.Public;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Advertise;

/// <summary>The call page, the call API and the form's hints state the requirements exactly as screening applies them.</summary>
[Collection("Azurite")]
public sealed class CallRequirementsTests
{
    private readonly TestStorage _storage = new();

    private async Task<RoundRecord> OpenRoundSeekingEveryPersonaAsync()
    {
        var round = Samples.Round(RoundState.AcceptingApplications) with
        {
            Personas = [.. Enum.GetValues<Persona>().Select(p => new PersonaOpening(p, 1))],
        };
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        return round;
    }

    private static EligibilityRequirement RequirementOf(Persona persona) => ScreeningRules.Requirement(SkillStandardCatalog.R3Draft.For(persona));

    private static string Encode(string text) => Functions.Pages.Html.Encode(text);

    [Fact]
    public async Task The_call_page_states_each_personas_requirement_from_the_screening_rules()
    {
        var round = await OpenRoundSeekingEveryPersonaAsync();
        var request = Requests.Request("GET");

        var page = (await Requests.ExecuteAsync(await new ShowCallPage(new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(request, round.RoundId), request)).Body;

        Assert.DoesNotContain("いずれかを満たすこと", page, StringComparison.Ordinal);
        Assert.DoesNotContain("0年以上", page, StringComparison.Ordinal);
        foreach (var persona in Enum.GetValues<Persona>())
        {
            var section = Section(page, persona);
            var requirement = RequirementOf(persona);
            Assert.Contains(Encode(requirement.Summary), section, StringComparison.Ordinal);
            Assert.All(requirement.LevelOrQualification.Concat(requirement.Experience), o => Assert.Contains($"<li>{Encode(o)}</li>", section, StringComparison.Ordinal));
            Assert.Equal(!requirement.ExperienceAlone, section.Contains(Encode(EligibilityRequirement.LevelOrQualificationHeading), StringComparison.Ordinal));
        }

        Assert.Contains(Encode(EligibilityRequirement.ExperienceAloneSummary), Section(page, Persona.ServiceDesigner), StringComparison.Ordinal);
        Assert.Contains(Encode(EligibilityRequirement.BothSummary), Section(page, Persona.Producer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_call_api_gives_the_same_requirement_and_no_duration_where_there_is_none()
    {
        var round = await OpenRoundSeekingEveryPersonaAsync();
        var request = Requests.Request("GET");

        var answer = await Requests.ExecuteAsync(await new GetCall(new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(request, round.RoundId), request);
        OpenApiAnswers.AssertMatches(nameof(GetCall), answer);
        var call = answer.Json;

        foreach (var persona in call.GetProperty("personas").EnumerateArray())
        {
            Assert.True(SkillStandardCatalog.TryParsePersona(persona.GetProperty("persona").GetString()!, out var p));
            var expected = RequirementOf(p);
            var requirement = persona.GetProperty("requirement");
            Assert.Equal(expected.Summary, requirement.GetProperty("summary").GetString());
            Assert.Equal(expected.LevelOrQualification, Strings(requirement.GetProperty("levelOrQualification")));
            Assert.Equal(expected.Experience, Strings(requirement.GetProperty("experience")));
            Assert.Equal(expected.ExperienceAlone, Optional(requirement, "levelOrQualificationHeading") is null);

            var years = persona.GetProperty("desiredExperience").EnumerateArray().Select(e => Optional(e, "minimumYears")?.GetInt32()).ToList();
            var desired = SkillStandardCatalog.R3Draft.For(p).DesiredExperience;
            Assert.Equal(desired.Select(d => d.MinimumYears > 0 ? d.MinimumYears : (int?)null), years);
        }
    }

    [Fact]
    public async Task The_form_hints_give_each_sought_personas_requirement()
    {
        var round = await OpenRoundSeekingEveryPersonaAsync();
        var request = Requests.Request("GET");

        var form = (await Requests.ExecuteAsync(await new ShowApplicationForm(new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(request, round.RoundId), request)).Body;

        Assert.DoesNotContain("のいずれかを満たしているか", form, StringComparison.Ordinal);
        foreach (var persona in Enum.GetValues<Persona>())
        {
            var hint = Between(form, $"id=\"requirement-{JsonNamingPolicy.CamelCase.ConvertName(persona.ToString())}\"", "</div>");
            var requirement = RequirementOf(persona);
            Assert.Contains(Encode(requirement.Summary), hint, StringComparison.Ordinal);
            Assert.All(requirement.LevelOrQualification.Concat(requirement.Experience), o => Assert.Contains($"<li>{Encode(o)}</li>", hint, StringComparison.Ordinal));
        }
    }

    /// <summary>The API leaves nulls out.</summary>
    private static JsonElement? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>One persona's card on the call page.</summary>
    private static string Section(string page, Persona persona) =>
        Between(page, $"aria-labelledby=\"persona-{JsonNamingPolicy.CamelCase.ConvertName(persona.ToString())}-title\"", "</section>");

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found");
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..to];
    }
}
