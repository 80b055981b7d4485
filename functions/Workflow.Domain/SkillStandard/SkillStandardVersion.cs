using System.Globalization;

namespace Workflow.Domain.SkillStandard;

/// <summary>
/// One text of the 自治体DX外部人材スキル標準. A round pins the version current when it is commissioned and reads it for
/// ever after (call page, form, screening, review), so a newer text never changes what an earlier call promised or
/// how its applicants are judged (ADR 0010).
/// </summary>
public sealed class SkillStandardVersion
{
    private readonly Dictionary<string, (Persona Persona, SkillItem Skill)> _skillsByCode;

    /// <param name="id">Stored on every round that pins this version, so it never changes once used: lower-case ASCII, digits and '-'.</param>
    /// <param name="title">The document's title as the ministry wrote it.</param>
    /// <param name="source">Where the text was taken from, for people checking a call against the ministry's own document.</param>
    /// <param name="publishedOn">The date the document states for itself; orders versions, the latest being current.</param>
    /// <param name="personas">Every persona exactly once: persona names are not versioned, and every round may seek any of them.</param>
    public SkillStandardVersion(string id, string title, string source, DateOnly publishedOn, IReadOnlyList<PersonaProfile> personas)
    {
        if (string.IsNullOrEmpty(id) || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"A version id is lower-case ASCII letters, digits and '-': '{id}'.", nameof(id));
        }

        ArgumentNullException.ThrowIfNull(personas);
        var missing = Enum.GetValues<Persona>().Where(p => personas.Count(x => x.Persona == p) != 1).ToList();
        if (missing.Count > 0 || personas.Count != Enum.GetValues<Persona>().Length)
        {
            throw new ArgumentException($"Version '{id}' must define every persona exactly once; it does not for {string.Join(", ", missing)}.", nameof(personas));
        }

        var codes = personas.SelectMany(p => p.AllSkills.Select(s => (p.Persona, Skill: s))).ToList();
        var duplicate = codes.GroupBy(x => x.Skill.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Version '{id}' uses the skill code '{duplicate.Key}' more than once; self-assessments could not say which item they answer.", nameof(personas));
        }

        Id = id;
        Title = title;
        Source = source;
        PublishedOn = publishedOn;
        Personas = personas;
        _skillsByCode = codes.ToDictionary(x => x.Skill.Code, x => (x.Persona, x.Skill), StringComparer.Ordinal);
    }

    public string Id { get; }

    public string Title { get; }

    public string Source { get; }

    public DateOnly PublishedOn { get; }

    public IReadOnlyList<PersonaProfile> Personas { get; }

    public PersonaProfile For(Persona persona) =>
        Personas.FirstOrDefault(p => p.Persona == persona)
        ?? throw new ArgumentOutOfRangeException(nameof(persona), persona, "Unknown persona.");

    /// <summary>Looks a skill item up by its code across all personas of this version.</summary>
    public bool TryFindSkill(string code, out Persona persona, out SkillItem skill)
    {
        if (code is not null && _skillsByCode.TryGetValue(code, out var found))
        {
            (persona, skill) = found;
            return true;
        }

        persona = default;
        skill = null!;
        return false;
    }

    /// <summary>The 分野 this version names for a framework, across all personas, for pick lists.</summary>
    public IReadOnlyList<string> KnownFields(SkillFramework framework) =>
        Personas.SelectMany(p => p.DesiredSkillLevels)
            .Where(r => r.Framework == framework)
            .SelectMany(r => r.Fields)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id} ({PublishedOn:yyyy-MM-dd})");
}
