using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflow.IntegrationTests.HostileInput;

internal enum JsonKind { String, Integer, Boolean, Enum, Date, Array, Object }

/// <summary>A value inside a request body: where it is, and what JSON type the API's record expects there.</summary>
internal sealed record JsonField(IReadOnlyList<object> Segments, JsonKind Kind, Type ClrType, bool ValueType)
{
    /// <summary>"schedule.trainingSessions[0].startsAt", as the API names fields in its errors.</summary>
    public string Path => string.Concat(Segments.Select((s, i) => s is int n ? $"[{n}]" : (i == 0 ? string.Empty : ".") + s));

    /// <summary>The path with indexes blanked ("experiences[].summary"), for rules that hold for every element.</summary>
    public string Pattern => string.Concat(Segments.Select((s, i) => s is int ? "[]" : (i == 0 ? string.Empty : ".") + s));

    public int Depth => Segments.Count(s => s is string);
}

/// <summary>
/// Builds request bodies that differ from a valid one in exactly one place. Values are spliced in as raw JSON text,
/// so that bodies the API's serializer could never produce (1e400, lone surrogates, duplicate keys) can be sent.
/// </summary>
internal static class JsonMutations
{
    private const string Placeholder = "__hostile_raw_value__";

    /// <summary>The API's own JSON dialect (camelCase, enums as camelCase strings), Japanese left readable.</summary>
    public static JsonSerializerOptions ApiOptions => Workflow.Functions.Http.Json.Options;

