namespace Workflow.Domain.Applications;

/// <summary>One validation failure, addressed the way a JSON client addresses the offending value.</summary>
/// <param name="Field">JSON-path-like, 0-based indexes: "email", "selfAssessments[3].level", "rows[2].code".</param>
/// <param name="Message">Japanese, shown to the person who typed the value.</param>
public sealed record FieldError(string Field, string Message);
