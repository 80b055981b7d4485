using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Workflow.Infra.Tests;

/// <summary>
/// The values ARM would compute for a few template expressions, given the deployment's parameters, its tenant and
/// its cloud: enough to assert on what an app setting will read ("https://login.microsoftonline.com/…/v2.0"),
/// rather than on how the expression happens to be spelled. It knows only the functions the sign-in settings use
/// and throws <see cref="NotSupportedException"/> on any other, so a template change shows up as a failing test,
/// never as a wrong value.
/// </summary>
public sealed class ArmExpression
{
    private readonly JsonElement _template;
    private readonly Func<string, object?> _parameter;
    private readonly Deployment _deployment;
    private readonly Dictionary<string, object?> _variables = new(StringComparer.OrdinalIgnoreCase);

    private ArmExpression(JsonElement template, Func<string, object?> parameter, Deployment deployment)
    {
        _template = template;
        _parameter = parameter;
        _deployment = deployment;
    }

    /// <summary>Where a deployment runs: its tenant and its cloud's sign-in endpoint (environment().authentication.loginEndpoint).</summary>
    public sealed record Deployment(string TenantId, string LoginEndpoint)
    {
        public static Deployment AzureCloud(string tenantId) => new(tenantId, "https://login.microsoftonline.com/");

        public static Deployment AzureUSGovernment(string tenantId) => new(tenantId, "https://login.microsoftonline.us/");

        public static Deployment AzureChinaCloud(string tenantId) => new(tenantId, "https://login.chinacloudapi.cn/");
    }

    /// <summary>The root template, deployed with these parameter values; the others take their default values.</summary>
    public static ArmExpression ForMain(JsonElement template, IReadOnlyDictionary<string, string> parameters, Deployment deployment)
    {
        ArmExpression? main = null;
        main = new ArmExpression(template, name =>
        {
            if (parameters.TryGetValue(name, out var given))
            {
                return given;
            }

            var declared = template.GetProperty("parameters").GetProperty(name);
            return declared.TryGetProperty("defaultValue", out var defaultValue)
                ? main!.EvaluateJson(defaultValue)
                : throw new InvalidOperationException($"main parameter {name} has no default and was not given");
        }, deployment);
        return main;
    }

    /// <summary>A module's template, with the parameter values main passes to it evaluated here.</summary>
    public ArmExpression ForModule(CompiledTemplate.Module module) =>
        new(module.Template, name =>
        {
            var passed = module.Deployment.GetProperty("properties").GetProperty("parameters");
            return passed.TryGetProperty(name, out var p)
                ? EvaluateJson(p.GetProperty("value"))
                : throw new InvalidOperationException($"main passes no value for {module.Name} parameter {name}");
        }, _deployment);

    /// <summary>A string as a template holds it: "[expression]" is evaluated, anything else is a literal.</summary>
    public string Evaluate(string value) =>
        EvaluateString(value) as string
        ?? throw new InvalidOperationException($"{value} does not evaluate to a string");

