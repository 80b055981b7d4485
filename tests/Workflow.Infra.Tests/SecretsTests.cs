using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workflow.Infra.Tests;

/// <summary>Deployment outputs and parameters are visible to anyone who can read the deployment history.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class SecretsTests(CompiledTemplate compiled)
{
    [Fact]
    public void No_output_exposes_a_secret()
    {
        foreach (var (module, template) in compiled.AllTemplates)
        {
            if (!template.TryGetProperty("outputs", out var outputs))
            {
                continue;
            }

            foreach (var output in outputs.EnumerateObject())
            {
                var where = $"{module} output {output.Name}";
                Assert.DoesNotMatch(SecretName(), output.Name);
                var type = output.Value.GetProperty("type").GetString()!;
                Assert.False(type.StartsWith("secure", StringComparison.OrdinalIgnoreCase), where);
                var value = output.Value.GetProperty("value").ToString();
                Assert.False(ListFunction().IsMatch(value), $"{where} calls a list function: {value}");
                Assert.False(SecretValue().IsMatch(value), $"{where} carries a secret: {value}");
            }
        }
    }

    [Fact]
    public void No_parameter_takes_or_defaults_a_secret()
    {
        foreach (var (module, template) in compiled.AllTemplates)
        {
            foreach (var parameter in template.GetProperty("parameters").EnumerateObject())
            {
                var where = $"{module} parameter {parameter.Name}";
                var type = parameter.Value.GetProperty("type").GetString()!;
                var secure = type.StartsWith("secure", StringComparison.OrdinalIgnoreCase);
                Assert.False(SecretName().IsMatch(parameter.Name) && !secure, $"{where} looks like a secret but is not secure");
                if (secure && parameter.Value.TryGetProperty("defaultValue", out var defaultValue))
                {
                    Assert.True(defaultValue.ValueKind == JsonValueKind.String && defaultValue.GetString() == string.Empty,
                        $"{where} has a default secret");
                }
            }
        }
    }

    [Fact]
    public void The_parameters_file_holds_no_secret_value()
    {
        var text = File.ReadAllText(Path.Combine(InfraPaths.Infra, "main.parameters.json"));
        using var parameters = JsonDocument.Parse(text);
        foreach (var parameter in parameters.RootElement.GetProperty("parameters").EnumerateObject())
        {
            Assert.DoesNotMatch(SecretName(), parameter.Name);
            Assert.False(parameter.Value.TryGetProperty("reference", out _), $"{parameter.Name} reads a Key Vault secret");
        }
    }

    [GeneratedRegex("secret|password|passwd|pwd|connectionstring|accountkey|sas(token|url)|apikey|instrumentationkey", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\blist\w*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();

    [GeneratedRegex(@"ConnectionString|AccountKey|SharedAccessSignature|InstrumentationKey|\.keys\b|secret", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();
}
