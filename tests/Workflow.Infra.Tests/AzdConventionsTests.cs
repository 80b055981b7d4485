using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workflow.Infra.Tests;

/// <summary>What `azd up` relies on: azure.yaml, the parameters file, resource names, tags and the hooks.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class AzdConventionsTests(CompiledTemplate compiled)
{
    private static string AzureYaml => File.ReadAllText(Path.Combine(InfraPaths.RepositoryRoot, "azure.yaml"));

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_to_the_tagged_function_app()
    {
        var yaml = AzureYaml;
        var service = ServiceBlock().Match(yaml);
        Assert.True(service.Success, "azure.yaml declares no service");
        var name = service.Groups["name"].Value;
        var body = service.Groups["body"].Value;

        Assert.Matches(@"(?m)^\s+host:\s*function\s*$", body);
        Assert.Matches(@"(?m)^\s+language:\s*dotnet\s*$", body);
        var project = Regex.Match(body, @"(?m)^\s+project:\s*(?<path>\S+)\s*$").Groups["path"].Value;
        Assert.Equal("./functions/Workflow.Functions", project);
        Assert.True(File.Exists(Path.Combine(InfraPaths.RepositoryRoot, project, "Workflow.Functions.csproj")));

        Assert.Matches(@"(?m)^\s+path:\s*infra\s*$", yaml);
        Assert.Matches(@"(?m)^\s+module:\s*main\s*$", yaml);

        var (_, site) = compiled.SingleResource("Microsoft.Web/sites");
        Assert.Contains($"'azd-service-name', '{name}'", site.GetProperty("tags").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_parameters_file_feeds_every_required_parameter_from_the_azd_environment()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(InfraPaths.Infra, "main.parameters.json")));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetString());
        var declared = compiled.Main.GetProperty("parameters").EnumerateObject().ToList();

        Assert.All(given.Keys, name => Assert.Contains(declared, p => p.Name == name));
        Assert.All(declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _)),
            p => Assert.True(given.ContainsKey(p.Name), $"{p.Name} is required but not in main.parameters.json"));
        Assert.Equal("${AZURE_ENV_NAME}", given["environmentName"]);
        Assert.Equal("${AZURE_LOCATION}", given["location"]);
        Assert.Equal("${AUTH_CLIENT_ID}", given["authClientId"]);
    }

    [Fact]
    public void Names_come_from_the_abbreviations_and_a_resource_token()
    {
        var variables = compiled.Main.GetProperty("variables");
        Assert.Contains("uniqueString(subscription().id, parameters('environmentName')",
            variables.GetProperty("resourceToken").GetString(), StringComparison.Ordinal);

        using var abbreviations = JsonDocument.Parse(File.ReadAllText(Path.Combine(InfraPaths.Infra, "abbreviations.json")));
        var prefixes = abbreviations.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        var used = AbbreviationUse().Matches(compiled.Main.GetRawText()).Select(m => m.Groups["key"].Value).ToHashSet();
        Assert.Subset(prefixes, used);
        Assert.Equal(prefixes, used);
    }

    [Fact]
    public void Every_resource_with_a_location_is_tagged_with_the_environment()
    {
        var tags = compiled.Main.GetProperty("variables").GetProperty("tags");
        Assert.Equal("[parameters('environmentName')]", tags.GetProperty("azd-env-name").GetString());

        foreach (var (module, template) in compiled.AllTemplates)
        {
            foreach (var resource in CompiledTemplate.Resources(template).Where(r => r.TryGetProperty("location", out _)))
            {
                Assert.True(resource.TryGetProperty("tags", out _),
                    $"{module}: {resource.GetProperty("type").GetString()} has no tags");
            }
        }

        Assert.All(compiled.Modules.Where(m => m.Template.GetProperty("parameters").TryGetProperty("tags", out _)),
            m => Assert.Equal("[variables('tags')]", m.ParameterValue("tags")));
    }

    [Theory]
    [InlineData("preprovision")]
    [InlineData("postprovision")]
    public void Hooks_exist_and_parse(string hook)
    {
        var script = Path.Combine(InfraPaths.Infra, "hooks", $"{hook}.sh");
        Assert.True(File.Exists(script));
        Assert.Contains($"./infra/hooks/{hook}.sh", AzureYaml, StringComparison.Ordinal);

        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }

    [Fact]
    public void The_readme_tells_how_to_deploy_and_tear_down()
    {
        var readme = File.ReadAllText(Path.Combine(InfraPaths.Infra, "README.md"));
        Assert.Contains("azd up", readme, StringComparison.Ordinal);
        Assert.Contains("az deployment sub create", readme, StringComparison.Ordinal);
        Assert.Contains("azd down", readme, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?ms)^services:\s*\n(?:\s*#[^\n]*\n)*  (?<name>[\w-]+):\s*\n(?<body>(?:    [^\n]*\n)+)")]
    private static partial Regex ServiceBlock();

    [GeneratedRegex(@"variables\('abbrs'\)\.(?<key>\w+)")]
    private static partial Regex AbbreviationUse();
}
