using System.Reflection;

namespace Workflow.Infra.Tests;

public static class InfraPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Infra => Path.Combine(RepositoryRoot, "infra");

    /// <summary>Every Bicep file of the deployment; infra/local holds the storage emulator's npm files.</summary>
    public static IReadOnlyList<string> BicepFiles { get; } =
        Directory.EnumerateFiles(Path.Combine(FindRepositoryRoot(), "infra"), "*.bicep", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Path.Combine(FindRepositoryRoot(), "infra"), f)
                .Split(Path.DirectorySeparatorChar)
                .Any(part => part is "local" or "node_modules"))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path);

    private static string FindRepositoryRoot()
    {
        var fromBuild = typeof(InfraPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (!string.IsNullOrEmpty(fromBuild) && File.Exists(Path.Combine(fromBuild, "infra", "main.bicep")))
        {
            return Path.GetFullPath(fromBuild);
        }

        // A test assembly moved elsewhere: walk up from it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "infra", "main.bicep")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (with infra/main.bicep) was not found.");
    }
}
