namespace Workflow.Domain.Municipalities;

/// <param name="Code">Six-digit 全国地方公共団体コード including the check digit.</param>
/// <param name="Prefecture">Full prefecture name, e.g. 東京都.</param>
/// <param name="Email">The address the municipality's notices are mailed to (its DX or personnel office); none, and they stay on its page.</param>
public sealed record Municipality(string Code, string Name, string Prefecture, string? Email = null);