    private object? EvaluateJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => EvaluateString(value.GetString()!),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.GetInt64(),
        JsonValueKind.Null => null,
        // Objects and arrays stay as they are: only their members that are read get evaluated.
        _ => value,
    };

    private object? EvaluateString(string value)
    {
        if (value.StartsWith("[[", StringComparison.Ordinal))
        {
            return value[1..];
        }

        return value.StartsWith('[') && value.EndsWith(']')
            ? new Parser(value[1..^1], this).ParseWhole()
            : value;
    }

    private object? Variable(string name)
    {
        if (!_variables.TryGetValue(name, out var value))
        {
            value = EvaluateJson(_template.GetProperty("variables").GetProperty(name));
            _variables[name] = value;
        }

        return value;
    }

    private object? Call(string function, IReadOnlyList<object?> args) => function.ToLowerInvariant() switch
    {
        "parameters" => _parameter(AsString(args[0])),
        "variables" => Variable(AsString(args[0])),
        "format" => string.Format(CultureInfo.InvariantCulture, AsString(args[0]), args.Skip(1).ToArray()),
        "concat" => string.Concat(args.Select(AsString)),
        "if" => AsBool(args[0]) ? args[1] : args[2],
        "empty" => args[0] is null || (args[0] is string s && s.Length == 0),
        "not" => !AsBool(args[0]),
        "equals" => Equals(args[0], args[1]),
        "tolower" => AsString(args[0]).ToLowerInvariant(),
        "tenant" => new Dictionary<string, object?> { ["tenantId"] = _deployment.TenantId },
        "environment" => new Dictionary<string, object?>
        {
            ["authentication"] = new Dictionary<string, object?> { ["loginEndpoint"] = _deployment.LoginEndpoint },
        },
        _ => throw new NotSupportedException($"{function}() is not evaluated by the tests"),
    };

    private static object? Member(object? target, string name) => target switch
    {
        Dictionary<string, object?> d => d.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException(name),
        JsonElement { ValueKind: JsonValueKind.Object } e => e.GetProperty(name) is { ValueKind: JsonValueKind.String } member
            ? member.GetString()
            : e.GetProperty(name),
        _ => throw new NotSupportedException($"cannot read .{name} of {target}"),
    };

    private static string AsString(object? value) =>
        value as string ?? throw new InvalidOperationException($"expected a string, got {value ?? "null"}");

    private static bool AsBool(object? value) =>
        value as bool? ?? throw new InvalidOperationException($"expected a bool, got {value ?? "null"}");

    /// <summary>name(args) calls, 'strings' ('' escapes a quote), integers, true/false/null, .member and ['member'].</summary>
    private sealed class Parser(string text, ArmExpression scope)
    {
        private int _at;

        public object? ParseWhole()
        {
            var value = ParseExpression();
            SkipSpace();
            return _at == text.Length ? value : throw Error("unexpected text");
        }

        private object? ParseExpression()
        {
            var value = ParsePrimary();
            while (true)
            {
                SkipSpace();
                if (Peek('.'))
                {
                    _at++;
                    value = Member(value, ParseName());
                }
                else if (Peek('['))
                {
                    _at++;
                    var key = ParseExpression();
                    Expect(']');
                    value = Member(value, AsString(key));
                }
                else
                {
                    return value;
                }
            }
        }

        private object? ParsePrimary()
        {
            SkipSpace();
            if (Peek('\''))
            {
                return ParseString();
            }

            if (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] == '-'))
            {
                var start = _at++;
                while (_at < text.Length && char.IsAsciiDigit(text[_at]))
                {
                    _at++;
                }

                return long.Parse(text[start.._at], CultureInfo.InvariantCulture);
            }

            var name = ParseName();
            SkipSpace();
            if (!Peek('('))
            {
                return name switch
                {
                    "true" => true,
                    "false" => false,
                    "null" => null,
                    _ => throw Error($"{name} is not a call"),
                };
            }

            _at++;
            var args = new List<object?>();
            SkipSpace();
            if (Peek(')'))
            {
                _at++;
                return scope.Call(name, args);
            }

            while (true)
            {
                args.Add(ParseExpression());
                SkipSpace();
                if (Peek(','))
                {
                    _at++;
                    continue;
                }

                Expect(')');
                return scope.Call(name, args);
            }
        }

        private string ParseString()
        {
            var value = new StringBuilder();
            _at++;
            while (true)
            {
                if (_at >= text.Length)
                {
                    throw Error("unterminated string");
                }

                if (text[_at] == '\'')
                {
                    if (_at + 1 < text.Length && text[_at + 1] == '\'')
                    {
                        value.Append('\'');
                        _at += 2;
                        continue;
                    }

                    _at++;
                    return value.ToString();
                }

                value.Append(text[_at++]);
            }
        }

        private string ParseName()
        {
            SkipSpace();
            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_'))
            {
                _at++;
            }

            return _at > start ? text[start.._at] : throw Error("expected a name");
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (!Peek(c))
            {
                throw Error($"expected '{c}'");
            }

            _at++;
        }

        private bool Peek(char c) => _at < text.Length && text[_at] == c;

        private void SkipSpace()
        {
            while (_at < text.Length && text[_at] == ' ')
            {
                _at++;
            }
        }

        private FormatException Error(string what) => new($"{what} at {_at} in [{text}]");
    }
}
