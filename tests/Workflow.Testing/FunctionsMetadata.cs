using System.Text.Json;

namespace Workflow.Testing;

public sealed record MetadataBinding(string Name, string Type, string Direction, string? Route, IReadOnlyList<string> Methods);

public sealed record MetadataFunction(string Name, string EntryPoint, IReadOnlyList<MetadataBinding> Bindings)
{
    public MetadataBinding Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));
}

/// <summary>Reads the functions.metadata the Functions SDK writes at build time: what Azure will index.</summary>
public static class FunctionsMetadata
{
    public static IReadOnlyList<MetadataFunction> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(f => new MetadataFunction(
            f.GetProperty("name").GetString()!,
            f.GetProperty("entryPoint").GetString()!,
            f.GetProperty("bindings").EnumerateArray().Select(b => new MetadataBinding(
                b.GetProperty("name").GetString()!,
                b.GetProperty("type").GetString()!,
                b.GetProperty("direction").GetString()!,
                b.TryGetProperty("route", out var route) ? route.GetString() : null,
                b.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList() : [])).ToList())).ToList();
    }

    /// <summary>The metadata of the Functions app as built by the solution build, in the tests' configuration.</summary>
    public static string BuiltPath()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(RepositoryRoot.Find(), "functions", "Workflow.Functions", "bin", configuration, "net10.0", "functions.metadata");
    }
}
