namespace Workflow.Functions.Http;

/// <summary>A list the API answers with: <c>{"items": [...]}</c>.</summary>
public sealed record Collection<T>(IReadOnlyList<T> Items);

/// <summary>One page of a longer list; <see cref="Continuation"/> (left out on the last page) asks for the next.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Continuation);
