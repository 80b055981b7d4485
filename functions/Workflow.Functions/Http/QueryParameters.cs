using Azure;
using Microsoft.AspNetCore.Http;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Http;

/// <summary>
/// Query parameters read strictly: a parameter given twice, a number that is not one, a name that is not a defined
/// value, or a continuation token we could not have issued is an error the caller hears about, never a silent default.
/// </summary>
public static class QueryParameters
{
    private const int MaxContinuationLength = 2048;

    public static int PageSize(HttpRequest request, int fallback, int max, List<FieldError> errors)
    {
        var values = request.Query["pageSize"];
        if (values.Count == 0)
        {
            return fallback;
        }

        if (values.Count == 1 && values[0] is { Length: > 0 and <= 6 } text && text.All(char.IsAsciiDigit) && int.Parse(text) is var size && size >= 1 && size <= max)
        {
            return size;
        }

        errors.Add(new FieldError("pageSize", $"1〜{max}の数を1つ指定してください。"));
        return fallback;
    }

    /// <summary>One of the enum's names (camelCase or not); numbers and comma lists, which Enum.TryParse takes, are refused.</summary>
    public static T? Enum<T>(HttpRequest request, string name, string message, List<FieldError> errors)
        where T : struct, System.Enum
    {
        var values = request.Query[name];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            return null;
        }

        var text = values.Count == 1 ? values[0]! : string.Empty;
        foreach (var value in System.Enum.GetValues<T>())
        {
            if (string.Equals(value.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        errors.Add(new FieldError(name, message));
        return null;
    }

    /// <summary>A single, empty-or-plausible continuation token: the characters table-storage tokens and ours are made of.</summary>
    public static string? Continuation(HttpRequest request, List<FieldError> errors, string name = "continuation")
    {
        var values = request.Query[name];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            return null;
        }

        if (values.Count == 1 && values[0] is { Length: <= MaxContinuationLength } token &&
            token.All(c => char.IsAsciiLetterOrDigit(c) || c is '!' or '+' or '/' or '=' or '-' or '_' or '.' or ' ' or '~' or '*'))
        {
            return token;
        }

        errors.Add(ContinuationError(name));
        return null;
    }

    public static FieldError ContinuationError(string name = "continuation") => new(name, "続きの指定が正しくありません。最初のページから読み直してください。");

    /// <summary>Storage refuses a token it did not issue with a 400; that is the caller's error, not ours.</summary>
    public static bool IsRefusedToken(RequestFailedException e) => e.Status == StatusCodes.Status400BadRequest;
}
