using Microsoft.AspNetCore.Http;
using Workflow.Functions.Http;

namespace Workflow.Functions.Pages;

/// <summary>Reading a posted form without trusting it: anything that is not a readable form is simply no form.</summary>
public static class PageForms
{
    /// <summary>
    /// The form, read within the route's body limit; null for anything else. <see cref="BodyLimits.WasExceeded"/>
    /// then tells a form that was too large from one that was broken.
    /// </summary>
    public static async Task<IFormCollection?> TryReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        BodyLimits.Ensure(request);
        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The page for a post past its route's limit (413). Its body was not read, so nothing typed can be shown again:
    /// the page says how much fits and leads back to the form.
    /// </summary>
    public static HtmlResult TooLarge(HttpRequest request, string back) => PageLayout.Page(BodyLimits.Title, Html.Of($"""
        <h1>{BodyLimits.Title}</h1>
        <p>{BodyLimits.Of(request).Detail}</p>
        <p><a href="{back}">入力画面に戻る</a></p>
        """), status: StatusCodes.Status413PayloadTooLarge);
}
