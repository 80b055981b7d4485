using Workflow.Domain.Applications;

namespace Workflow.Domain.Screening;

/// <summary>The short words staff read for a screening's outcome, beside the sentences in its reasons.</summary>
public static class ScreeningNames
{
    /// <summary>Shown while an application has not been screened yet.</summary>
    public const string NotScreened = "未実施";

    /// <summary>The outcome for the application; the negative one is the status it leads to, so both read alike.</summary>
    public static string Verdict(bool eligible) => eligible ? "通過" : ApplicationNames.DisplayName(ApplicationStatus.Ineligible);

    /// <summary>The outcome for one persona applied for.</summary>
    public static string PersonaVerdict(bool met) => met ? "満たす" : "満たさない";
}
