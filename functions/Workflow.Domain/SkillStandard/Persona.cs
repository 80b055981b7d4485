namespace Workflow.Domain.SkillStandard;

/// <summary>The four 人材像 of the skill standard, in the seed's order (1)–(4).</summary>
public enum Persona
{
    Producer,
    ProjectManager,
    ServiceDesigner,
    Engineer,
}
