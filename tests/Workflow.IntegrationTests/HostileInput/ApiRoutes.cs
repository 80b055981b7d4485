using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Configuration;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;

namespace Workflow.IntegrationTests.HostileInput;

/// <summary>One HTTP trigger of the Functions app: its function name, method, route template and who may call it.</summary>
internal sealed partial record ApiRoute(string Function, string Method, string Template, RouteAccess Access)
{
    public IReadOnlyList<string> Parameters { get; } = ParameterPattern().Matches(Template).Select(m => m.Groups[1].Value).ToList();

    public bool IsPublic => Access.Public;

    /// <summary>
    /// The path with each route parameter replaced by its wire form (already percent-encoded); a parameter this test
    /// does not know yet gets a placeholder, so that a new route is attacked rather than skipped.
    /// </summary>
    public string PathWith(IReadOnlyDictionary<string, string> values) =>
        "/" + ApiRoutes.Rooted(string.Empty) + ParameterPattern().Replace(Template, m => values.GetValueOrDefault(m.Groups[1].Value, "x"));

    /// <summary>Whether <paramref name="path"/> (no query) is matched by this template, as the router would match it.</summary>
    public bool Matches(string path)
    {
        var wanted = ApiRoutes.Rooted(Template).Split('/');
        var actual = path.TrimStart('/').Split('/');
        if (wanted.Length != actual.Length)
        {
            return false;
        }

        for (var i = 0; i < wanted.Length; i++)
        {
            var isParameter = wanted[i].StartsWith('{');
            if (isParameter ? actual[i].Length == 0 : !string.Equals(wanted[i], actual[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => $"{Function} ({Method} /{ApiRoutes.Rooted(Template)})";

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex ParameterPattern();
}

/// <summary>
/// Every HTTP trigger, read by reflection from the Functions assembly the local host serves, so that a new route is
/// attacked as soon as it exists.
/// </summary>
internal static class ApiRoutes
{
    public static string Prefix { get; } = HostJson.Load(Path.Combine(AppContext.BaseDirectory, HostJson.FileName)).RoutePrefix.Trim('/');

    /// <summary>A template under host.json's route prefix, which may be empty (the pages live at the root).</summary>
    public static string Rooted(string template) => Prefix.Length == 0 ? template : Prefix + "/" + template;

    public static IReadOnlyList<ApiRoute> All { get; } = Read();

    /// <summary>The methods the router serves at a concrete path: a wrong method must be one none of them takes.</summary>
    public static IReadOnlySet<string> MethodsServedAt(string path) =>
        All.Where(r => r.Matches(path)).Select(r => r.Method).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static List<ApiRoute> Read()
    {
        var assembly = typeof(RecruitingRoundOrchestration).Assembly;
        var routes = new List<ApiRoute>();
        foreach (var method in assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)))
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
            if (function is null || trigger is null)
            {
                continue;
            }

            // A function missing from the access table either never asks the gate (so anyone reaches it) or is refused by
            // it with an exception: attacked as public, the first answers 4xx and the second shows up as a 500.
            var access = AccessTable.Routes.TryGetValue(function.Name, out var known) ? known : RouteAccess.Anyone;
            foreach (var verb in trigger.Methods is { Length: > 0 } methods ? methods : ["get", "post", "put", "delete", "patch"])
            {
                routes.Add(new ApiRoute(function.Name, verb.ToUpperInvariant(), trigger.Route ?? function.Name, access));
            }
        }

        return routes.OrderBy(r => r.Function, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ToList();
    }
}
