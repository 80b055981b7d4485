using Microsoft.AspNetCore.Http;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Http;

/// <summary>
/// The id a client gives one human action (the Idempotency-Key header; the pages send one per form), recorded with
/// the action so that a repeat is recognized as the same action rather than a second one.
/// </summary>
public static class CommandIds
{
    public static (string? CommandId, JsonBodyResult? Invalid) From(HttpRequest request)
    {
        var values = request.Headers[IdempotentRequests.Header];
        if (values.Count == 0)
        {
            return (null, null);
        }

        var key = values.Count == 1 ? values[0] : null;
        return IsWellFormed(key)
            ? (key, null)
            : (null, ApiResults.Validation([new FieldError(IdempotentRequests.Header, "Idempotency-Key は8〜200文字の半角英数記号1つで指定してください。")]));
    }

    public static bool IsWellFormed(string? key) => key is { Length: >= 8 and <= 200 } && key.All(c => c is >= '!' and <= '~');
}