    private static readonly JsonSerializerOptions Escaping = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, ApiOptions)!.AsObject();

    public static string Text(JsonNode node) => node.ToJsonString(Escaping);

    /// <summary>A JSON string literal; control characters come out escaped, as any client would send them.</summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value, Escaping);

    /// <summary>Every field of <paramref name="body"/> down to <paramref name="maxDepth"/> names, typed from <paramref name="type"/>.</summary>
    public static List<JsonField> Fields(JsonObject body, Type type, int maxDepth = 3)
    {
        var fields = new List<JsonField>();
        Walk(body, type, [], maxDepth, fields);
        return fields;
    }

    /// <summary>The body with the value at <paramref name="segments"/> replaced by raw JSON text.</summary>
    public static string Replace(JsonObject body, IReadOnlyList<object> segments, string rawValue)
    {
        var copy = body.DeepClone().AsObject();
        SetAt(copy, segments, JsonValue.Create(Placeholder));
        return Text(copy).Replace(Quote(Placeholder), rawValue, StringComparison.Ordinal);
    }

    /// <summary>The body with several values replaced by raw JSON text at once.</summary>
    public static string Replace(JsonObject body, params (IReadOnlyList<object> Segments, string Raw)[] changes)
    {
        var copy = body.DeepClone().AsObject();
        for (var i = 0; i < changes.Length; i++)
        {
            SetAt(copy, changes[i].Segments, JsonValue.Create(Placeholder + i));
        }

        var text = Text(copy);
        for (var i = 0; i < changes.Length; i++)
        {
            text = text.Replace(Quote(Placeholder + i), changes[i].Raw, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The body with the property at <paramref name="segments"/> removed.</summary>
    public static string Remove(JsonObject body, IReadOnlyList<object> segments)
    {
        var copy = body.DeepClone().AsObject();
        var parent = Navigate(copy, segments.Take(segments.Count - 1));
        parent!.AsObject().Remove((string)segments[^1]);
        return Text(copy);
    }

    /// <summary>The body with the property at <paramref name="segments"/> renamed (the value kept).</summary>
    public static string Rename(JsonObject body, IReadOnlyList<object> segments, string newName)
    {
        var copy = body.DeepClone().AsObject();
        var parent = Navigate(copy, segments.Take(segments.Count - 1))!.AsObject();
        var name = (string)segments[^1];
        var value = parent[name]?.DeepClone();
        var index = parent.IndexOf(name);
        parent.RemoveAt(index);
        parent.Insert(index, newName, value);
        return Text(copy);
    }

    /// <summary>
    /// The body with the property at <paramref name="segments"/> written twice: first its own value, then
    /// <paramref name="duplicateKey"/> with <paramref name="duplicateRaw"/> (by default the same key and value).
    /// </summary>
    public static string Duplicate(JsonObject body, IReadOnlyList<object> segments, string? duplicateKey = null, string? duplicateRaw = null)
    {
        var original = Navigate(body, segments);
        var raw = original is null ? "null" : Text(original);
        var key = duplicateKey ?? (string)segments[^1];
        return Replace(body, segments, $"{raw},{Quote(key)}:{duplicateRaw ?? raw}");
    }

    /// <summary>JSON values of the wrong type for a field of <paramref name="field"/>'s kind; none of them converts.</summary>
    public static IEnumerable<(string Name, string Raw)> WrongTypes(JsonField field, JsonNode? current) => field.Kind switch
    {
        JsonKind.String => [("number", "12345"), ("bool", "true"), ("empty array", "[]"), ("object", "{\"a\":\"b\"}"), ("string array", "[\"x\"]")],
        JsonKind.Integer =>
        [
            ("letters", "\"abc\""), ("full-width digits", Quote("２０２５")), ("fraction", "1.5"), ("1e400", "1e400"),
            ("20 digits", "99999999999999999999"), ("bool", "true"), ("array", "[1]"), ("object", "{}"), ("empty string", "\"\""),
        ],
        JsonKind.Boolean => [("string true", "\"true\""), ("one", "1"), ("zero", "0"), ("yes", "\"yes\""), ("array", "[true]"), ("object", "{}")],
        JsonKind.Enum =>
        [
            ("integer 0", "0"), ("integer 1", "1"), ("full-width name", Quote(FullWidth(current?.GetValue<string>() ?? "x"))),
            ("unknown name", "\"noSuchValue\""), ("empty string", "\"\""), ("array", "[]"), ("object", "{}"), ("bool", "false"),
        ],
        JsonKind.Date =>
        [
            ("number", "12345"), ("word", "\"yesterday\""), ("30 February", "\"2030-02-30T00:00:00Z\""),
            ("full-width digits", Quote(FullWidth("2030-01-01T00:00:00Z"))), ("empty string", "\"\""), ("bool", "true"), ("array", "[]"),
        ],
        JsonKind.Array => [("string", "\"x\""), ("number", "1"), ("object", "{}"), ("bool", "true")],
        JsonKind.Object => [("string", "\"x\""), ("number", "1"), ("array", "[]"), ("bool", "true")],
        _ => [],
    };

    /// <summary>Full-width forms of ASCII letters and digits (ａ, ２), as Japanese IMEs type them.</summary>
    public static string FullWidth(string text) =>
        new(text.Select(c => c is >= '!' and <= '~' ? (char)(c - '!' + '！') : c == ' ' ? '\u3000' : c).ToArray());

    public static JsonNode? Navigate(JsonNode? node, IEnumerable<object> segments)
    {
        foreach (var segment in segments)
        {
            node = segment switch
            {
                string name => node?.AsObject()[name],
                int index => node?.AsArray()[index],
                _ => null,
            };
        }

        return node;
    }

    private static void SetAt(JsonObject root, IReadOnlyList<object> segments, JsonNode? value)
    {
        var parent = Navigate(root, segments.Take(segments.Count - 1));
        switch (segments[^1])
        {
            case string name:
                parent!.AsObject()[name] = value;
                break;
            case int index:
                parent!.AsArray()[index] = value;
                break;
        }
    }

    private static void Walk(JsonNode node, Type type, List<object> at, int maxDepth, List<JsonField> fields)
    {
        if (node is not JsonObject obj)
        {
            return;
        }

        foreach (var (name, value) in obj.ToList())
        {
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                continue;
            }

            var path = new List<object>(at) { name };
            AddField(value, property.PropertyType, path, maxDepth, fields);
        }
    }

    private static void AddField(JsonNode? value, Type declared, List<object> path, int maxDepth, List<JsonField> fields)
    {
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        var kind = KindOf(type);
        var field = new JsonField(path, kind, type, declared.IsValueType && Nullable.GetUnderlyingType(declared) is null);
        fields.Add(field);
        if (field.Depth >= maxDepth)
        {
            return;
        }

        switch (kind)
        {
            case JsonKind.Object when value is JsonObject:
                Walk(value, type, path, maxDepth, fields);
                break;
            case JsonKind.Array when value is JsonArray { Count: > 0 } array:
                AddField(array[0], ElementType(type), [.. path, 0], maxDepth, fields);
                break;
        }
    }

    private static JsonKind KindOf(Type type) =>
        type == typeof(string) ? JsonKind.String
        : type == typeof(bool) ? JsonKind.Boolean
        : type.IsEnum ? JsonKind.Enum
        : type == typeof(DateTimeOffset) || type == typeof(DateTime) ? JsonKind.Date
        : type == typeof(int) || type == typeof(long) || type == typeof(short) ? JsonKind.Integer
        : typeof(IEnumerable).IsAssignableFrom(type) ? JsonKind.Array
        : JsonKind.Object;

    private static Type ElementType(Type type) =>
        type.IsArray ? type.GetElementType()!
        : type.GetInterfaces().Append(type).First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];
}

