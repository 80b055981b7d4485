using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workflow.Infra.Tests;

/// <summary>infra/main.bicep compiled once to ARM JSON (in a temp folder) for every assertion on what it deploys.</summary>
public sealed partial class CompiledTemplate : IDisposable
{
    private readonly string _outputDirectory =
        Path.Combine(Path.GetTempPath(), $"workflow-infra-{Guid.NewGuid():N}");

    public CompiledTemplate()
    {
        Directory.CreateDirectory(_outputDirectory);
        var outFile = Path.Combine(_outputDirectory, "main.json");
        BuildResult = Bicep.Run("build", Path.Combine(InfraPaths.Infra, "main.bicep"), "--outfile", outFile);
        if (BuildResult.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed:\n{BuildResult.Output}");
        }

        Main = JsonDocument.Parse(File.ReadAllText(outFile)).RootElement.Clone();
    }

    public Bicep.Result BuildResult { get; }

    public JsonElement Main { get; }

    /// <summary>The nested deployment main.bicep makes for a module, by its deployment name.</summary>
    public Module ModuleNamed(string name)
    {
        var deployment = Resources(Main).Single(r =>
            r.GetProperty("type").GetString() == "Microsoft.Resources/deployments"
            && r.GetProperty("name").GetString() == name);
        return new Module(name, deployment);
    }

    public IEnumerable<Module> Modules =>
        Resources(Main)
            .Where(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
            .Select(r => new Module(r.GetProperty("name").GetString()!, r));

    /// <summary>Main and every nested template, with the module name ("main" for the root).</summary>
    public IEnumerable<(string Name, JsonElement Template)> AllTemplates =>
        new[] { ("main", Main) }.Concat(Modules.Select(m => (m.Name, m.Template)));

    /// <summary>The one resource of a type across all templates (child resources included, existing ones are not emitted).</summary>
    public (Module Module, JsonElement Resource) SingleResource(string type) =>
        Modules.SelectMany(m => m.ResourcesOfType(type).Select(r => (m, r))).Single();

    /// <summary>
    /// The Function App's app settings, as the functions module writes them (expressions unevaluated): from a
    /// sites/config 'appsettings' resource and from siteConfig.appSettings.
    /// </summary>
    public Dictionary<string, string> FunctionAppSettings()
    {
        var functions = ModuleNamed("functions");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var config in functions.ResourcesOfType("Microsoft.Web/sites/config")
                     .Where(c => c.GetProperty("name").GetString()!.Contains("'appsettings'", StringComparison.Ordinal)
                                 || c.GetProperty("name").GetString()!.EndsWith("/appsettings", StringComparison.Ordinal)))
        {
            foreach (var setting in config.GetProperty("properties").EnumerateObject())
            {
                settings.Add(setting.Name, setting.Value.GetString()!);
            }
        }

        var site = Assert.Single(functions.ResourcesOfType("Microsoft.Web/sites"));
        if (site.GetProperty("properties").TryGetProperty("siteConfig", out var siteConfig)
            && siteConfig.TryGetProperty("appSettings", out var list))
        {
            foreach (var setting in list.EnumerateArray())
            {
                settings.Add(setting.GetProperty("name").GetString()!, setting.GetProperty("value").GetString()!);
            }
        }

        Assert.NotEmpty(settings);
        return settings;
    }

    /// <summary>The properties of the Function App's platform sign-in (sites/config 'authsettingsV2').</summary>
    public JsonElement FunctionAuthSettings()
    {
        var config = Assert.Single(ModuleNamed("functions").ResourcesOfType("Microsoft.Web/sites/config"),
            c => c.GetProperty("name").GetString()!.Contains("authsettingsV2", StringComparison.Ordinal));
        return config.GetProperty("properties");
    }

    public static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray()
            : resources.EnumerateObject().Select(p => p.Value);
    }

    /// <summary>
    /// A value main.bicep passes to a module parameter, when it is another module's output:
    /// "[reference(...'Microsoft.Resources/deployments', 'storage'), ...).outputs.name.value]".
    /// </summary>
    public static (string Module, string Output)? AsModuleOutput(string? expression)
    {
        if (expression is null)
        {
            return null;
        }

        var match = ModuleOutputPattern().Match(expression);
        return match.Success ? (match.Groups["module"].Value, match.Groups["output"].Value) : null;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [GeneratedRegex(@"^\[reference\(.*'Microsoft\.Resources/deployments', '(?<module>[^']+)'\), '[^']+'\)\.outputs\.(?<output>\w+)\.value\]$")]
    private static partial Regex ModuleOutputPattern();

    public sealed record Module(string Name, JsonElement Deployment)
    {
        public JsonElement Template => Deployment.GetProperty("properties").GetProperty("template");

        public IEnumerable<JsonElement> ResourcesOfType(string type) =>
            Resources(Template).Where(r => r.GetProperty("type").GetString() == type);

        /// <summary>The value main.bicep passes to a parameter of this module, as written in the JSON.</summary>
        public string? ParameterValue(string parameter) =>
            Deployment.GetProperty("properties").GetProperty("parameters").TryGetProperty(parameter, out var p)
            && p.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;

        public string? OutputValue(string output) =>
            Template.GetProperty("outputs").TryGetProperty(output, out var o) ? o.GetProperty("value").GetString() : null;

        public JsonElement Variable(string name) => Template.GetProperty("variables").GetProperty(name);
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateCollection : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "Compiled main.bicep";
}
