namespace Workflow.Domain.Municipalities;

/// <param name="Code">Six-digit 全国地方公共団体コード including the check digit.</param>
/// <param name="Prefecture">Full prefecture name, e.g. 東京都.</param>
public sealed record Municipality(string Code, string Name, string Prefecture);
