using Microsoft.AspNetCore.Http;

namespace Workflow.Functions.Pages;

/// <summary>Reading a posted form without trusting it: anything that is not a readable form is simply no form.</summary>
public static class PageForms
{
    public static async Task<IFormCollection?> TryReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or InvalidOperationException)
        {
            return null;
        }
    }
}
