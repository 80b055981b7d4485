using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workflow.Infra.Tests;

/// <summary>Nothing can be deployed from these machines, so every template must at least compile and lint clean.</summary>
public sealed partial class BicepCompilationTests
{
    public static TheoryData<string> BicepFiles() => new(InfraPaths.BicepFiles.Select(InfraPaths.Relative));

    [Fact]
    public void The_deployment_has_a_main_template_and_its_modules()
    {
        var files = InfraPaths.BicepFiles.Select(InfraPaths.Relative).ToList();
        Assert.Contains(Path.Combine("infra", "main.bicep"), files);
        foreach (var module in new[] { "functions", "storage", "monitoring", "rbac", "identity", "keyvault", "network" })
        {
            Assert.Contains(Path.Combine("infra", "app", $"{module}.bicep"), files);
        }
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Builds_without_warnings(string file)
    {
        var outFile = Path.Combine(Path.GetTempPath(), $"workflow-infra-{Guid.NewGuid():N}.json");
        try
        {
            var result = Bicep.Run("build", file, "--outfile", outFile);

            Assert.True(result.ExitCode == 0, $"bicep build {file} exited {result.ExitCode}:\n{result.Output}");
            Assert.True(result.Diagnostics.Count == 0, $"bicep build {file} reported:\n{result.Output}");
            Assert.True(File.Exists(outFile));
        }
        finally
        {
            File.Delete(outFile);
        }
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Lints_without_warnings(string file)
    {
        var result = Bicep.Run("lint", file);

        Assert.True(result.ExitCode == 0, $"bicep lint {file} exited {result.ExitCode}:\n{result.Output}");
        Assert.True(result.Diagnostics.Count == 0, $"bicep lint {file} reported:\n{result.Output}");
    }

    /// <summary>Without infra/bicepconfig.json, lint findings are warnings and `bicep lint` exits 0 on them.</summary>
    [Fact]
    public void The_lint_configuration_turns_findings_into_errors()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"workflow-infra-lint-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(InfraPaths.Infra, "bicepconfig.json"), Path.Combine(folder, "bicepconfig.json"));
            var file = Path.Combine(folder, "bad.bicep");
            File.WriteAllText(file, """
                param unused string
                resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
                  name: 'stexample'
                }
                output leaked string = account.listKeys().keys[0].value
                """);

            var result = Bicep.Run("lint", file);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains(result.Diagnostics, d => d.Contains("Error no-unused-params", StringComparison.Ordinal));
            Assert.Contains(result.Diagnostics, d => d.Contains("Error outputs-should-not-contain-secrets", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A security review asks for current API versions; the linter holds every template to them.</summary>
    [Fact]
    public void Recent_api_versions_are_required_as_an_error()
    {
        var rules = LintConfiguration()["analyzers"]!["core"]!["rules"]!;
        Assert.Equal("error", rules["use-recent-api-versions"]?["level"]?.GetValue<string>());
    }

    /// <summary>
    /// The rule judges an API version by its age on the day the linter runs, unless it is the newest stable one the
    /// Bicep CLI knows. Linting as if it were years later shows that every template uses those newest versions, so CI
    /// cannot turn red by itself on some future morning; only raising the pinned CLI asks for newer versions.
    /// </summary>
    [Fact]
    public void Api_versions_stay_acceptable_as_the_date_moves_on()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"workflow-infra-future-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in InfraPaths.BicepFiles.Append(Path.Combine(InfraPaths.Infra, "abbreviations.json")))
            {
                var target = Path.Combine(folder, Path.GetRelativePath(InfraPaths.Infra, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var configuration = LintConfiguration();
            configuration["analyzers"]!["core"]!["rules"]!["use-recent-api-versions"]!["test-today"] = "2031-01-01";
            File.WriteAllText(Path.Combine(folder, "bicepconfig.json"), configuration.ToJsonString());

            foreach (var file in InfraPaths.BicepFiles)
            {
                var copy = Path.Combine(folder, Path.GetRelativePath(InfraPaths.Infra, file));
                var result = Bicep.Run("lint", copy);
                Assert.True(result.ExitCode == 0 && result.Diagnostics.Count == 0,
                    $"{InfraPaths.Relative(file)} would fail the linter in 2031 with the pinned Bicep CLI:\n{result.Output}");
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// The rule is switched off for one line only where its advice is wrong: diagnostic settings, whose newest API is a
    /// preview and whose only stable API describes another resource shape.
    /// </summary>
    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Only_diagnostic_settings_may_overrule_the_api_version_rule(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(InfraPaths.RepositoryRoot, file));
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].Contains("disable-next-line", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.Equal("#disable-next-line use-recent-api-versions", lines[i].Trim());
            Assert.Contains("'Microsoft.Insights/diagnosticSettings@", lines[i + 1], StringComparison.Ordinal);
        }

        Assert.DoesNotContain(lines, l => l.Contains("disable-diagnostics", StringComparison.Ordinal));
    }

    private static JsonNode LintConfiguration() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(InfraPaths.Infra, "bicepconfig.json")), documentOptions: new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        })!;

    /// <summary>The public module registry cannot be reached from the build machines: every module is a local file.</summary>
    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Modules_are_local_files(string file)
    {
        var text = File.ReadAllText(Path.Combine(InfraPaths.RepositoryRoot, file));
        foreach (Match module in ModuleReference().Matches(text))
        {
            var target = module.Groups["path"].Value;
            Assert.False(target.StartsWith("br:", StringComparison.Ordinal) || target.StartsWith("br/", StringComparison.Ordinal)
                || target.StartsWith("ts:", StringComparison.Ordinal) || target.StartsWith("ts/", StringComparison.Ordinal),
                $"{file} uses the remote module {target}");
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Path.Combine(InfraPaths.RepositoryRoot, file))!, target)),
                $"{file} references the missing module {target}");
        }
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(?<path>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();
}
