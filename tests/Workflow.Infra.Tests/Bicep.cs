using System.Diagnostics;
using System.Reflection;

namespace Workflow.Infra.Tests;

/// <summary>The Bicep CLI that NuGet restore put in the packages folder; nothing is downloaded at test time.</summary>
public static class Bicep
{
    private const string PackageId = "azure.bicep.commandline.linux-x64";
    private static readonly Lazy<string> Executable = new(Locate);

    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>Compiler and linter diagnostics print "path(line,col) : Warning|Error|Info code: message".</summary>
        public IReadOnlyList<string> Diagnostics =>
            Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal)
                               || line.Contains(" : Error ", StringComparison.Ordinal)
                               || line.Contains(" : Info ", StringComparison.Ordinal))
                .ToList();
    }

    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Relative paths in diagnostics are then relative to the repository, and nothing is written into it.
            WorkingDirectory = InfraPaths.RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} took more than 90 s");
        }

        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Locate()
    {
        var candidates = new List<string>();
        var fromBuild = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepExecutable")?.Value;
        if (!string.IsNullOrEmpty(fromBuild))
        {
            candidates.Add(fromBuild);
        }

        // Fallback for a build whose generated path property was empty: the usual NuGet packages folders.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(packages))
        {
            candidates.AddRange(VersionsIn(Path.Combine(packages, PackageId)));
        }

        candidates.AddRange(VersionsIn(Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", PackageId)));

        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                "The Bicep CLI was not found; restore tests/Workflow.Infra.Tests (it comes from the package "
                + $"{PackageId}). Looked at: {string.Join(", ", candidates)}");
        return EnsureExecutable(found);
    }

    private static IEnumerable<string> VersionsIn(string packageFolder) =>
        Directory.Exists(packageFolder)
            ? Directory.GetDirectories(packageFolder).OrderDescending().Select(d => Path.Combine(d, "tools", "bicep"))
            : [];

    // NuGet does not always keep the execute bit when it extracts a package.
    private static string EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) != 0)
        {
            return path;
        }

        try
        {
            File.SetUnixFileMode(path, mode | execute);
            return path;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // A read-only packages folder: run a private copy instead.
            var copy = Path.Combine(Path.GetTempPath(), $"bicep-{Environment.ProcessId}", "bicep");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(path, copy, overwrite: true);
            File.SetUnixFileMode(copy, File.GetUnixFileMode(copy) | execute);
            return copy;
        }
    }
}