/// <summary>Strings that have broken parsers, validators, storage and logs before.</summary>
internal static class HostileStrings
{
    /// <summary>(name, raw JSON string literal).</summary>
    public static IReadOnlyList<(string Name, string Raw)> Json { get; } =
    [
        ("NUL", JsonMutations.Quote("a\u0000b")),
        ("control characters", JsonMutations.Quote("\u0001\u0002\u0007\u001b[31mred\u001b[0m\u007f")),
        ("CR LF and tab", JsonMutations.Quote("line1\r\nline2\tX-Injected: 1")),
        ("bidi override", JsonMutations.Quote("\u202Efdp.exe\u202C")),
        ("bidi isolates", JsonMutations.Quote("\u2066\u2067\u2068abc\u2069\u200F")),
        ("zero-width", JsonMutations.Quote("\u200B\u200C\u200D\u2060\uFEFF")),
        ("full-width", JsonMutations.Quote("ＡＢＣ１２３＠ｅｘａｍｐｌｅ")),
        ("half-width katakana", JsonMutations.Quote("ﾃｽﾄ ｶﾀｶﾅ")),
        ("combining marks", JsonMutations.Quote("e" + new string('\u0301', 5000))),
        ("lone surrogate", "\"x\\ud800y\\udfffz\""),
        ("NFKC expansion", JsonMutations.Quote(new string('\uFDFA', 5000))),
        ("script", JsonMutations.Quote("<script>alert(1)</script><img src=x onerror=alert(1)>")),
        ("quotes and SQL", JsonMutations.Quote("' or ''='\"; DROP TABLE x;--")),
        ("templates", JsonMutations.Quote("${jndi:ldap://x/a}{{7*7}}%s%n")),
        ("path traversal", JsonMutations.Quote("../../../../etc/passwd")),
        ("100 KB", JsonMutations.Quote(new string('a', 100 * 1024))),
        ("emoji ZWJ", JsonMutations.Quote("\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466\U0001F3F3\uFE0F\u200D\U0001F308\U0001F600")),
        ("squared katakana", JsonMutations.Quote("\u3300\u337F\u32FF")),
    ];

    /// <summary>Route values in wire form (already percent-encoded); none is a dot segment the server would resolve.</summary>
    public static IReadOnlyList<(string Name, string Wire)> RouteValues(string real) =>
    [
        ("traversal", "..%2F..%2F..%2Fetc%2Fpasswd"),
        ("encoded traversal", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd"),
        ("backslash traversal", "..%5C..%5Cwindows%5Cwin.ini"),
        ("NUL", "%00"),
        ("real id + NUL", Uri.EscapeDataString(real) + "%00"),
        ("CR LF", "%0D%0ASet-Cookie:%20x=y"),
        ("real id + space", Uri.EscapeDataString(real) + "%20"),
        ("upper case", Uri.EscapeDataString(real.ToUpperInvariant()) is var upper && upper != Uri.EscapeDataString(real) ? upper : Uri.EscapeDataString(real) + "X"),
        ("full-width", Uri.EscapeDataString(JsonMutations.FullWidth(real))),
        ("Japanese", Uri.EscapeDataString("日本語の識別子")),
        ("bidi override", Uri.EscapeDataString(real[..Math.Min(3, real.Length)] + "\u202E" + real[Math.Min(3, real.Length)..])),
        ("homoglyph", Uri.EscapeDataString(real.Replace('R', 'Р').Replace('C', 'С').Replace('a', 'а').Replace('e', 'е'))),
        ("emoji", Uri.EscapeDataString("🙂\U0001F600")),
        ("invalid UTF-8", "%FF%FE%FD"),
        ("overlong UTF-8", "%C0%AE%C0%AE%C0%AF"),
        ("2000 characters", new string('A', 2000)),
        ("10000 characters", new string('9', 10_000)),
        ("OData injection", "'%20or%20PartitionKey%20ne%20'"),
        ("asterisk", "%2A"),
        ("percent", "%25"),
        ("real id + encoded slash", Uri.EscapeDataString(real) + "%2F..%2F"),
    ];
}

/// <summary>Multipart bodies written by hand, so that broken ones can be sent too.</summary>
internal static class Multipart
{
    public const string Boundary = "hostile-boundary-1b2c3d";

    public static string ContentType(string boundary = Boundary) => $"multipart/form-data; boundary={boundary}";

    public sealed record Part(string Headers, byte[] Content);

    public static Part Field(string name, string value, string contentType = "application/json; charset=utf-8") =>
        new($"Content-Disposition: form-data; name=\"{name}\"\r\nContent-Type: {contentType}", Encoding.UTF8.GetBytes(value));

    public static Part File(string name, string fileName, string? contentType, byte[] content) =>
        new($"Content-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"" + (contentType is null ? string.Empty : $"\r\nContent-Type: {contentType}"), content);

    public static byte[] Build(IEnumerable<Part> parts, string boundary = Boundary, bool close = true)
    {
        using var stream = new MemoryStream();
        void Write(string s) => stream.Write(Encoding.UTF8.GetBytes(s));
        foreach (var part in parts)
        {
            Write($"--{boundary}\r\n{part.Headers}\r\n\r\n");
            stream.Write(part.Content);
            Write("\r\n");
        }

        if (close)
        {
            Write($"--{boundary}--\r\n");
        }

        return stream.ToArray();
    }
}
